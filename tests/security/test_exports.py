"""Every export surface, twice over:

* no cell of any CSV or XLSX export can run as a spreadsheet formula: text
  that starts with = + - @, a tab or a carriage return is made inert (OWASP,
  "CSV injection") — every API list as CSV, the admin's spreadsheets of people
  and appointments, the participant lists, the follow-up report;
* every export of personal data is on the export log, written by the one
  helper (network.core.audit.log_personal_data_export) — the API's CSV of people
  and appointments (and any other personal list the API grows), Popolo,
  vCard, the admin's spreadsheets, participant lists and badges, the person
  data export.
"""

import csv
import io
import json

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from focalpoints.models import Person
from network.core.audit import PERSONAL_DATA_MODELS
from network.models import PersonalDataExport
from tests.factories import seed_world
from tests.focalpoints.test_import_export import CSV_FORMAT, XLSX_FORMAT

pytestmark = pytest.mark.django_db

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# One payload per trigger, in names (which every export carries) and free text.
PAYLOADS = [
    '=HYPERLINK("http://evil.example/x","click")',
    "+1+cmd",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


@pytest.fixture
def booby_trapped(member_user, staff_user, senegal, mary):
    world = seed_world(member_user, staff_user, senegal, mary, payload=PAYLOADS[0])
    # Publicly listed people with a formula for a name: they reach every export.
    for number, payload in enumerate(PAYLOADS):
        person = Person.objects.create(
            given_name=payload, family_name=payload, bio=payload, public_listing=True
        )
        world.alicante.registrations.create(person=person, member=senegal, status="registered")
        person.appointments.create(member=senegal, role="alternate", position=payload)
        if number == 0:
            world.formula_person = person
    return world


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def cells(content, kind):
    """(value, is a formula) for every cell of a CSV or XLSX file."""
    if kind == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        return [
            (cell.value, cell.data_type == "f")
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
        ]
    text = content.decode("utf-8-sig")
    return [(cell, False) for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def live_cells(content, kind):
    """The cells of a CSV or XLSX file that a spreadsheet would run."""
    return [
        value
        for value, formula in cells(content, kind)
        if formula
        or (isinstance(value, str) and value.startswith(TRIGGERS) and not _is_number(value))
    ]


def _body(response):
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def _admin_export(client, model, file_format):
    return _body(
        client.post(
            reverse(f"admin:focalpoints_{model}_export"),
            {"format": file_format, "resource": "0"}
            | {
                name: "on"
                for name, field in client.get(reverse(f"admin:focalpoints_{model}_export"))
                .context["form"]
                .fields.items()
                if field.initial is True
            },
        )
    )


def _admin_action(client, changelist, action, ids):
    return _body(client.post(reverse(changelist), {"action": action, "_selected_action": ids}))


def spreadsheet_exports(client, world):
    """(name, kind, bytes) of every CSV and XLSX export, as staff see them."""
    api = json.loads(client.get("/api/v1/").content)
    for name, url in sorted(api.items()):
        list_url = url.replace("http://testserver", "")
        if name in {"schema", "docs", "popolo"}:
            continue
        yield f"api {name}", "csv", _body(client.get(f"{list_url}?format=csv"))
    for model in ("person", "appointment"):
        yield f"admin {model} csv", "csv", _admin_export(client, model, CSV_FORMAT)
        yield f"admin {model} xlsx", "xlsx", _admin_export(client, model, XLSX_FORMAT)
    meeting_ids = [world.alicante.pk]
    registration_ids = list(world.alicante.registrations.values_list("pk", flat=True))
    for kind in ("csv", "xlsx"):
        yield (
            f"meeting participants {kind}",
            kind,
            _admin_action(
                client,
                "admin:meetings_meeting_changelist",
                f"export_participants_{kind}",
                meeting_ids,
            ),
        )
        yield (
            f"registration participants {kind}",
            kind,
            _admin_action(
                client,
                "admin:meetings_registration_changelist",
                f"export_participants_{kind}",
                registration_ids,
            ),
        )
    for slug in (world.alicante.slug, world.upcoming.slug):
        yield (
            f"follow-up {slug}",
            "csv",
            _body(client.get(reverse("meetings:follow_up_csv", args=[slug]))),
        )


def test_no_export_cell_can_run_as_a_formula(staff_client, booby_trapped):
    checked, problems = [], []
    for name, kind, content in spreadsheet_exports(staff_client, booby_trapped):
        checked.append(name)
        problems += [f"{name}: {cell!r}" for cell in live_cells(content, kind)]
        # The payloads are in the file, made inert, where the export carries them.
        if name.startswith(("api people", "admin person", "meeting participants")):
            values = {value for value, _formula in cells(content, kind)}
            # (XML turns a carriage return into a line feed, so the last two are not compared.)
            assert {"'" + payload for payload in PAYLOADS[:4]} <= values, name
    print(f"\nformula injection: {len(checked)} exports checked, {len(problems)} live cells")
    assert problems == [], "\n".join(problems[:20])
    assert len(checked) >= 16


def test_the_formula_check_would_catch_a_live_cell():
    assert live_cells(b"name\n=1+1\n-3\n", "csv") == ["=1+1"]
    book = openpyxl.Workbook()
    book.active.append(["=SUM(1,2)", "'=inert"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert live_cells(buffer.getvalue(), "xlsx") == ["=SUM(1,2)"]


# --- the export log ---------------------------------------------------------------------


def _log():
    return list(
        PersonalDataExport.objects.order_by("id").values_list(
            "dataset", "export_format", "surface", "audience"
        )
    )


def test_every_export_of_personal_data_is_logged(staff_client, booby_trapped):
    world = booby_trapped
    client = Client()  # staff_client is the logged-in ``client``
    _body(client.get("/api/v1/people/?format=csv&q=kaburu"))
    assert _log() == [("focalpoints.person", "csv", "api", "public")]
    entry = PersonalDataExport.objects.get()
    # Free-text search is not kept: it may be someone's name or address.
    assert entry.parameters == {"q": "…"}
    assert entry.rows == 1  # the filtered list: Mary Kaburu

    partner = {"HTTP_AUTHORIZATION": f"Token {world.token}"}
    _body(client.get("/api/v1/popolo.json", **partner))
    _body(client.get(f"/directory/people/{world.mary.pk}/vcard/"))  # public: not logged
    _body(staff_client.get(f"/directory/people/{world.mary.pk}/vcard/"))
    assert _log()[1:] == [
        ("focalpoints.person", "popolo", "api", "partner"),
        ("focalpoints.person", "vcard", "site", "staff"),
    ]
    assert PersonalDataExport.objects.latest("id").person_id == world.mary.pk

    PersonalDataExport.objects.all().delete()
    exported = [name for name, _kind, _content in spreadsheet_exports(staff_client, world)]
    _body(
        staff_client.post(
            reverse("admin:meetings_meeting_changelist"),
            {"action": "print_badges", "_selected_action": [world.alicante.pk]},
        )
    )
    _body(
        staff_client.post(
            reverse("admin:focalpoints_person_changelist"),
            {"action": "export_person_data", "_selected_action": [world.adela.pk]},
        )
    )
    logged = _log()
    assert ("focalpoints.person", "csv", "api", "staff") in logged
    assert ("focalpoints.appointment", "csv", "api", "staff") in logged
    for expected in [
        ("focalpoints.person", "csv", "admin", "staff"),
        ("focalpoints.person", "xlsx", "admin", "staff"),
        ("focalpoints.appointment", "csv", "admin", "staff"),
        ("focalpoints.appointment", "xlsx", "admin", "staff"),
        ("meetings.registration", "badges", "admin", "staff"),
        ("focalpoints.person", "json", "admin", "staff"),
    ]:
        assert expected in logged, expected
    assert logged.count(("meetings.registration", "csv", "admin", "staff")) == 2
    assert logged.count(("meetings.registration", "xlsx", "admin", "staff")) == 2
    # Every API list of a personal-data model is logged, and nothing else is.
    api_logged = {dataset for dataset, _f, surface, _a in logged if surface == "api"}
    assert api_logged <= PERSONAL_DATA_MODELS
    assert len([n for n in exported if n.startswith("api ")]) > len(api_logged)
    # Public data (members, regions …) and the follow-up report are not personal.
    assert not any(dataset.startswith("network.") for dataset, *_ in logged)
    print(f"\nexport log: {len(logged)} exports of personal data logged: {sorted(set(logged))}")


def test_the_export_log_is_read_only_for_staff(staff_client, adela):
    client = Client()
    # Adela is not listed publicly: the public gets no vCard, and nothing is logged.
    assert client.get(f"/directory/people/{adela.pk}/vcard/").status_code in (302, 404)
    assert PersonalDataExport.objects.count() == 0
    _body(staff_client.get("/api/v1/people/?format=csv"))
    entry = PersonalDataExport.objects.get()
    assert entry.user.is_staff
    changelist = reverse("admin:network_personaldataexport_changelist")
    page = staff_client.get(changelist)
    assert page.status_code == 200
    assert b"focalpoints.person" in page.content
    assert staff_client.get(reverse("admin:network_personaldataexport_add")).status_code == 403
    delete = reverse("admin:network_personaldataexport_delete", args=[entry.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    change = staff_client.post(
        reverse("admin:network_personaldataexport_change", args=[entry.pk]), {"rows": 0}
    )
    assert change.status_code == 403
    rows = entry.rows
    entry.refresh_from_db()
    assert entry.rows == rows == 1
