"""The back office: registration actions, participant lists, badges, tracker."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from meetings import services
from meetings.choices import RegistrationStatus
from meetings.models import Registration
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrations(meeting, adela, mary, ana):
    services.register(meeting, adela, access_needs="=cmd|' /C calc'!A0")
    services.register(meeting, mary, visa_letter=True)
    services.register(meeting, ana)  # waits: two places
    return Registration.objects.order_by("pk")


def _action(client, url, action, objects):
    return client.post(
        url, {"action": action, "_selected_action": [o.pk for o in objects]}, follow=True
    )


def test_staff_confirm_registrations_and_waiting_ones_are_named(
    staff_client, registrations, django_capture_on_commit_callbacks
):
    url = reverse("admin:meetings_registration_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = _action(staff_client, url, "confirm", registrations)
    statuses = [r.status for r in Registration.objects.order_by("pk")]
    assert statuses == ["confirmed", "confirmed", "waiting"]
    page = response.content.decode()
    assert "2 registrations confirmed" in page
    assert "Ana Ruiz" in page and "cannot be confirmed" in page
    assert len(mail.outbox) == 2


def test_staff_cancel_in_the_back_office_promotes_the_waiting(
    staff_client, registrations, django_capture_on_commit_callbacks
):
    url = reverse("admin:meetings_registration_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        _action(staff_client, url, "cancel", registrations[:1])
    assert [r.status for r in Registration.objects.order_by("pk")] == [
        "cancelled",
        "registered",
        "registered",
    ]
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_attendance_is_recorded_once_the_meeting_has_begun(staff_client, adela):
    meeting = make_meeting("today", days_ahead=0)
    registration = services.register(meeting, adela)
    _action(
        staff_client,
        reverse("admin:meetings_registration_changelist"),
        "mark_attended",
        [registration],
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED


def test_the_participant_list_exports_guard_formulas(staff_client, meeting, registrations):
    url = reverse("admin:meetings_meeting_changelist")
    response = _action(staff_client, url, "export_participants_csv", [meeting])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[3] for r in rows[1:]] == ["Díaz Bernárdez", "Kaburu", "Ruiz"]
    assert rows[1][-1] == "'=cmd|' /C calc'!A0"
    assert rows[3][5] == "On the waiting list"

    response = _action(staff_client, url, "export_participants_xlsx", [meeting])
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "meeting"
    assert values[1][-1] == "'=cmd|' /C calc'!A0"
    assert len(values) == 4


def test_badges_are_printed_for_people_holding_places(staff_client, meeting, registrations):
    response = _action(
        staff_client, reverse("admin:meetings_meeting_changelist"), "print_badges", [meeting]
    )
    page = response.content.decode()
    assert page.count('class="badge"') == 2
    assert "Ms. Adela Díaz Bernárdez" in page and "Ms. Mary Kaburu" in page
    assert "Ana Ruiz" not in page


def test_the_meeting_page_of_the_back_office_adds_registrations_through_the_service(
    staff_client, meeting, adela, mary, ana
):
    services.register(meeting, adela)
    services.register(meeting, mary)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "hosts": [],
            "chairs": [],
            "start_date": meeting.start_date,
            "end_date": meeting.end_date,
            "registration_open": "on",
        }
    )
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{formset.formset.prefix}-{name}"] = management[name].value()
        for i, inline_form in enumerate(formset.formset.initial_forms):
            data[f"{formset.formset.prefix}-{i}-id"] = inline_form.instance.pk
            data[f"{formset.formset.prefix}-{i}-{formset.formset.fk.name}"] = meeting.pk
            for field in inline_form.fields:
                value = inline_form[field].value()
                if field not in ("id",) and value not in (None, False):
                    data[f"{formset.formset.prefix}-{i}-{field}"] = value
    prefix = "registrations"
    data[f"{prefix}-TOTAL_FORMS"] = 3
    data[f"{prefix}-2-person"] = ana.pk
    data[f"{prefix}-2-meeting"] = meeting.pk
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"]
    ]
    # Two places are taken: the third person waits, as on the site.
    assert Registration.objects.get(person=ana).status == RegistrationStatus.WAITING


def test_the_commitments_tracker_filters_in_the_back_office(
    staff_client, kenya_commitment, spain_commitment
):
    url = reverse("admin:meetings_commitment_changelist")
    response = staff_client.get(url, {"member__id__exact": kenya_commitment.member_id})
    assert list(response.context["cl"].result_list) == [kenya_commitment]
    response = staff_client.get(url, {"status__exact": "pledged", "q": "secretariat"})
    assert list(response.context["cl"].result_list) == [spain_commitment]


def test_an_update_added_in_the_back_office_moves_the_status(staff_client, kenya_commitment):
    url = reverse("admin:meetings_commitmentupdate_add")
    response = staff_client.post(
        url,
        {
            "commitment": kenya_commitment.pk,
            "reported_on": "2018-04-09",
            "new_status": "achieved",
            "text": "Done",
        },
    )
    assert response.status_code == 302
    kenya_commitment.refresh_from_db()
    assert kenya_commitment.status == "achieved"
    assert kenya_commitment.updates.get().author.email == "staff@example.org"


# --- The participant list and badges as buttons on a meeting's page -----------------------


def test_a_meeting_page_offers_its_participant_list_and_badges(
    staff_client, meeting, registrations
):
    page = staff_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).text
    csv_url = reverse("admin:meetings_meeting_participants_csv", args=[meeting.pk])
    xlsx_url = reverse("admin:meetings_meeting_participants_xlsx", args=[meeting.pk])
    badges_url = reverse("admin:meetings_meeting_badges", args=[meeting.pk])
    for url in (csv_url, xlsx_url, badges_url):
        assert f'href="{url}"' in page

    rows = list(csv.reader(io.StringIO(staff_client.get(csv_url).content.decode("utf-8-sig"))))
    assert [r[3] for r in rows[1:]] == ["Díaz Bernárdez", "Kaburu", "Ruiz"]
    assert rows[1][-1] == "'=cmd|' /C calc'!A0"
    sheet = load_workbook(io.BytesIO(staff_client.get(xlsx_url).content)).active
    assert sheet.max_row == 4
    assert staff_client.get(badges_url).text.count('class="badge"') == 2


def test_a_meeting_exports_only_its_own_participants(staff_client, meeting, registrations, adela):
    other = make_meeting(slug="other-meeting", title="Another meeting")
    services.register(other, adela)
    url = reverse("admin:meetings_meeting_participants_csv", args=[other.pk])
    rows = list(csv.reader(io.StringIO(staff_client.get(url).content.decode("utf-8-sig"))))
    assert len(rows) == 2


@pytest.mark.parametrize("name", ["participants_csv", "participants_xlsx", "badges"])
def test_meeting_exports_need_staff_who_may_see_registrations(
    client, member_client, meeting, registrations, name
):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    url = reverse(f"admin:meetings_meeting_{name}", args=[meeting.pk])
    assert client.get(url).status_code == 302  # the public: to the login page
    assert member_client.get(url).status_code == 302  # a member is not staff
    clerk = get_user_model().objects.create_user(
        email="clerk@example.org", password="x-long-password", is_staff=True
    )
    clerk.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    client.force_login(clerk)
    assert client.get(url).status_code == 403  # staff who may not see registrations
    missing = reverse(f"admin:meetings_meeting_{name}", args=[999999])
    clerk.user_permissions.add(Permission.objects.get(codename="view_registration"))
    assert client.get(missing).status_code == 404
