"""Synthetic data at scale for benchmarks: the network's part (members,
organisations, themes, action plans, accounts) and the bulk writer that every
app's ``scale.py`` uses. ``manage.py seed_scale`` runs them floor by floor.

Rows are written with explicit ids: by COPY through psycopg on PostgreSQL,
by ``executemany`` elsewhere (SQLite, for small smoke runs). Values that
models compute on save (``search_text``, ``summary_html`` …) are computed
here in Python with the same functions, so the rows are what the ORM would
have written. Timestamps derive from a fixed day, not the clock, and every
choice from one seeded random generator: the same seed gives the same data.
"""

import datetime
import random
import time

from django.conf import settings
from django.core.management.color import no_style
from django.db import connections
from django.db.models import Max
from django.utils.text import slugify
from django_countries import countries

from network.choices import DatePrecision, MemberKind, PlanScope
from network.core.search import normalise
from network.models import ActionPlan, Member, Organisation, Region, Theme, User
from network.regions import region_code_for_country

# The data describes the network as of this day; appointments, meetings and
# plans are placed around it, so "current" and "past" have their usual mix.
REFERENCE_DAY = datetime.date(2025, 6, 1)
REFERENCE_TIME = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)

MEMBER_COUNT = 200
ORGANISATION_MEMBERS = [
    # (name, acronym, kind, M49 region)
    ("African Union", "AU", MemberKind.REGIONAL_ORGANISATION, "002"),
    ("European Union", "EU", MemberKind.REGIONAL_ORGANISATION, "150"),
    ("Economic Community of West African States", "ECOWAS",
     MemberKind.REGIONAL_ORGANISATION, "011"),
    ("North Atlantic Treaty Organization", "NATO", MemberKind.REGIONAL_ORGANISATION, "150"),
    ("Organization for Security and Co-operation in Europe", "OSCE",
     MemberKind.REGIONAL_ORGANISATION, "150"),
    ("Union for the Mediterranean", "UfM", MemberKind.REGIONAL_ORGANISATION, "150"),
    ("Southern African Development Community", "SADC", MemberKind.REGIONAL_ORGANISATION, "014"),
    ("League of Arab States", "LAS", MemberKind.REGIONAL_ORGANISATION, "145"),
    ("UN Women", "", MemberKind.INTERNATIONAL_ORGANISATION, None),
    ("Global Network of Women Peacebuilders", "GNWP", MemberKind.CIVIL_SOCIETY, None),
]  # fmt: skip
THEME_NAMES = [
    "Structural barriers", "Civil society engagement", "Preventing violent extremism",
    "Climate and security", "Humanitarian crises", "Migration and displacement",
    "Conflict prevention", "Peace processes", "Sexual violence in conflict",
    "Women's political participation", "Security sector reform", "Disarmament",
    "Financing for WPS", "Monitoring and evaluation", "Youth, peace and security",
    "Cybersecurity", "Justice and accountability", "Economic empowerment",
]  # fmt: skip
MINISTRIES = ["Ministry of Foreign Affairs", "Ministry of Defence", "Ministry of Gender Equality"]


def _default_translation_of(field):
    """The name of the field that ``field`` translates into the default
    language (django-modeltranslation's ``name_en`` of ``name``), else None."""
    original = getattr(field, "translated_field", None)
    if original is None or field.language != settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return None
    return original.name


def _with_defaults(rows, columns, defaults):
    """``rows`` with a value for each field of ``defaults``: a translation
    column (django-modeltranslation) of the default language holds what its
    original column holds, as a save would write; any other its default."""
    sources = []
    for field in defaults:
        original = _default_translation_of(field)
        if original in columns:
            sources.append((columns.index(original), None))
        else:
            sources.append((None, field.get_default()))
    for row in rows:
        row = tuple(row)
        yield row + tuple(row[index] if index is not None else value for index, value in sources)


