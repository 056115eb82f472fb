"""Upload limits with clear messages on every upload, the security headers of
every kind of answer, session lifetimes, and the audit of changes."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from focalpoints.models import Appointment, Person
from meetings.models import MeetingDocument
from tests.focalpoints.test_import_export import CSV_FORMAT, XLSX_FORMAT

pytestmark = pytest.mark.django_db

PEOPLE_HEADER = "id,honorific,given_name,family_name,email\n"


def _import(client, model, name, content, file_format=CSV_FORMAT):
    return client.post(
        reverse(f"admin:focalpoints_{model}_import"),
        {
            "resource": "0",
            "format": file_format,
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def _xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("model", ["person", "appointment"])
def test_spreadsheet_import_refuses_a_file_too_large(staff_client, settings, model):
    settings.SPREADSHEET_IMPORT_MAX_BYTES = 1024
    content = (PEOPLE_HEADER + ",,Ana,Ruiz,ana@example.org\n" * 60).encode()
    page = _import(staff_client, model, "big.csv", content)
    assert page.status_code == 200
    assert "larger than 1 KB" in page.content.decode()
    assert Person.objects.count() == 0 and Appointment.objects.count() == 0


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
def test_spreadsheet_import_refuses_too_many_rows(staff_client, settings, file_format):
    settings.SPREADSHEET_IMPORT_MAX_ROWS = 10
    rows = [["id", "given_name", "family_name"], *[["", f"P{n}", "Crowd"] for n in range(11)]]
    if file_format == CSV_FORMAT:
        content, name = "\n".join(",".join(r) for r in rows).encode(), "people.csv"
    else:
        content, name = _xlsx(rows), "people.xlsx"
    page = _import(staff_client, "person", name, content, file_format)
    assert "The file has 11 rows, more than 10" in page.content.decode()
    assert Person.objects.count() == 0
    # At the limit, the file goes on to the preview.
    rows.pop()
    content = (
        "\n".join(",".join(r) for r in rows).encode() if file_format == CSV_FORMAT else _xlsx(rows)
    )
    page = _import(staff_client, "person", name, content, file_format)
    assert "more than 10" not in page.content.decode()
    assert page.context["result"] is not None


def test_a_broken_spreadsheet_gets_a_message_not_an_error(staff_client):
    page = _import(staff_client, "person", "broken.xlsx", b"PK\x03\x04 not a zip", XLSX_FORMAT)
    assert page.status_code == 200
    assert "cannot be read" in page.content.decode()


def test_action_plan_upload_limits_have_clear_messages(staff_client, settings):
    settings.ACTION_PLAN_IMPORT_MAX_BYTES = 1024
    page = staff_client.post(
        reverse("admin:network_actionplan_import"),
        {"file": SimpleUploadedFile("plans.csv", b"country,sequence\n" + b"ES,1\n" * 300)},
    )
    assert "larger than 1 KB" in page.content.decode()


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("agenda.html", 10, "not “.html”"),
        ("logo.svg", 10, "not “.svg”"),
        ("summary.pdf", 3 * 1024 * 1024, "larger than 2.0 MB"),
    ],
)
def test_meeting_documents_refuse_dangerous_or_huge_files(settings, name, size, message):
    settings.MEETING_DOCUMENT_MAX_BYTES = 2 * 1024 * 1024
    upload = SimpleUploadedFile(name, b"x" * size)
    with pytest.raises(Exception) as caught:
        MeetingDocument.clean_file(upload)
    assert message in str(caught.value)
    assert "file" in caught.value.message_dict
    MeetingDocument.clean_file(SimpleUploadedFile("summary.pdf", b"%PDF-1.7"))


def test_meeting_document_upload_in_the_admin_names_the_field(staff_client, world):
    meeting = world.alicante
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = staff_client.get(url)
    form = page.context["adminform"].form
    data = {}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, _field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management[name].value()
    prefix = next(
        f.formset.prefix
        for f in page.context["inline_admin_formsets"]
        if f.formset.model is MeetingDocument
    )
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    data.update(
        {
            f"{prefix}-{total}-kind": "other",
            f"{prefix}-{total}-title": "Malicious",
            f"{prefix}-{total}-file": SimpleUploadedFile("x.html", b"<script>alert(1)</script>"),
            f"{prefix}-{total}-order": "0",
        }
    )
    for name, _field in form.fields.items():
        value = form.initial.get(name)
        if value is None or name in data:
            continue
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "not “.html”" in response.content.decode()
    assert not MeetingDocument.objects.filter(title="Malicious").exists()


# --- headers and sessions -------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/action-plans/", "/api/v1/", "/api/v1/people/", "/health/", "/admin/login/"]
)
def test_every_answer_carries_the_security_headers(client, path, reference_data):
    response = client.get(path)
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    if "html" in response["Content-Type"]:
        policy = response["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy
        script_src = policy.split("script-src", 1)[1].split(";", 1)[0]
        assert "'self'" in script_src and "unsafe" not in script_src
        assert "object-src 'none'" in policy


def test_staff_sessions_are_shorter_than_members(client, staff_user, member_user, settings):
    from tests.factories import PASSWORD

    assert client.post(
        "/admin/login/", {"username": staff_user.email, "password": PASSWORD}
    ).status_code in (302, 303)
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_COOKIE_AGE
    assert settings.STAFF_SESSION_COOKIE_AGE <= 12 * 60 * 60
    client.logout()
    assert client.post(
        "/accounts/login/", {"username": member_user.email, "password": PASSWORD}
    ).status_code in (302, 303)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


# --- audit --------------------------------------------------------------------------------

AUDITED = [
    "focalpoints.person",
    "focalpoints.appointment",
    "meetings.registration",
    "meetings.commitment",
    "meetings.commitmentupdate",
    "newsletters.subscription",
]


def test_every_audited_model_keeps_history_shown_in_its_admin(staff_client, world):
    from django.apps import apps
    from django.contrib import admin
    from simple_history.admin import SimpleHistoryAdmin

    objects = {
        "focalpoints.person": world.adela,
        "focalpoints.appointment": world.adela.appointments.first(),
        "meetings.registration": world.registrations[0],
        "meetings.commitment": world.commitment,
        "meetings.commitmentupdate": world.update,
        "newsletters.subscription": world.subscriptions[0],
    }
    for label in AUDITED:
        model = apps.get_model(label)
        assert hasattr(model, "history"), label
        assert isinstance(admin.site._registry[model], SimpleHistoryAdmin), label
        obj = objects[label]
        page = staff_client.get(
            reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[obj.pk]
            )
        )
        assert page.status_code == 200, label
        assert page.context["page_obj"].object_list, label


def test_recent_changes_page_shows_who_changed_which_fields(staff_client, world, staff_user):
    from focalpoints import services

    services.save_person(world.adela, by=staff_user, phone="+34 999 999 999")
    page = staff_client.get(reverse("admin:audit"))
    assert page.status_code == 200
    rows = page.context["page"].object_list
    latest = rows[0]
    assert latest.model is Person and latest.id == world.adela.pk
    assert latest.history_user == staff_user
    assert latest.changed_fields == ["phone"]
    labels = {row.model._meta.label_lower for row in rows}
    assert {"meetings.commitmentupdate", "meetings.commitment"} <= labels
    only = staff_client.get(reverse("admin:audit"), {"model": "newsletters.subscription"})
    assert {r.model._meta.label_lower for r in only.context["page"].object_list} == {
        "newsletters.subscription"
    }
    # The page's cost does not grow with its rows: one query per model, a few more.
    with CaptureQueriesContext(connection) as few:
        staff_client.get(reverse("admin:audit"))
    for number in range(5):
        services.save_person(world.secrets[number], by=staff_user, bio=f"Changed {number}")
    with CaptureQueriesContext(connection) as more:
        staff_client.get(reverse("admin:audit"))
    assert len(more.captured_queries) == len(few.captured_queries)
    index = staff_client.get(reverse("admin:index"))
    assert reverse("admin:audit") in index.content.decode()


def test_recent_changes_page_is_for_staff_only(member_client):
    response = member_client.get(reverse("admin:audit"))
    assert response.status_code == 302


def test_favicon_is_a_redirect_not_an_error(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.ico")
