"""Benchmark of the API's hot path at 20,000 people on PostgreSQL.

Measures the median server time (in process, through the whole middleware
stack with Django's test client; only the request is timed) of

* ``/api/v1/people/?page_size=100`` and
* a ``q`` search (``/api/v1/people/?page_size=100&q=…``),

as an anonymous client (what partners see), with their query counts, and
compares each with a floor measured in the same run: the same rows fetched
by ONE hand-written SQL query through psycopg and serialised to JSON with
orjson. Target: within 3× of the floor.

Run with ``make bench`` (DATABASE_URL must name a PostgreSQL database whose
role may create databases: the data goes into a throw-away test database).
"""

import os
import random
import statistics
import sys
import time

N_PEOPLE = 20_000
RUNS = 40
SEARCH_TERM = "garcia"
NAMES_GIVEN = [
    "Adela", "Amina", "Ana", "Beatriz", "Carmen", "Chloé", "Dalia", "Elena", "Fatima", "Grace",
    "Hana", "Inés", "Joséphine", "Karin", "Leila", "María", "Mary", "Nadia", "Olga", "Paula",
    "Rosa", "Sofía", "Thandiwe", "Ursula", "Valeria", "Wanjiru", "Yasmin", "Zeynep",
]  # fmt: skip
NAMES_FAMILY = [
    "Abdi", "Bernárdez", "Castro", "Díaz", "Eriksson", "Fernández", "García", "Haddad",
    "Ibrahim", "Jensen", "Kaburu", "López", "Mensah", "Nakamura", "Okafor", "Pérez", "Quispe",
    "Rossi", "Said", "Tanaka", "Umar", "Vargas", "Wang", "Xu", "Yilmaz", "Zuluaga",
]  # fmt: skip
POSITIONS = [
    "Director of Human Rights",
    "Gender Adviser",
    "Head of the Peace and Security Unit",
    "Counsellor",
    "Programme Officer",
]

FLOOR_SQL = """
SELECT p.id, p.honorific, p.given_name, p.family_name, p.created_at, p.updated_at,
       COALESCE(
         (SELECT json_agg(json_build_object(
                    'id', a.id, 'role', a.role, 'position', a.position,
                    'start_on', a.start_on, 'end_on', a.end_on,
                    'member_id', a.member_id, 'member_name', m.name,
                    'organisation_id', a.organisation_id, 'organisation_name', o.name)
                  ORDER BY m.name, a.role, a.start_on DESC, a.id)
            FROM focalpoints_appointment a
            LEFT JOIN network_member m ON m.id = a.member_id
            LEFT JOIN network_organisation o ON o.id = a.organisation_id
           WHERE a.person_id = p.id),
         '[]') AS appointments
  FROM focalpoints_person p
 WHERE p.public_listing {search}
 ORDER BY p.family_name, p.given_name, p.id
 LIMIT 100
"""
FLOOR_SEARCH = "AND p.search_text LIKE %(like)s"


def _configure():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")
    # Production-like: no query log, no debug toolbar of any kind.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("PLAIN_STATIC_STORAGE", "1")
    import django

    django.setup()