class Seeder:
    """Writes rows in bulk with ids it allocates itself, and carries what one
    app's generator hands to the next (``context``: ids, names, dates).

    ``insert(model, columns, rows)`` takes attribute names (``member_id``) and
    tuples in that order; ``reserve(model, count)`` gives the ids to use. When
    all is written, ``finish()`` moves each id sequence past the ids used.
    """

    def __init__(self, people, seed=1325, using="default", out=None):
        self.people = people
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.using = using
        self.connection = connections[using]
        self.context = {}
        self.counts = {}
        self.timings = {}
        self._next_id = {}
        self._touched = []
        self.out = out

    # --- ids --------------------------------------------------------------------

    def reserve(self, model, count):
        """``count`` fresh primary keys of ``model``, above any already used."""
        if model not in self._next_id:
            highest = model._base_manager.using(self.using).aggregate(top=Max("pk"))["top"]
            self._next_id[model] = (highest or 0) + 1
        start = self._next_id[model]
        self._next_id[model] = start + count
        return range(start, start + count)

    # --- writing ----------------------------------------------------------------

    def insert(self, model, columns, rows):
        """Write ``rows`` (tuples of the attributes ``columns``) into ``model``'s table."""
        started = time.perf_counter()
        meta = model._meta
        fields = [meta.get_field(name) if name != "id" else meta.pk for name in columns]
        # COPY and a raw INSERT skip the models' defaults: a field added since a
        # generator was written gets its default (or the empty
        # text of a blank text field) here rather than a NOT NULL error.
        defaults = [
            field
            for field in meta.concrete_fields
            if field not in fields
            and not field.primary_key
            and (
                _default_translation_of(field) in columns
                or (not field.null and (field.has_default() or field.empty_strings_allowed))
            )
        ]
        if defaults:
            rows = _with_defaults(rows, columns, defaults)
            fields += defaults
            columns = [*columns, *(field.name for field in defaults)]
        db_columns = [field.column for field in fields]
        table = self.connection.ops.quote_name(meta.db_table)
        quoted = ", ".join(self.connection.ops.quote_name(c) for c in db_columns)
        count = 0
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                # Names from the models' metadata, values as parameters.
                sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"  # noqa: S608
                batch = []
                for row in rows:
                    batch.append(
                        [
                            field.get_db_prep_save(value, self.connection)
                            for field, value in zip(fields, row, strict=True)
                        ]
                    )
                    if len(batch) >= 1000:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        if model not in self._touched:
            self._touched.append(model)
        label = meta.label
        self.counts[label] = self.counts.get(label, 0) + count
        self.timings[label] = self.timings.get(label, 0.0) + time.perf_counter() - started
        return count

    def finish(self):
        """Move id sequences past the ids written."""
        sql = self.connection.ops.sequence_reset_sql(no_style(), self._touched)
        with self.connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)

    # --- helpers for generators ---------------------------------------------------

    def moment(self, days_before=0, days_after=0):
        """A time around the reference day, drawn from the generator."""
        offset = self.rng.uniform(-days_before, days_after)
        return REFERENCE_TIME + datetime.timedelta(days=offset)


def state_codes(count, taken=()):
    """ISO codes of ``count`` countries (in code order, skipping ``taken``)
    that the M49 table places in a region."""
    codes = []
    for code, _name in sorted(countries, key=lambda item: item[0]):
        if code in taken or region_code_for_country(code) is None:
            continue
        codes.append(code)
        if len(codes) == count:
            break
    return codes


