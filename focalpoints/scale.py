"""Synthetic people at scale for benchmarks (manage.py seed_scale): N people
with working languages and expertise, and 1.5 N appointments — everyone's
current post, and for half of them the post they held before and handed
over (rotation keeps history). Member accounts for a few focal points.

Search texts are computed as ``Person.build_search_texts`` computes them.
"""

import datetime

from network.core.search import normalise
from network.models import Language, User
from network.scale import REFERENCE_DAY, REFERENCE_TIME

from .choices import Gender, Role
from .models import Appointment, Person

GIVEN_NAMES = [
    "Adela", "Amina", "Ana", "Beatriz", "Carmen", "Chloé", "Dalia", "Elena", "Fatima", "Grace",
    "Hana", "Inés", "Joséphine", "Karin", "Leila", "María", "Mary", "Nadia", "Olga", "Paula",
    "Rosa", "Sofía", "Thandiwe", "Ursula", "Valeria", "Wanjiru", "Yasmin", "Zeynep", "Aiko",
    "Bronwyn", "Céline", "Deepa", "Efua", "Farida", "Gulnara", "Hélène", "Ingrid", "Jamila",
    "Kwame", "Luis", "Mohammed", "Nikolai", "Omar", "Pierre", "Rahul", "Samuel", "Tomás", "Yusuf",
]  # fmt: skip
FAMILY_NAMES = [
    "Abdi", "Bernárdez", "Castro", "Díaz", "Eriksson", "Fernández", "García", "Haddad",
    "Ibrahim", "Jensen", "Kaburu", "López", "Mensah", "Nakamura", "Okafor", "Pérez", "Quispe",
    "Rossi", "Said", "Tanaka", "Umar", "Vargas", "Wang", "Xu", "Yilmaz", "Zuluaga", "Achieng",
    "Bianchi", "Coulibaly", "Dubois", "Espinoza", "Fofana", "Gómez", "Hoffmann", "Iyer", "Juárez",
    "Kowalski", "Lindqvist", "Moreau", "Ndiaye", "Olsen", "Petrović", "Ramírez", "Schmidt",
    "Traoré", "Uwimana", "Volkova", "Wójcik", "Yamamoto", "Zhang",
]  # fmt: skip
POSITIONS = [
    "Director of Human Rights", "Gender Adviser", "Head of the Peace and Security Unit",
    "Counsellor", "Programme Officer", "Deputy Director for Multilateral Affairs",
    "Senior Policy Officer", "Ambassador for Women, Peace and Security", "First Secretary",
    "Desk Officer for the United Nations",
]  # fmt: skip
HONORIFICS = ["Ms.", "Mr.", "Dr.", "", "", "Ambassador"]
# Roles of current posts, about as often as the network has them.
CURRENT_ROLES = (
    [Role.FOCAL_POINT] * 3 + [Role.ALTERNATE] * 2 + [Role.DELEGATE] * 4 + [Role.OBSERVER]
)
MEMBER_ACCOUNTS = 200
NO_ORGANISATION = [(None, "")]