def _generate():
    """20,000 people, deterministic: names, posts for 60 members, languages,
    expertise; 60 % consent to public listing."""
    from focalpoints.choices import Role
    from focalpoints.models import Appointment, Person
    from network.choices import MemberKind
    from network.models import Language, Member, Organisation, Region, Theme
    from network.search import normalise

    rng = random.Random(1325)  # UNSCR 1325
    region = Region.objects.get(code="039")
    from django_countries import countries

    codes = [code for code, _ in list(countries)[:60]]
    members = Member.objects.bulk_create(
        [
            Member(
                kind=MemberKind.STATE,
                name=countries.name(code),
                country=code,
                slug=code.lower(),
                region=region,
                search_text=normalise(countries.name(code), code),
            )
            for code in codes
        ]
    )
    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Ministry of Foreign Affairs of {m.name}", member=m) for m in members]
    )
    themes = Theme.objects.bulk_create(
        [Theme(name=f"Theme {i}", slug=f"theme-{i}") for i in range(12)]
    )
    languages = list(Language.objects.order_by("code")[:8])
    people, posts = [], []
    for index in range(N_PEOPLE):
        given, family = rng.choice(NAMES_GIVEN), rng.choice(NAMES_FAMILY)
        member = members[index % len(members)]
        position = rng.choice(POSITIONS)
        email = f"person{index}@example.org"
        people.append(
            Person(
                honorific=rng.choice(["Ms.", "Mr.", "Dr.", ""]),
                given_name=given,
                family_name=f"{family} {index}",
                email=email,
                phone=f"+1 555 {index:06d}",
                public_listing=rng.random() < 0.6,
                search_text=normalise(given, family, str(index), member.name, position),
            )
        )
    people = Person.objects.bulk_create(people, batch_size=2000)
    for index, person in enumerate(people):
        member = members[index % len(members)]
        posts.append(
            Appointment(
                person=person,
                member=member,
                role=Role.FOCAL_POINT if index % 3 else Role.ALTERNATE,
                organisation=organisations[index % len(organisations)],
                position=rng.choice(POSITIONS),
                work_email=f"work{index}@example.org",
                start_on=f"20{10 + index % 14:02d}-01-01",
            )
        )
        if index % 4 == 0:  # a former post: rotation keeps history
            posts.append(
                Appointment(
                    person=person,
                    member=members[(index + 7) % len(members)],
                    role=Role.DELEGATE,
                    start_on="2005-01-01",
                    end_on="2009-12-31",
                )
            )
    Appointment.objects.bulk_create(posts, batch_size=4000)
    Person.languages.through.objects.bulk_create(
        [
            Person.languages.through(person_id=p.pk, language_id=languages[i % 8].pk)
            for i, p in enumerate(people)
        ],
        batch_size=5000,
    )
    Person.expertise.through.objects.bulk_create(
        [
            Person.expertise.through(person_id=p.pk, theme_id=themes[i % 12].pk)
            for i, p in enumerate(people)
            if i % 2
        ],
        batch_size=5000,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return len(people), len(posts)


def _median_ms(samples):
    return statistics.median(samples) * 1000


def _api_request(client, url, cold_count=False):
    """One request through the whole stack; returns (seconds, response)."""
    from django.core.cache import cache

    if cold_count:
        cache.clear()
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.content[:300]
    return elapsed, response


def _api_queries(client, url, cold_count=False):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if cold_count:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


class Floor:
    """ONE hand-written query through psycopg, rows shaped like the API's
    public output and serialised with orjson."""

    def __init__(self, dsn, search=None):
        import psycopg

        self.conn = psycopg.connect(dsn)
        self.sql = FLOOR_SQL.format(search=FLOOR_SEARCH if search else "")
        self.params = {"like": f"%{search}%"} if search else {}

    def close(self):
        self.conn.close()

    def __call__(self):
        """Returns (seconds, rows, body)."""
        import orjson

        origin = "http://testserver/api/v1"
        start = time.perf_counter()
        rows = self.conn.execute(self.sql, self.params).fetchall()
        results = []
        for pk, honorific, given, family, created, updated, posts in rows:
            name = f"{given} {family}".strip()
            results.append(
                {
                    "id": pk,
                    "url": f"{origin}/people/{pk}/",
                    "display": name,
                    "honorific": honorific,
                    "given_name": given,
                    "family_name": family,
                    "name": name,
                    "appointments": [
                        {
                            "id": a["id"],
                            "url": f"{origin}/appointments/{a['id']}/",
                            "display": f"{name} — {a['role']}, {a['member_name']}",
                            "member": {
                                "id": a["member_id"],
                                "url": f"{origin}/members/{a['member_id']}/",
                                "display": a["member_name"],
                            }
                            if a["member_id"]
                            else None,
                            "organisation": {
                                "id": a["organisation_id"],
                                "url": f"{origin}/organisations/{a['organisation_id']}/",
                                "display": a["organisation_name"],
                            }
                            if a["organisation_id"]
                            else None,
                            "role": a["role"],
                            "position": a["position"],
                            "start_on": a["start_on"],
                            "end_on": a["end_on"],
                        }
                        for a in posts
                    ],
                    "created_at": created,
                    "updated_at": updated,
                }
            )
        body = orjson.dumps({"results": results})
        return time.perf_counter() - start, rows, body


def measure(client, url, floor, cold_count=False, runs=RUNS):
    """Median milliseconds of the API and of the floor, measured in turns so
    that the machine's load weighs on both alike."""
    _api_request(client, url)
    floor()
    api, base = [], []
    for _ in range(runs):
        api.append(_api_request(client, url, cold_count)[0])
        base.append(floor()[0])
    return _median_ms(api), _median_ms(base)


def main(argv=None):
    _configure()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        print("bench_api: needs PostgreSQL; set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    setup_test_environment()
    settings.API_THROTTLE_RATES = {
        "anonymous": "1000000/minute",
        "partner": "1000000/minute",
        "user": "1000000/minute",
    }
    old_name = connection.settings_dict["NAME"]
    # Its own throw-away database, not the test suite's test_<name>.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_{old_name}"
    # BENCH_KEEP=1 keeps the database (and reuses it) to look into a plan.
    keep = os.environ.get("BENCH_KEEP") == "1"
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep)
    try:
        from focalpoints.models import Person

        started = time.perf_counter()
        if keep and Person.objects.exists():
            people, posts = (
                Person.objects.count(),
                Person.appointments.rel.related_model.objects.count(),
            )
        else:
            people, posts = _generate()
        print(
            f"bench_api: {people:,} people, {posts:,} appointments generated in "
            f"{time.perf_counter() - started:.1f} s (database {test_name})"
        )
        params = connection.get_connection_params()
        dsn = " ".join(
            f"{key}={value}"
            for key, value in (
                ("dbname", params.get("dbname") or test_name),
                ("user", params.get("user")),
                ("password", params.get("password")),
                ("host", params.get("host")),
                ("port", params.get("port")),
            )
            if value
        )
        client = Client()
        list_url = "/api/v1/people/?page_size=100"
        search_url = f"/api/v1/people/?page_size=100&q={SEARCH_TERM}"
        rows = []
        for label, url, search in (
            ("people list, page of 100", list_url, None),
            (f"q={SEARCH_TERM}, page of 100", search_url, SEARCH_TERM),
        ):
            floor = Floor(dsn, search)
            try:
                _, response = _api_request(client, url)
                body = response.json()
                _, floor_rows, floor_body = floor()
                assert len(floor_rows) == len(body["results"]), (len(floor_rows), body["count"])
                api_ms, floor_ms = measure(client, url, floor)
                cold_ms, cold_floor_ms = measure(
                    client, url, floor, cold_count=True, runs=RUNS // 2
                )
            finally:
                floor.close()
            rows.append(
                (label, body["count"], api_ms, _api_queries(client, url), cold_ms,
                 _api_queries(client, url, cold_count=True), floor_ms, cold_floor_ms,
                 len(response.content), len(floor_body))
            )  # fmt: skip
        print()
        print(
            f"{'request (anonymous)':<28} {'matches':>8} {'median':>9} {'queries':>8} "
            f"{'cold count':>11} {'queries':>8} {'floor':>8} {'ratio':>6} {'cold ratio':>10}"
        )
        worst = 0.0
        for (label, count, api_ms, queries, cold_ms, cold_q, floor_ms, cold_floor_ms, size,
             floor_size) in rows:  # fmt: skip
            ratio, cold_ratio = api_ms / floor_ms, cold_ms / cold_floor_ms
            worst = max(worst, ratio)
            print(
                f"{label:<28} {count:>8,} {api_ms:>7.2f}ms {queries:>8} {cold_ms:>9.2f}ms "
                f"{cold_q:>8} {floor_ms:>6.2f}ms {ratio:>5.2f}× {cold_ratio:>9.2f}×"
            )
            print(f"{'':<28} body {size / 1024:.0f} KB (floor {floor_size / 1024:.0f} KB)")
        print()
        print(
            "median = warm count cache (the count of a filter is cached until a write); "
            "cold count = cache emptied before each request."
        )
        print(f"Target: within 3× of the floor — {'met' if worst <= 3 else 'NOT met'} "
              f"(worst warm ratio {worst:.2f}×).")  # fmt: skip
        return 0
    finally:
        if not keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