def generate(seeder):
    """Themes, about 200 members with their ministries, their action plans,
    and a staff account. Puts ``members``, ``organisations_by_member`` and
    ``themes`` in the seeder's context."""
    rng = seeder.rng
    now = REFERENCE_TIME
    regions = dict(Region.objects.using(seeder.using).values_list("code", "pk"))

    # Themes: reuse those that exist (the demo's), add the missing ones.
    existing = dict(Theme.objects.using(seeder.using).values_list("name", "pk"))
    new_names = [name for name in THEME_NAMES if name not in existing]
    theme_ids = seeder.reserve(Theme, len(new_names))
    taken_slugs = set(Theme.objects.using(seeder.using).values_list("slug", flat=True))
    theme_rows = []
    for pk, name in zip(theme_ids, new_names, strict=True):
        slug = slugify(name)
        if slug in taken_slugs:
            slug = f"{slug}-{pk}"
        theme_rows.append((pk, name, slug, "", now, now))
        existing[name] = pk
    seeder.insert(Theme, ["id", "name", "slug", "description", "created_at", "updated_at"],
                  theme_rows)  # fmt: skip
    seeder.context["themes"] = [(existing[name], name) for name in THEME_NAMES]

    # Members: States (countries not yet members) and regional, international
    # and civil-society organisations.
    taken_countries = set(
        Member.objects.using(seeder.using).exclude(country="").values_list("country", flat=True)
    )
    taken_slugs = set(Member.objects.using(seeder.using).values_list("slug", flat=True))
    organisations = [o for o in ORGANISATION_MEMBERS if slugify(o[1] or o[0]) not in taken_slugs]
    codes = state_codes(MEMBER_COUNT - len(organisations), taken_countries)
    member_ids = seeder.reserve(Member, len(codes) + len(organisations))
    members, member_rows = [], []
    specs = [(countries.name(code), "", MemberKind.STATE, code, None) for code in codes]
    specs += [(name, acronym, kind, "", region) for name, acronym, kind, region in organisations]
    for pk, (name, acronym, kind, country, region_code) in zip(member_ids, specs, strict=True):
        name = str(name)
        slug = slugify(acronym or name)[:100]
        if slug in taken_slugs:
            slug = f"{slug}-{pk}"[:100]
        taken_slugs.add(slug)
        region_code = region_code_for_country(country) if country else region_code
        joined = datetime.date(2016 + rng.randrange(0, 8), rng.randrange(1, 13), 1)
        member_rows.append(
            (pk, kind, name, acronym, slug, country, regions.get(region_code), joined, True,
             "", "", normalise(name, acronym, country, slug), now, now)
        )  # fmt: skip
        members.append(
            {"id": pk, "name": name, "acronym": acronym, "key": country or slug,
             "kind": kind, "country": country}
        )  # fmt: skip
    seeder.insert(
        Member,
        ["id", "kind", "name", "acronym", "slug", "country", "region_id", "joined_on", "active",
         "website", "notes", "search_text", "created_at", "updated_at"],
        member_rows,
    )  # fmt: skip
    if len(members) < MEMBER_COUNT:
        # --force on a database that has members already: people may hold
        # posts for those too.
        members += [
            {"id": pk, "name": name, "acronym": acronym, "key": country or slug, "kind": kind,
             "country": country}
            for pk, name, acronym, slug, kind, country in Member.objects.using(seeder.using)
            .exclude(pk__in=[m["id"] for m in members])
            .order_by("pk")
            .values_list("pk", "name", "acronym", "slug", "kind", "country")[
                : MEMBER_COUNT - len(members)
            ]
        ]  # fmt: skip
    seeder.context["members"] = members

    # Ministries: three per member State, one secretariat per organisation.
    organisation_rows, by_member = [], {}
    specs = []
    for member in members[: len(member_rows)]:
        if member["kind"] == MemberKind.STATE:
            specs += [(f"{ministry}, {member['name']}", member) for ministry in MINISTRIES]
        else:
            specs.append((f"Secretariat of the {member['name']}", member))
    for pk, (name, member) in zip(seeder.reserve(Organisation, len(specs)), specs, strict=True):
        organisation_rows.append((pk, name, "", member["id"], "", normalise(name), now, now))
        by_member.setdefault(member["id"], []).append((pk, name))
    seeder.insert(
        Organisation,
        ["id", "name", "acronym", "member_id", "website", "search_text", "created_at",
         "updated_at"],
        organisation_rows,
    )  # fmt: skip
    seeder.context["organisations_by_member"] = by_member

    _generate_action_plans(seeder, members[: len(member_rows)], by_member)

    # One staff account (for benchmarks of staff pages); members' accounts
    # come with their people (focalpoints.scale).
    (staff_id,) = seeder.reserve(User, 1)
    seeder.insert(
        User,
        ["id", "password", "email", "first_name", "last_name", "is_staff", "is_superuser",
         "is_active", "date_joined"],
        [(staff_id, "!seed_scale", f"staff-{staff_id}@seed.example.org", "Seed", "Staff",
          True, True, True, now)],
    )  # fmt: skip
    seeder.context["staff_user_id"] = staff_id
    return f"{len(members)} members, {len(organisation_rows)} organisations"