def generate(seeder):
    """People, their languages and expertise, their appointments, and an
    account for the first focal point of each of up to 200 members. Puts
    ``people`` (ids), ``public_people`` and ``member_users`` in the context."""
    rng = seeder.rng
    count = seeder.people
    members = seeder.context["members"]
    organisations = seeder.context["organisations_by_member"]
    themes = seeder.context["themes"]
    theme_names = dict(themes)
    languages = list(
        Language.objects.using(seeder.using).order_by("code").values_list("code", flat=True)
    )
    common = [code for code in ("en", "fr", "es", "ar", "ru", "zh", "pt") if code in languages]

    person_ids = seeder.reserve(Person, count)
    # Everyone holds a current post; every second person also held a post
    # before (for another member, or another role), which ended the day the
    # current one started.
    people = []
    for index, pk in enumerate(person_ids):
        given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
        member = members[rng.randrange(len(members))]
        started = REFERENCE_DAY - datetime.timedelta(days=rng.randrange(30, 3000))
        current = {
            "member": member,
            "role": rng.choice(CURRENT_ROLES),
            "organisation": rng.choice(organisations.get(member["id"]) or NO_ORGANISATION),
            "position": rng.choice(POSITIONS),
            "start": started,
            "end": None,
        }
        person_posts = [current]
        if index % 2 == 0:
            before = members[rng.randrange(len(members))]
            person_posts.append(
                {
                    "member": before,
                    "role": rng.choice(CURRENT_ROLES),
                    "organisation": rng.choice(organisations.get(before["id"]) or NO_ORGANISATION),
                    "position": rng.choice(POSITIONS),
                    "start": started - datetime.timedelta(days=rng.randrange(365, 2000)),
                    "end": started,
                }
            )
        expertise = rng.sample(themes, rng.choice([0, 1, 1, 2, 3]))
        person_languages = {rng.choice(common)}
        if rng.random() < 0.5:
            person_languages.add(rng.choice(languages))
        email = f"{slug_ascii(given)}.{slug_ascii(family)}.{pk}@example.org"
        people.append(
            {
                "id": pk,
                "honorific": rng.choice(HONORIFICS),
                "given": given,
                "family": family,
                "gender": rng.choice(["", "", Gender.FEMALE, Gender.MALE]),
                "email": email,
                "phone": f"+1 555 {pk:07d}",
                "public": rng.random() < 0.6,
                "bio": ""
                if rng.random() < 0.7
                else f"{given} {family} works on {len(POSITIONS)} "
                "topics of the women, peace and security agenda.",
                "verified": REFERENCE_TIME - datetime.timedelta(days=rng.randrange(0, 700))
                if rng.random() < 0.7
                else None,
                "posts": person_posts,
                "expertise": [theme_id for theme_id, _name in expertise],
                "languages": sorted(person_languages),
            }
        )

    # Accounts: the first focal point found for each member, up to 200.
    accounts, seen = {}, set()
    for person in people:
        post = person["posts"][0]
        if post["role"] == Role.FOCAL_POINT and post["member"]["id"] not in seen:
            seen.add(post["member"]["id"])
            accounts[person["id"]] = None
            if len(accounts) >= MEMBER_ACCOUNTS:
                break
    user_ids = seeder.reserve(User, len(accounts))
    user_rows = []
    for user_id, person_id in zip(user_ids, list(accounts), strict=True):
        accounts[person_id] = user_id
        user_rows.append(
            (user_id, "!seed_scale", f"member-{person_id}@seed.example.org", "", "", False, False,
             True, REFERENCE_TIME)
        )  # fmt: skip
    seeder.insert(
        User,
        ["id", "password", "email", "first_name", "last_name", "is_staff", "is_superuser",
         "is_active", "date_joined"],
        user_rows,
    )  # fmt: skip

    def person_rows():
        for person in people:
            created = REFERENCE_TIME - datetime.timedelta(days=rng.randrange(0, 3000))
            yield (
                person["id"], person["honorific"], person["given"], person["family"],
                person["gender"], person["email"], person["phone"], person["bio"],
                person["public"], created if person["public"] else None, person["verified"],
                accounts.get(person["id"]), "", *search_texts(person, theme_names), created,
                created + datetime.timedelta(days=rng.randrange(0, 300)),
            )  # fmt: skip

    seeder.insert(
        Person,
        ["id", "honorific", "given_name", "family_name", "gender", "email", "phone", "bio",
         "public_listing", "public_listing_changed_at", "verified_at", "user_id", "notes",
         "public_search_text", "search_text", "created_at", "updated_at"],
        person_rows(),
    )  # fmt: skip
    seeder.insert(
        Person.languages.through,
        ["person_id", "language_id"],
        ((p["id"], code) for p in people for code in p["languages"]),
    )
    seeder.insert(
        Person.expertise.through,
        ["person_id", "theme_id"],
        ((p["id"], theme_id) for p in people for theme_id in p["expertise"]),
    )

    appointment_ids = iter(seeder.reserve(Appointment, sum(len(p["posts"]) for p in people)))

    def appointment_rows():
        for person in people:
            for post in person["posts"]:
                stamp = datetime.datetime.combine(
                    post["end"] or post["start"], datetime.time(9), tzinfo=datetime.UTC
                )
                yield (
                    next(appointment_ids), person["id"], post["member"]["id"], post["role"],
                    post["organisation"][0], post["position"],
                    f"{slug_ascii(person['given'])}.{person['id']}@{post['member']['key'].lower()}"
                    ".example.org", f"+1 555 {person['id']:07d}", post["start"], post["end"], "",
                    "", "", stamp, stamp,
                )  # fmt: skip

    seeder.insert(
        Appointment,
        ["id", "person_id", "member_id", "role", "organisation_id", "position", "work_email",
         "phone", "start_on", "end_on", "source", "notes", "as_of_source", "created_at",
         "updated_at"],
        appointment_rows(),
    )  # fmt: skip

    seeder.context["people"] = list(person_ids)
    seeder.context["public_people"] = [p["id"] for p in people if p["public"]]
    seeder.context["member_users"] = dict(accounts)
    seeder.context["focal_points_by_member"] = {
        p["posts"][0]["member"]["id"]: p["id"]
        for p in reversed(people)
        if p["posts"][0]["role"] == Role.FOCAL_POINT
    }
    return f"{len(people)} people, {sum(len(p['posts']) for p in people)} appointments"


def search_texts(person, theme_names):
    """What Person.build_search_texts computes: name, each post's member,
    organisation and position (in the model's order of posts); and the same
    with expertise."""
    parts = [person["given"], person["family"]]
    ordered = sorted(person["posts"], key=lambda post: -post["start"].toordinal())
    ordered.sort(key=lambda post: (post["member"]["name"], post["role"]))
    for post in ordered:
        parts += [post["member"]["name"], post["member"]["acronym"], post["organisation"][1],
                  post["position"]]  # fmt: skip
    expertise = [theme_names[theme_id] for theme_id in sorted(
        person["expertise"], key=lambda pk: theme_names[pk])]  # fmt: skip
    return normalise(*parts), normalise(*parts, *expertise)


def slug_ascii(text):
    """Letters of a name as an address uses them: "Inés" → "ines"."""
    return "".join(ch for ch in normalise(text) if ch.isalnum())
