"""Import national and regional action plans from CSV files (the service behind
``manage.py import_action_plans`` and the admin's import page).

Two kinds of file, told apart by their header row:

* national: ``country,iso2,plan_number,adopted_year,period_start,period_end,source_url``
  — the country by name or ISO code; every other cell may be blank; a blank
  plan number is a strategy without a number;
* regional: ``organisation,plan_name,adopted_year,adopted_date,period_start,
  period_end,source_url,note`` (one line in the file).

The whole file is checked before anything is written. An invalid row rejects
the file, with every bad row listed by line and column, unless
``skip_invalid`` is given (then the valid rows are written and the others
listed). Re-importing a file updates the plans it names and never duplicates
them: a national plan is known by its member and number (or, without a number,
by its member and title), a regional plan by its organisation and name. A
blank cell leaves what is stored as it is: a spreadsheet that does not know a
date does not erase it. Unknown members are created only with
``create_members``.

Length: one module because the whole file is checked before anything is
written: parsing, matching and the chain checks share one row type and one
error list; django-import-export's row-at-a-time model could not express the
cross-row checks (docs/design.md).
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from network.choices import DatePrecision, MemberKind, PlanScope
from network.core.countries import country_code
from network.core.partial_dates import parse_partial_date
from network.core.search import normalise
from network.models import ActionPlan, Member, Region

NATIONAL = "national"
REGIONAL = "regional"
NATIONAL_COLUMNS = [
    "country",
    "iso2",
    "plan_number",
    "adopted_year",
    "period_start",
    "period_end",
    "source_url",
]
REGIONAL_COLUMNS = [
    "organisation",
    "plan_name",
    "adopted_year",
    "adopted_date",
    "period_start",
    "period_end",
    "source_url",
    "note",
]
COLUMNS = {NATIONAL: NATIONAL_COLUMNS, REGIONAL: REGIONAL_COLUMNS}

# UNSCR 1325 was adopted on 31 October 2000: no plan on it is older.
EARLIEST_YEAR = 2000
LATEST_PERIOD_YEAR = 2100
MAX_PLAN_NUMBER = 50
MAX_NOTE_LENGTH = 5000

# Which column a model field's error belongs to, per kind of file.
FIELD_COLUMNS = {
    NATIONAL: {
        "member": "country",
        "scope": "country",
        "sequence": "plan_number",
        "title": "plan_number",
        "adopted_on": "adopted_year",
        "period_start": "period_start",
        "period_end": "period_end",
        "source_url": "source_url",
        "follows": "plan_number",
    },
    REGIONAL: {
        "member": "organisation",
        "scope": "organisation",
        "sequence": "plan_name",
        "title": "plan_name",
        "adopted_on": "adopted_date",
        "period_start": "period_start",
        "period_end": "period_end",
        "source_url": "source_url",
        "notes": "note",
        "follows": "plan_name",
    },
}
# The fields an import writes; comparing them tells an update from no change.
IMPORTED_FIELDS = [
    "title",
    "sequence",
    "adopted_on",
    "adopted_precision",
    "period_start",
    "period_start_precision",
    "period_end",
    "period_end_precision",
    "source_url",
    "notes",
]


def max_bytes():
    return getattr(settings, "ACTION_PLAN_IMPORT_MAX_BYTES", 1024 * 1024)


def max_rows():
    return getattr(settings, "ACTION_PLAN_IMPORT_MAX_ROWS", 2000)


@dataclass(frozen=True)
class RowError:
    """What is wrong with one cell (or, without a column, one row or the file)."""

    line: int
    column: str
    message: str

    def __str__(self):
        if self.line and self.column:
            return _("line %(line)s, column %(column)s: %(message)s") % self.__dict__
        if self.line:
            return _("line %(line)s: %(message)s") % self.__dict__
        return self.message


@dataclass
class ImportResult:
    """What an import did, or would do (``dry_run``), and what it refused."""

    kind: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    members_created: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    skipped_lines: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    # True when the file was refused as a whole and nothing was written.
    rejected: bool = False

    def summary(self):
        if self.rejected:
            count = len(self.errors)
            return ngettext(
                "Nothing imported: %(count)s problem found.",
                "Nothing imported: %(count)s problems found.",
                count,
            ) % {"count": count}
        if self.kind == REGIONAL:
            rows = ngettext(
                "Regional file, %(count)s row", "Regional file, %(count)s rows", self.rows
            )
        else:
            rows = ngettext(
                "National file, %(count)s row", "National file, %(count)s rows", self.rows
            )
        created = ngettext("%(count)s plan created", "%(count)s plans created", self.created)
        parts = _("%(rows)s: %(created)s, %(updated)s updated, %(unchanged)s unchanged") % {
            "rows": rows % {"count": self.rows},
            "created": created % {"count": self.created},
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.members_created:
            parts += _("; members created: %(names)s") % {"names": ", ".join(self.members_created)}
        if self.skipped_lines:
            parts += _("; invalid lines skipped: %(lines)s") % {
                "lines": ", ".join(str(n) for n in self.skipped_lines)
            }
        parts += "."
        if self.dry_run:
            parts = _("Dry run, nothing written. %(summary)s") % {"summary": parts}
        return parts


@dataclass
class _Row:
    line: int
    cells: dict
    errors: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    scope: str = ""
    member: Member | None = None
    new_member_key: str = ""
    plan: ActionPlan | None = None
    key: tuple = ()

    def error(self, column, message):
        self.errors.append(RowError(self.line, column, message))


def import_action_plans(
    data,
    *,
    regional=False,
    skip_invalid=False,
    create_members=False,
    dry_run=False,
    source_name="",
    today=None,
):
    """Check and import one CSV file of action plans; returns an ImportResult.

    ``data`` is the file's bytes (or text, or a binary file object).
    ``regional`` says the file must be a regional one (the kind is read from
    the header row either way). Nothing is written when any row is invalid,
    unless ``skip_invalid``; nothing at all with ``dry_run``.
    """
    result = ImportResult(dry_run=dry_run)
    text = _read_text(data, result)
    records = _read_records(text, result, expect_regional=regional) if text is not None else None
    if records is None:
        result.rejected = True
        return result
    today = today or timezone.localdate()
    rows = [_Row(line, cells) for line, cells in records]
    result.rows = len(rows)
    for row in rows:
        _parse_cells(row, result.kind, today)
    _resolve_members(rows, result.kind, create_members)
    _match_plans(rows, result.kind)
    _check_duplicates(rows, result.kind)
    _check_chain(rows, result.kind)

    invalid = [row for row in rows if row.errors]
    order = {column: index for index, column in enumerate(COLUMNS[result.kind])}
    result.errors = [
        error
        for row in invalid
        for error in sorted(row.errors, key=lambda e: order.get(e.column, -1))
    ]
    if invalid and not skip_invalid:
        result.rejected = True
        return result
    result.skipped_lines = [row.line for row in invalid]
    valid = [row for row in rows if not row.errors]
    with transaction.atomic():
        _write(valid, result, source_name)
        if dry_run:
            transaction.set_rollback(True)
    result.written = not dry_run
    return result


# -- reading the file ------------------------------------------------------------------


def _read_text(data, result):
    if hasattr(data, "read"):
        data = data.read(max_bytes() + 1)
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(raw) > max_bytes():
        result.errors.append(
            RowError(
                0,
                "",
                _("The file is larger than %(limit)s KB; split it into smaller files.")
                % {"limit": max_bytes() // 1024},
            )
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        result.errors.append(
            RowError(
                0,
                "",
                _(
                    "The file is not UTF-8 text (byte %(position)s); save it as "
                    "“CSV UTF-8” and try again."
                )
                % {"position": error.start},
            )
        )
        return None


def _read_records(text, result, *, expect_regional):
    """``[(line, {column: cell})]`` after the header row, or None when the
    header or the size is wrong (the reason is in ``result.errors``)."""
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in some locales save CSV with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header, header_line = None, 0
    records = []
    try:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header, header_line = [c.strip().lower() for c in cells], line
                kind = _kind_of_header(header, header_line, result)
                if kind is None:
                    return None
                if expect_regional and kind != REGIONAL:
                    result.errors.append(
                        RowError(
                            header_line,
                            "",
                            _(
                                "A regional file was expected, but the header row is that of "
                                "a national file."
                            ),
                        )
                    )
                    return None
                result.kind = kind
                continue
            if len(records) >= max_rows():
                result.errors.append(
                    RowError(
                        0,
                        "",
                        _("The file has more than %(limit)s rows; split it into smaller files.")
                        % {"limit": max_rows()},
                    )
                )
                return None
            records.append((line, cells))
    except csv.Error as error:
        result.errors.append(
            RowError(
                reader.line_num,
                "",
                _("This is not readable CSV: %(error)s") % {"error": error},
            )
        )
        return None
    if header is None:
        result.errors.append(RowError(0, "", _("The file is empty.")))
        return None
    columns = COLUMNS[result.kind]
    parsed = []
    for line, cells in records:
        if len(cells) != len(columns):
            # Reported with the other rows' problems (see _parse_cells).
            parsed.append((line, {"_cell_count": len(cells)}))
        else:
            parsed.append((line, {c: v.strip() for c, v in zip(columns, cells, strict=True)}))
    return parsed


def _kind_of_header(header, line, result):
    for kind, columns in COLUMNS.items():
        if header == columns:
            return kind
    for kind, columns in COLUMNS.items():
        if sorted(header) == sorted(columns):
            result.errors.append(
                RowError(
                    line,
                    "",
                    (
                        _(
                            "The national file's columns are there but out of order; "
                            "the order is: %(columns)s."
                        )
                        if kind == NATIONAL
                        else _(
                            "The regional file's columns are there but out of order; "
                            "the order is: %(columns)s."
                        )
                    )
                    % {"columns": ",".join(columns)},
                )
            )
            return None
    result.errors.append(
        RowError(
            line,
            "",
            _(
                "The header row is neither that of a national file (%(national)s) nor that of "
                "a regional file (%(regional)s); it reads: %(found)s."
            )
            % {
                "national": ",".join(NATIONAL_COLUMNS),
                "regional": ",".join(REGIONAL_COLUMNS),
                "found": ",".join(header),
            },
        )
    )
    return None


# -- checking each cell ---------------------------------------------------------------


def _parse_cells(row, kind, today):
    cells = row.cells
    values = row.values
    if "_cell_count" in cells:
        row.error(
            "",
            _("%(found)s cells where the header has %(expected)s columns.")
            % {"found": cells["_cell_count"], "expected": len(COLUMNS[kind])},
        )
        return
    if kind == NATIONAL:
        _parse_country(row, values)
        number = cells["plan_number"]
        if number:
            if not re.fullmatch(r"\d+", number) or not 1 <= int(number) <= MAX_PLAN_NUMBER:
                row.error(
                    "plan_number",
                    _("“%(value)s” is not a plan number (a whole number from 1 to %(max)s).")
                    % {"value": number, "max": MAX_PLAN_NUMBER},
                )
            else:
                values["sequence"] = int(number)
    else:
        if not cells["organisation"]:
            row.error("organisation", _("The organisation is required."))
        if not cells["plan_name"]:
            row.error("plan_name", _("The plan's name is required."))
        elif len(cells["plan_name"]) > 255:
            row.error("plan_name", _("The name is longer than 255 characters."))
        else:
            values["title"] = cells["plan_name"]
        if len(cells["note"]) > MAX_NOTE_LENGTH:
            row.error(
                "note",
                _("The note is longer than %(max)s characters.") % {"max": MAX_NOTE_LENGTH},
            )
        elif cells["note"]:
            values["notes"] = cells["note"]

    year = cells["adopted_year"]
    if year:
        if not re.fullmatch(r"\d{4}", year):
            row.error(
                "adopted_year", _("“%(value)s” is not a year such as 2017.") % {"value": year}
            )
        elif not EARLIEST_YEAR <= int(year) <= today.year + 1:
            row.error(
                "adopted_year",
                _("%(value)s is not a possible year of adoption (%(first)s to %(last)s).")
                % {"value": year, "first": EARLIEST_YEAR, "last": today.year + 1},
            )
        else:
            values["adopted_on"] = datetime.date(int(year), 1, 1)
            values["adopted_precision"] = DatePrecision.YEAR
    if kind == REGIONAL and cells["adopted_date"]:
        try:
            adopted, precision = parse_partial_date(cells["adopted_date"])
        except ValueError as error:
            row.error("adopted_date", str(error))
        else:
            if year and re.fullmatch(r"\d{4}", year) and adopted.year != int(year):
                row.error(
                    "adopted_date",
                    _("This date is in %(date_year)s but adopted_year says %(year)s.")
                    % {"date_year": adopted.year, "year": year},
                )
            elif not EARLIEST_YEAR <= adopted.year <= today.year + 1:
                row.error(
                    "adopted_date",
                    _("%(value)s is not a possible date of adoption.")
                    % {"value": cells["adopted_date"]},
                )
            else:
                values["adopted_on"], values["adopted_precision"] = adopted, precision

    for column, end in (("period_start", False), ("period_end", True)):
        if not cells[column]:
            continue
        try:
            value, precision = parse_partial_date(cells[column], end=end)
        except ValueError as error:
            row.error(column, str(error))
            continue
        if not EARLIEST_YEAR <= value.year <= LATEST_PERIOD_YEAR:
            row.error(
                column,
                _("%(value)s is outside %(first)s–%(last)s.")
                % {"value": cells[column], "first": EARLIEST_YEAR, "last": LATEST_PERIOD_YEAR},
            )
            continue
        values[column], values[f"{column}_precision"] = value, precision
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and end < start:
        row.error(
            "period_end",
            _("The period ends (%(end)s) before it starts (%(start)s).")
            % {"end": cells["period_end"], "start": cells["period_start"]},
        )

    url = cells["source_url"]
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
            if len(url) > 500:
                raise ValidationError("too long")
        except ValidationError:
            row.error(
                "source_url",
                _("“%(value)s” is not a web address (http:// or https://, at most 500 characters).")
                % {"value": url[:80]},
            )
        else:
            values["source_url"] = url


def _parse_country(row, values):
    name, iso2 = row.cells["country"], row.cells["iso2"]
    if not name:
        row.error("country", _("The country is required."))
        return
    code = country_code(name)
    if code is None:
        row.error(
            "country",
            _("Unknown country “%(value)s”: write its English name or its ISO 3166 code.")
            % {"value": name},
        )
        return
    if iso2:
        if not (len(iso2) == 2 and iso2.upper() in countries):
            row.error("iso2", _("“%(value)s” is not an ISO 3166 alpha-2 code.") % {"value": iso2})
            return
        if iso2.upper() != code:
            row.error(
                "iso2",
                _("%(iso2)s does not match the country “%(name)s” (%(code)s).")
                % {"iso2": iso2.upper(), "name": name, "code": code},
            )
            return
    values["country"] = code


# -- members, plans, duplicates and the chain -----------------------------------------


def _organisation_index():
    index = {}
    for member in Member.objects.organisations():
        for key in (member.slug, member.acronym, member.name):
            if key:
                index.setdefault(normalise(key), member)
    return index


def _resolve_members(rows, kind, create_members):
    if kind == NATIONAL:
        codes = {row.values["country"] for row in rows if "country" in row.values}
        known = {m.country.code: m for m in Member.objects.filter(country__in=codes)}
        for row in rows:
            code = row.values.get("country")
            if code is None:
                continue
            if code in known:
                row.member = known[code]
            elif create_members:
                row.new_member_key = code
            else:
                row.error(
                    "country",
                    _(
                        "%(name)s (%(code)s) is not a member of the network; add it first, or "
                        "import with --create-members."
                    )
                    % {"name": countries.name(code), "code": code},
                )
        return
    index = _organisation_index()
    states = {normalise(m.name): m for m in Member.objects.states()}
    for row in rows:
        name = row.cells["organisation"]
        if not name:
            continue
        key = normalise(name)
        if key in index:
            row.member = index[key]
        elif key in states:
            row.error(
                "organisation",
                _("%(name)s is a member State: its plans go in a national file.") % {"name": name},
            )
        elif create_members:
            row.new_member_key = name
        else:
            row.error(
                "organisation",
                _(
                    "“%(name)s” is not a member of the network (by name, acronym or slug); add "
                    "it first, or import with --create-members."
                )
                % {"name": name},
            )


def _natural_key(row, kind):
    member = row.member.pk if row.member else f"new:{row.new_member_key}"
    if kind == NATIONAL:
        return (member, row.values.get("sequence"))
    return (member, normalise(row.values.get("title", "")))


def _match_plans(rows, kind):
    """Attach to each row the stored plan it updates, if any."""
    scope = PlanScope.NATIONAL if kind == NATIONAL else PlanScope.REGIONAL
    members = {row.member.pk for row in rows if row.member}
    stored = {}
    for plan in ActionPlan.objects.filter(member__in=members, scope=scope):
        if kind == NATIONAL:
            if plan.sequence is not None:
                stored[(plan.member_id, plan.sequence)] = plan
            elif plan.title == _unnumbered_title(scope):
                stored[(plan.member_id, None)] = plan
        else:
            stored.setdefault((plan.member_id, normalise(plan.title)), plan)
    for row in rows:
        if not (row.member or row.new_member_key):
            continue
        row.key = _natural_key(row, kind)
        row.plan = stored.get(row.key) if row.member else None
        row.scope = scope


def _unnumbered_title(scope):
    return ActionPlan(scope=scope).default_title()


def _check_duplicates(rows, kind):
    first_line = {}
    column = "plan_number" if kind == NATIONAL else "plan_name"
    for row in rows:
        if not row.key:
            continue
        if row.key in first_line:
            row.error(
                column,
                _("The same plan as on line %(line)s; a file names each plan once.")
                % {"line": first_line[row.key]},
            )
        else:
            first_line[row.key] = row.line


def _merged_start(row):
    """The day the plan would take effect once the row is written."""
    values, plan = row.values, row.plan
    start = values.get("period_start") or (plan.period_start if plan else None)
    return start or values.get("adopted_on") or (plan.adopted_on if plan else None)


def _check_chain(rows, kind):
    """Plan N takes effect no earlier than plan N − 1 of the same member, from
    the file or already stored; the merged dates must still form a period."""
    if kind != NATIONAL:
        for row in rows:
            _check_merged_period(row, kind)
        return
    in_file = {row.key: row for row in rows if row.key and not row.errors}
    members = {row.member.pk for row in rows if row.member}
    stored = {
        (p.member_id, p.sequence): p
        for p in ActionPlan.objects.filter(
            member__in=members, scope=PlanScope.NATIONAL, sequence__isnull=False
        )
    }

    def start_of(member_key, number):
        row = in_file.get((member_key, number))
        if row is not None:
            return _merged_start(row)
        plan = stored.get((member_key, number))
        return plan.starts_on if plan else None

    for row in rows:
        _check_merged_period(row, kind)
        number = row.values.get("sequence")
        if row.errors or not number:
            continue
        start = _merged_start(row)
        if start is None:
            continue
        column = "period_start" if row.cells["period_start"] else "adopted_year"
        before = start_of(row.key[0], number - 1)
        if before and before > start:
            row.error(
                column,
                _(
                    "Plan %(number)s would take effect (%(start)s) before plan %(previous)s that "
                    "it follows (%(before)s)."
                )
                % {
                    "number": number,
                    "start": start.isoformat(),
                    "previous": number - 1,
                    "before": before.isoformat(),
                },
            )
        after = start_of(row.key[0], number + 1)
        if after and after < start:
            row.error(
                column,
                _(
                    "Plan %(number)s would take effect (%(start)s) after plan %(next)s that "
                    "follows it (%(after)s)."
                )
                % {
                    "number": number,
                    "start": start.isoformat(),
                    "next": number + 1,
                    "after": after.isoformat(),
                },
            )


def _check_merged_period(row, kind):
    """A blank cell keeps the stored value, so check the period once merged."""
    if row.plan is None or row.errors:
        return
    start = row.values.get("period_start") or row.plan.period_start
    end = row.values.get("period_end") or row.plan.period_end
    try:
        ActionPlan.clean_period(start, end)
    except ValidationError:
        column = "period_end" if "period_end" in row.values else "period_start"
        row.error(
            column,
            _(
                "With the period already stored (%(start)s to %(end)s) the period would end "
                "before it starts."
            )
            % {
                "start": start.isoformat(),
                "end": end.isoformat(),
            },
        )


# -- writing -----------------------------------------------------------------------------


def _new_member(row, kind):
    if kind == NATIONAL:
        code = row.new_member_key
        with translation.override("en"):
            name = str(countries.name(code))
        return Member.objects.create(
            kind=MemberKind.STATE,
            name=name,
            country=code,
            region=Region.objects.for_country(code),
            slug=_free_slug(name),
        )
    name = row.new_member_key
    looks_like_acronym = len(name) <= 12 and " " not in name and name.upper() == name
    return Member.objects.create(
        kind=MemberKind.REGIONAL_ORGANISATION,
        name=name,
        acronym=name if looks_like_acronym else "",
        slug=_free_slug(name),
    )


def _free_slug(name):
    base = slugify(name)[:90] or "member"
    slug, number = base, 2
    while Member.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _write(rows, result, source_name):
    kind = result.kind
    new_members = {}
    touched = set()
    reason = _("Imported from %(name)s") % {"name": source_name or _("a CSV file")}
    for row in rows:
        member = row.member
        if member is None:
            if row.new_member_key not in new_members:
                new_members[row.new_member_key] = _new_member(row, kind)
                result.members_created.append(new_members[row.new_member_key].name)
            member = new_members[row.new_member_key]
        plan = row.plan or ActionPlan(member=member, scope=row.scope)
        before = {name: getattr(plan, name) for name in IMPORTED_FIELDS} if row.plan else None
        for name, value in row.values.items():
            if name != "country":
                setattr(plan, name, value)
        if not plan.title:
            plan.title = plan.default_title()
        plan.normalise_dates()
        after = {name: getattr(plan, name) for name in IMPORTED_FIELDS}
        if before is not None and before == after:
            result.unchanged += 1
        else:
            plan._change_reason = reason
            plan.save()
            if before is None:
                result.created += 1
            else:
                result.updated += 1
        touched.add((member.pk, plan.scope))
    for member_id, scope in touched:
        result.notices.extend(link_chain(member_id, scope, reason=reason))


def link_chain(member_id, scope, *, reason=""):
    """Make each numbered plan of a member and scope follow the plan numbered
    one less, when there is one. Returns notices about links it could not make."""
    plans = {
        p.sequence: p
        for p in ActionPlan.objects.filter(
            member_id=member_id, scope=scope, sequence__isnull=False
        ).select_related("member")
    }
    followed = set(
        ActionPlan.objects.filter(follows__in=[p.pk for p in plans.values()]).values_list(
            "follows_id", "pk"
        )
    )
    follower_of = dict(followed)
    notices = []
    for number in sorted(plans):
        plan, previous = plans[number], plans.get(number - 1)
        if previous is None or plan.follows_id == previous.pk:
            continue
        if follower_of.get(previous.pk) not in (None, plan.pk):
            notices.append(
                _("%(plan)s: not linked to %(previous)s, which another plan already follows.")
                % {"plan": plan, "previous": previous}
            )
            continue
        plan.follows = previous
        plan._change_reason = reason
        plan.save()
        follower_of[previous.pk] = plan.pk
    return notices