def _generate_action_plans(seeder, members, organisations_by_member):
    """Zero to four successive national plans per State, one or two regional
    plans per regional organisation; about 40 % of them adopted."""
    rng = seeder.rng
    plans, themes = [], []
    theme_ids = [pk for pk, _name in seeder.context["themes"]]
    for member in members:
        if member["kind"] == MemberKind.STATE:
            scope, count = PlanScope.NATIONAL, rng.choice([0, 1, 1, 2, 2, 3, 4])
        elif member["kind"] == MemberKind.REGIONAL_ORGANISATION:
            scope, count = PlanScope.REGIONAL, rng.choice([1, 2])
        else:
            continue
        year = 2005 + rng.randrange(0, 10)
        for sequence in range(1, count + 1):
            length = rng.choice([3, 4, 5])
            plans.append(
                {"member": member, "scope": scope, "sequence": sequence,
                 "start": datetime.date(year, 1, 1),
                 "end": datetime.date(year + length - 1, 12, 31)}
            )  # fmt: skip
            year += length + rng.choice([0, 0, 1])
    ids = seeder.reserve(ActionPlan, len(plans))
    rows = []
    previous = {}
    for pk, plan in zip(ids, plans, strict=True):
        member = plan["member"]
        probe = ActionPlan(scope=plan["scope"], sequence=plan["sequence"])
        title = probe.default_title()
        follows = previous.get((member["id"], plan["scope"])) if plan["sequence"] > 1 else None
        previous[(member["id"], plan["scope"])] = pk
        organisations = organisations_by_member.get(member["id"]) or [(None, "")]
        adopted = plan["start"] - datetime.timedelta(days=rng.randrange(30, 200))
        rows.append(
            (pk, member["id"], plan["scope"], plan["sequence"], title, adopted, DatePrecision.DAY,
             plan["start"], DatePrecision.YEAR, plan["end"], DatePrecision.YEAR,
             organisations[0][0], rng.choice([True, False, None]), rng.choice([True, False, None]),
             rng.choice([True, False, None]), "", "", follows, "", False,
             normalise(title, member["name"], member["acronym"], member["country"], ""),
             REFERENCE_TIME, REFERENCE_TIME)
        )  # fmt: skip
        for theme_id in rng.sample(theme_ids, 3):
            themes.append((pk, theme_id))
    seeder.insert(
        ActionPlan,
        ["id", "member_id", "scope", "sequence", "title", "adopted_on", "adopted_precision",
         "period_start", "period_start_precision", "period_end", "period_end_precision",
         "lead_organisation_id", "has_dedicated_budget", "has_monitoring_framework",
         "has_civil_society_involvement", "document_url", "source_url", "follows_id", "notes",
         "in_preparation", "search_text", "created_at", "updated_at"],
        rows,
    )  # fmt: skip
    seeder.insert(ActionPlan.themes.through, ["actionplan_id", "theme_id"], themes)
