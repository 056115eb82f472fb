"""The resources of action plans, meetings and newsletters: who sees which
rows and fields, the writes that go through the apps' services, filters,
sync, CSV, conditional requests and query counts."""

import csv
import datetime
import io
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from focalpoints.models import Person
from meetings import services as meeting_services
from meetings.choices import RegistrationStatus, SessionRoleKind
from meetings.models import Commitment, CommitmentUpdate, Meeting, Registration, today
from network.models import ActionPlan
from newsletters.choices import EntryKind, IssueStatus
from newsletters.models import Entry, Issue, IssueEntry, Subscription

pytestmark = pytest.mark.django_db

NEW_LISTS = [
    "/api/v1/action-plans/",
    "/api/v1/meetings/",
    "/api/v1/sessions/",
    "/api/v1/registrations/",
    "/api/v1/commitments/",
    "/api/v1/commitment-updates/",
    "/api/v1/entries/",
    "/api/v1/newsletter-issues/",
    "/api/v1/subscriptions/",
]


def _results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _ids(response):
    return sorted(item["id"] for item in _results(response))


# --- personal data: registrations and subscriptions ------------------------------------


@pytest.mark.parametrize("caller", ["anonymous", "partner"])
def test_public_and_partners_see_no_registration_or_subscription(callers, agenda, caller):
    client = callers[caller]
    for url in ("/api/v1/registrations/", "/api/v1/subscriptions/"):
        body = client.get(url).json()
        assert body["count"] == 0 and body["results"] == []
    for key, prefix in (
        ("own_registration", "registrations"),
        ("own_subscription", "subscriptions"),
    ):
        response = client.get(f"/api/v1/{prefix}/{agenda[key].pk}/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("caller", ["anonymous", "partner", "member"])
def test_nobody_reads_anothers_access_needs_or_address_anywhere(callers, agenda, caller):
    """Every new list, each of its objects, and its CSV export: Mary's access
    needs and the other subscriber's address reach staff only; Adela's own
    only herself; nobody's email reaches the public or partners."""
    client = callers[caller]
    secrets = ["Vegetarian", "reader@example.org"]
    if caller != "member":
        secrets += ["Step-free access", "adela@example.org", "mary@example.org"]
    for url in NEW_LISTS:
        bodies = [client.get(url).content, b"".join(client.get(url + "?format=csv"))]
        for item in client.get(url).json()["results"]:
            bodies.append(client.get(item["url"]).content)
        text = b"".join(bodies).decode()
        for secret in secrets:
            assert secret not in text, (url, secret)


def test_member_sees_own_registration_with_its_personal_fields(member, agenda):
    own = agenda["own_registration"]
    results = _results(member.get("/api/v1/registrations/"))
    assert [r["id"] for r in results] == [own.pk]
    detail = member.get(f"/api/v1/registrations/{own.pk}/").json()
    assert detail == results[0]
    assert detail["access_needs"] == "Step-free access" and detail["travel_support"] is True
    assert "notes" not in detail  # the secretariat's
    assert member.get(f"/api/v1/registrations/{agenda['mary_registration'].pk}/").status_code == 404


def test_staff_see_every_registration_and_their_notes(staff, agenda):
    results = _results(staff.get("/api/v1/registrations/"))
    assert {r["access_needs"] for r in results} == {"Step-free access", "Vegetarian"}
    assert all("notes" in r for r in results)


def test_member_sees_own_subscription_only_and_not_why_it_was_suspended(member, staff, agenda):
    results = _results(member.get("/api/v1/subscriptions/"))
    assert [(s["email"], s["state"]) for s in results] == [("adela@example.org", "active")]
    assert "suspension_detail" not in results[0] and "token" not in results[0]
    staff_results = _results(staff.get("/api/v1/subscriptions/?state=pending"))
    assert [s["email"] for s in staff_results] == ["reader@example.org"]
    assert "suspension_detail" in staff_results[0] and "token" not in staff_results[0]


def test_registration_csv_has_the_own_fields_for_a_member(member, staff, agenda):
    rows = _csv(member.get("/api/v1/registrations/?format=csv"))
    assert len(rows) == 1 and rows[0]["access_needs"] == "Step-free access"
    assert "notes" not in rows[0] and rows[0]["meeting"] == "Expert meeting on climate"
    staff_rows = _csv(staff.get("/api/v1/registrations/?format=csv&ordering=registered_at"))
    assert [row["access_needs"] for row in staff_rows] == ["Step-free access", "Vegetarian"]
    assert "notes" in staff_rows[0]


def _csv(response):
    assert response.status_code == 200 and response.streaming
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


# --- registering through the API -----------------------------------------------------


def test_member_registers_themselves_while_registration_is_open(member, adela, agenda):
    meeting = agenda["another"]
    response = member.post(
        "/api/v1/registrations/",
        {"meeting": meeting.pk, "visa_letter": True, "access_needs": "Quiet room"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["person"]["id"] == adela.pk and body["status"] == "registered"
    assert body["member"]["display"] == "Spain"  # her current post's member
    registration = Registration.objects.get(meeting=meeting, person=adela)
    assert registration.visa_letter and registration.registered_at is not None
    assert registration.history.first().history_user.email == "adela.account@example.org"


def test_member_cannot_register_when_closed_nor_someone_else_nor_set_staff_fields(
    member, agenda, mary
):
    held = agenda["held"]
    closed = member.post("/api/v1/registrations/", {"meeting": held.pk}, format="json")
    assert closed.status_code == 400
    assert "already taken place" in closed.json()["errors"]["meeting"][0]
    body = {"meeting": agenda["another"].pk, "person": mary.pk}
    other = member.post("/api/v1/registrations/", body, format="json")
    assert other.status_code == 403 and "person" in other.json()["errors"]
    staff_field = member.post(
        "/api/v1/registrations/",
        {"meeting": agenda["another"].pk, "notes": "VIP", "status": "confirmed"},
        format="json",
    )
    assert staff_field.status_code == 403
    assert set(staff_field.json()["errors"]) == {"notes", "status"}
    assert not Registration.objects.filter(meeting=agenda["another"]).exists()


def test_member_cancels_own_registration_but_cannot_confirm_it(member, agenda):
    own = agenda["own_registration"]
    url = f"/api/v1/registrations/{own.pk}/"
    refused = member.patch(url, {"status": "confirmed"}, format="json")
    assert refused.status_code == 403 and "status" in refused.json()["errors"]
    own.refresh_from_db()
    assert own.status == RegistrationStatus.REGISTERED
    travel = member.patch(url, {"travel_support": False}, format="json")
    assert travel.status_code == 403 and "travel_support" in travel.json()["errors"]
    response = member.patch(url, {"status": "cancelled"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled" and response.json()["cancelled_at"]
    own.refresh_from_db()
    assert own.status == RegistrationStatus.CANCELLED


def test_cancelling_frees_the_place_for_the_first_waiting(staff, agenda, adela, mary):
    meeting = agenda["upcoming"]
    Meeting.objects.filter(pk=meeting.pk).update(capacity=2)
    third = Person.objects.create(given_name="Third", family_name="Person")
    response = staff.post(
        "/api/v1/registrations/", {"meeting": meeting.pk, "person": third.pk}, format="json"
    )
    assert response.status_code == 201 and response.json()["status"] == "waiting"
    waiting = _results(staff.get(f"/api/v1/registrations/?meeting={meeting.slug}&status=waiting"))
    assert [r["person"]["id"] for r in waiting] == [third.pk] and waiting[0]["waiting_position"]
    staff.patch(
        f"/api/v1/registrations/{agenda['mary_registration'].pk}/",
        {"status": "cancelled"},
        format="json",
    )
    assert Registration.objects.get(person=third).status == RegistrationStatus.REGISTERED


def test_staff_confirm_and_mark_attendance_through_the_services(staff, agenda):
    registration = agenda["own_registration"]
    url = f"/api/v1/registrations/{registration.pk}/"
    confirmed = staff.patch(url, {"status": "confirmed", "notes": "Hotel booked."}, format="json")
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["confirmed_at"] and confirmed.json()["notes"] == "Hotel booked."
    too_early = staff.patch(url, {"status": "attended"}, format="json")
    assert too_early.status_code == 400 and "status" in too_early.json()["errors"]
    invalid = staff.patch(url, {"status": "waiting"}, format="json")
    assert invalid.status_code == 400 and "status" in invalid.json()["errors"]
    moved = staff.patch(url, {"meeting": agenda["another"].pk}, format="json")
    assert moved.status_code == 400 and "meeting" in moved.json()["errors"]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


# --- commitments and their updates -----------------------------------------------------


def test_member_adds_an_update_to_own_members_commitment(member, agenda):
    commitment = agenda["spain_commitment"]
    response = member.post(
        "/api/v1/commitment-updates/",
        {"commitment": commitment.pk, "text": "Adopted by the cabinet.", "new_status": "achieved"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["author"] == "Ms. Adela Díaz Bernárdez"
    commitment.refresh_from_db()
    assert commitment.status == "achieved"  # the service syncs the status
    assert commitment.updates.latest().author.email == "adela.account@example.org"


def test_member_cannot_report_on_another_members_commitment(member, partner, anonymous, agenda):
    commitment = agenda["kenya_commitment"]
    before = CommitmentUpdate.objects.count()
    body = {"commitment": commitment.pk, "text": "Done.", "new_status": "achieved"}
    refused = member.post("/api/v1/commitment-updates/", body, format="json")
    assert refused.status_code == 403
    assert "Kenya" in refused.json()["errors"]["commitment"][0]
    assert partner.post("/api/v1/commitment-updates/", body, format="json").status_code == 403
    assert anonymous.post("/api/v1/commitment-updates/", body, format="json").status_code == 401
    assert CommitmentUpdate.objects.count() == before
    commitment.refresh_from_db()
    assert commitment.status == "pledged"


def test_update_rules_of_the_model_apply_to_api_writes(member, agenda):
    commitment = agenda["spain_commitment"]
    future = (today() + datetime.timedelta(days=3)).isoformat()
    response = member.post(
        "/api/v1/commitment-updates/",
        {"commitment": commitment.pk, "text": "Soon.", "reported_on": future},
        format="json",
    )
    assert response.status_code == 400 and "reported_on" in response.json()["errors"]
    empty = member.post("/api/v1/commitment-updates/", {"commitment": commitment.pk}, format="json")
    assert empty.status_code == 400 and "text" in empty.json()["errors"]


def test_update_author_is_for_members_and_staff(anonymous, member, agenda):
    url = f"/api/v1/commitment-updates/{agenda['spain_update'].pk}/"
    assert "author" not in anonymous.get(url).json()
    assert member.get(url).json()["author"] == "Secretariat"


def test_staff_record_a_commitment_through_the_service(staff, agenda, spain):
    theme = agenda["theme"]
    response = staff.post(
        "/api/v1/commitments/",
        {
            "member": spain.pk,
            "meeting": agenda["held"].pk,
            "text": "  Train fifty mediators.  ",
            "themes": [theme.pk],
            "due_on": "2016-01-01",
        },
        format="json",
    )
    assert response.status_code == 400 and "due_on" in response.json()["errors"]
    response = staff.post(
        "/api/v1/commitments/",
        {"member": spain.pk, "meeting": agenda["held"].pk, "text": "  Train fifty mediators. "},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Commitment.objects.get(pk=response.json()["id"]).text == "Train fifty mediators."


# --- agenda, meetings, action plans, newsletters -----------------------------------------


def test_session_people_appear_by_name_and_link_only_when_visible(callers, agenda, adela, mary):
    url = f"/api/v1/sessions/{agenda['session'].pk}/"
    for caller in ("anonymous", "partner", "member"):
        roles = callers[caller].get(url).json()["roles"]
        assert [r["name"] for r in roles] == [
            "Ms. Adela Díaz Bernárdez",
            "Ms. Mary Kaburu",
            "Representative of Economic Community of West African States",
        ]
        assert roles[0]["affiliation"] == "Spain, MFA" and roles[0]["role"] == "chair"
        assert roles[1]["person"]["url"].endswith(f"/api/v1/people/{mary.pk}/")
        assert roles[2]["member"]["display"] == "Economic Community of West African States"
        assert "person" not in roles[2]
        if caller == "member":
            assert roles[0]["person"]["id"] == adela.pk
        else:
            # Not listed publicly: her name and role, no link, not even her id.
            assert "person" not in roles[0]
            assert f"/people/{adela.pk}/" not in json.dumps(roles)
    session = callers["anonymous"].get(url).json()
    assert session["starts_at"] == "2017-04-26T09:30:00+02:00"
    assert session["calendar_url"].endswith(f"/meetings/alicante-2017/sessions/{session['id']}.ics")


def test_meeting_links_its_calendar(anonymous, agenda, spain):
    body = anonymous.get(f"/api/v1/meetings/{agenda['held'].pk}/").json()
    assert body["hosts"] == [
        {"id": spain.pk, "url": f"http://testserver/api/v1/members/{spain.pk}/", "display": "Spain"}
    ]
    assert body["calendar_url"] == "http://testserver/meetings/alicante-2017/calendar.ics"
    calendar = anonymous.get(body["calendar_url"])
    assert calendar.status_code == 200 and calendar["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in calendar.content
    assert anonymous.get(body["web_url"]).status_code == 200


def test_unsent_issues_are_hidden_from_everyone_but_staff(callers, agenda):
    sent, draft = agenda["sent_issue"], agenda["draft_issue"]
    for caller in ("anonymous", "partner", "member"):
        client = callers[caller]
        assert _ids(client.get("/api/v1/newsletter-issues/")) == [sent.pk]
        assert client.get(f"/api/v1/newsletter-issues/{draft.pk}/").status_code == 404
        assert client.get("/api/v1/newsletter-issues/?status=draft").json()["count"] == 0
        entries = client.get(f"/api/v1/newsletter-issues/{sent.pk}/").json()["entries"]
        assert [e["id"] for e in entries] == [agenda["entry"].pk]  # not the unpublished one
        assert agenda["draft_entry"].pk not in _ids(client.get("/api/v1/entries/"))
    staff = callers["staff"]
    assert _ids(staff.get("/api/v1/newsletter-issues/")) == sorted([sent.pk, draft.pk])
    entries = staff.get(f"/api/v1/newsletter-issues/{sent.pk}/").json()["entries"]
    assert [e["id"] for e in entries] == [agenda["entry"].pk, agenda["draft_entry"].pk]


def test_staff_write_an_entry_with_its_markdown_sanitised(staff, spain):
    response = staff.post(
        "/api/v1/entries/",
        {
            "kind": "funding",
            "title": "Call for proposals",
            "summary": "Apply **now** <script>alert(1)</script>",
            "member": spain.pk,
            "link": "javascript:alert(1)",
        },
        format="json",
    )
    assert response.status_code == 400 and "link" in response.json()["errors"]
    response = staff.post(
        "/api/v1/entries/",
        {"kind": "funding", "title": "Call", "summary": "Apply **now** <script>x</script>"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert "<strong>now</strong>" in response.json()["summary_html"]
    assert "<script" not in response.json()["summary_html"]


def test_staff_add_a_subscription_that_its_owner_confirms(staff, agenda):
    response = staff.post(
        "/api/v1/subscriptions/",
        {"newsletter": "wps", "email": "New.Reader@Example.org", "language": "fr"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["email"] == "new.reader@example.org" and body["state"] == "pending"
    again = staff.post(
        "/api/v1/subscriptions/",
        {"newsletter": "wps", "email": "NEW.reader@example.org"},
        format="json",
    )
    assert again.status_code == 400 and again.json()["errors"]
    assert Subscription.objects.filter(email="new.reader@example.org").count() == 1


def test_member_changes_the_language_of_own_subscription_only(member, agenda):
    own = agenda["own_subscription"]
    response = member.patch(f"/api/v1/subscriptions/{own.pk}/", {"language": "es"}, format="json")
    assert response.status_code == 200 and response.json()["language"] == "es"
    refused = member.patch(
        f"/api/v1/subscriptions/{own.pk}/", {"email": "x@example.org"}, format="json"
    )
    assert refused.status_code == 403 and "email" in refused.json()["errors"]


def test_issues_are_read_only_even_for_staff(staff, agenda):
    url = f"/api/v1/newsletter-issues/{agenda['draft_issue'].pk}/"
    for response in (
        staff.post("/api/v1/newsletter-issues/", {"title": "x"}, format="json"),
        staff.patch(url, {"title": "x"}, format="json"),
        staff.delete(url),
    ):
        assert response.status_code == 405
        assert response.json()["code"] == "method_not_allowed"
    assert Issue.objects.get(pk=agenda["draft_issue"].pk).title == "Second issue (draft)"


def test_action_plan_status_is_derived_and_rules_apply(anonymous, staff, agenda, ecowas):
    first, second = agenda["first_plan"], agenda["second_plan"]
    body = anonymous.get(f"/api/v1/action-plans/{second.pk}/").json()
    assert body["status"] == "active" and body["follows"]["id"] == first.pk
    assert body["title"] == "Second National Action Plan on Women, Peace and Security"
    assert body["has_dedicated_budget"] is False and body["has_monitoring_framework"] is None
    assert anonymous.get(f"/api/v1/action-plans/{first.pk}/").json()["status"] == "expired"
    assert _ids(anonymous.get("/api/v1/action-plans/?status=active&member=ES")) == [second.pk]
    refused = staff.post(
        "/api/v1/action-plans/",
        {"member": ecowas.pk, "scope": "national", "sequence": 2},
        format="json",
    )
    assert refused.status_code == 400 and "scope" in refused.json()["errors"]
    duplicate = staff.post(
        "/api/v1/action-plans/",
        {"member": ecowas.pk, "scope": "regional", "sequence": 1},
        format="json",
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["errors"] == {
        "non_field_errors": ["This member already has a plan with this number."]
    }


# --- filters, sync, CSV, conditional requests ------------------------------------------


def test_filters_of_the_new_lists(anonymous, staff, agenda, spain):
    a = agenda
    theme = a["theme"].slug
    assert _ids(anonymous.get("/api/v1/meetings/?when=upcoming")) == sorted(
        [a["upcoming"].pk, a["another"].pk]
    )
    assert _ids(anonymous.get("/api/v1/meetings/?host=ES")) == [a["held"].pk]
    assert _ids(anonymous.get("/api/v1/meetings/?q=ALICANTE")) == [a["held"].pk]
    assert _ids(anonymous.get("/api/v1/meetings/?kind=expert&kind=virtual")) == sorted(
        [a["upcoming"].pk, a["another"].pk]
    )
    assert _ids(anonymous.get("/api/v1/meetings/?year=2017")) == [a["held"].pk]
    assert _ids(anonymous.get(f"/api/v1/sessions/?meeting_id={a['held'].pk}&theme={theme}")) == [
        a["session"].pk
    ]
    assert _ids(anonymous.get("/api/v1/sessions/?meeting=alicante-2017&day_after=2017-04-27")) == [
        a["spare_session"].pk
    ]
    assert _ids(anonymous.get("/api/v1/commitments/?member=KE")) == sorted(
        [a["kenya_commitment"].pk, a["spare_commitment"].pk]
    )
    assert _ids(anonymous.get(f"/api/v1/commitments/?theme={theme}&status=in_progress")) == [
        a["spain_commitment"].pk
    ]
    assert _ids(anonymous.get("/api/v1/commitments/?q=civil society")) == [a["kenya_commitment"].pk]
    assert _ids(anonymous.get("/api/v1/commitments/?region=150")) == [a["spain_commitment"].pk]
    assert _ids(
        anonymous.get(f"/api/v1/commitment-updates/?commitment={a['spain_commitment'].pk}")
    ) == [a["spain_update"].pk]
    assert _ids(anonymous.get("/api/v1/commitment-updates/?reported_on_before=2018-12-31")) == [
        a["spain_update"].pk
    ]
    assert _ids(anonymous.get("/api/v1/entries/?kind=research&member=ES")) == [a["entry"].pk]
    assert _ids(anonymous.get("/api/v1/entries/?q=peace processes")) == [a["entry"].pk]
    assert _ids(anonymous.get("/api/v1/action-plans/?region=002")) == [a["regional_plan"].pk]
    assert _ids(staff.get("/api/v1/newsletter-issues/?status=draft")) == [a["draft_issue"].pk]
    assert _ids(staff.get("/api/v1/registrations/?member=KE")) == [a["mary_registration"].pk]
    titles = [m["title"] for m in _results(anonymous.get("/api/v1/meetings/?ordering=title"))]
    assert titles == sorted(titles)


BAD_PARAMETERS = [
    ("/api/v1/meetings/?when=someday", "when"),
    ("/api/v1/meetings/?kind=party", "kind"),
    ("/api/v1/meetings/?year=next", "year"),
    ("/api/v1/meetings/?host=XX", "host"),
    ("/api/v1/meetings/?ordering=capacity", "ordering"),
    ("/api/v1/sessions/?meeting=no-such-meeting", "meeting"),
    ("/api/v1/sessions/?meeting_id=99999999999999999999", "meeting_id"),
    ("/api/v1/sessions/?day_after=2017-02-30", "day"),
    ("/api/v1/registrations/?status=maybe", "status"),
    ("/api/v1/commitments/?status=forgotten", "status"),
    ("/api/v1/commitments/?member_id=abc", "member_id"),
    ("/api/v1/commitments/?theme=no-such-theme", "theme"),
    ("/api/v1/commitment-updates/?commitment=999999", "commitment"),
    ("/api/v1/entries/?open=perhaps", "open"),
    ("/api/v1/entries/?kind=gossip", "kind"),
    ("/api/v1/action-plans/?status=dormant", "status"),
    ("/api/v1/action-plans/?member_id=99999999999999999999", "member_id"),
    ("/api/v1/newsletter-issues/?newsletter=nope", "newsletter"),
    ("/api/v1/newsletter-issues/?sent_after=last-week", "sent"),
    ("/api/v1/subscriptions/?state=happy", "state"),
    ("/api/v1/subscriptions/?updated_since=yesterday", "updated_since"),
    ("/api/v1/entries/?page_size=501", "page_size"),
    ("/api/v1/commitments/?memebr=ES", "memebr"),
    ("/api/v1/meetings/?when=", "when"),
]


@pytest.mark.parametrize(("url", "parameter"), BAD_PARAMETERS)
def test_bad_parameter_of_a_new_list_is_a_400_naming_it(staff, agenda, url, parameter):
    response = staff.get(url)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid"
    assert any(name.startswith(parameter) for name in body["errors"]), body


@pytest.mark.parametrize("url", NEW_LISTS)
def test_updated_since_on_every_new_list(staff, agenda, url):
    everything = staff.get(url).json()["count"]
    assert everything > 0
    future = (timezone.now() + datetime.timedelta(hours=1)).isoformat()
    assert staff.get(url, {"updated_since": future}).json()["count"] == 0
    past = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    assert staff.get(url, {"updated_since": past}).json()["count"] == everything


def test_csv_of_commitments_is_filtered_and_formula_safe(anonymous, agenda):
    rows = _csv(anonymous.get("/api/v1/commitments/?format=csv&member=KE&ordering=status"))
    texts = sorted(row["text"] for row in rows)
    assert texts == ["'=Fund civil-society monitoring", "A spare pledge."]
    assert rows[0]["member"] == "Kenya" and rows[0]["member_id"].isdigit()
    assert rows[0]["themes"] == "" and rows[0]["web_url"].startswith("http://testserver/")
    plans = _csv(anonymous.get("/api/v1/action-plans/?format=csv&member=ES"))
    assert "'=Costed later" in [row["notes"] for row in plans]


def test_etag_and_not_modified_on_new_resources(anonymous, member, agenda):
    url = f"/api/v1/meetings/{agenda['held'].pk}/"
    first = anonymous.get(url)
    assert anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    listing = anonymous.get("/api/v1/commitments/")
    assert (
        anonymous.get("/api/v1/commitments/", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304
    )
    meeting_services.add_commitment_update(
        agenda["kenya_commitment"], by=agenda["spain_update"].author, new_status="achieved"
    )
    changed = anonymous.get("/api/v1/commitments/", HTTP_IF_NONE_MATCH=listing["ETag"])
    assert changed.status_code == 200
    # Members see the author of updates: another body, another tag.
    updates = anonymous.get("/api/v1/commitment-updates/")
    assert (
        member.get("/api/v1/commitment-updates/", HTTP_IF_NONE_MATCH=updates["ETag"]).status_code
        == 200
    )


# --- query counts ---------------------------------------------------------------------------


def _grow(agenda, count):
    """``count`` more rows of every new resource, with their related objects."""
    held, theme = agenda["held"], agenda["theme"]
    spain = agenda["spain_commitment"].member
    kenya = agenda["kenya_commitment"].member
    newsletter = agenda["newsletter"]
    now = timezone.now()
    last_number = Issue.objects.order_by("-number").values_list("number", flat=True).first()
    for index in range(count):
        meeting = Meeting.objects.create(
            title=f"Meeting {index}",
            slug=f"meeting-{index}-{Meeting.objects.count()}",
            start_date=today() + datetime.timedelta(days=10),
            registration_open=True,
        )
        meeting.hosts.set([spain, kenya])
        meeting.chairs.set([kenya])
        person = Person.objects.create(given_name=f"Speaker{index}", public_listing=index % 2 == 0)
        meeting_services.schedule_session(
            held,
            title=f"Panel {index}",
            day=held.start_date,
            themes=[theme],
            roles=[
                {"person": person, "role": SessionRoleKind.SPEAKER},
                {"member": kenya, "role": SessionRoleKind.INTERVENTION},
            ],
        )
        meeting_services.register(meeting, person, access_needs="x")
        commitment = meeting_services.record_commitment(
            held, kenya, f"Pledge {index}", themes=[theme]
        )
        meeting_services.add_commitment_update(
            commitment, by=agenda["spain_update"].author, text=f"Progress {index}"
        )
        entry = Entry.objects.create(kind=EntryKind.RESEARCH, title=f"Study {index}", member=spain)
        entry.themes.set([theme])
        issue = Issue.objects.create(
            newsletter=newsletter,
            number=last_number + index + 1,
            title=f"Issue {index}",
            status=IssueStatus.SENT,
            send_started_at=now,
            sent_at=now,
        )
        IssueEntry.objects.create(issue=issue, entry=entry, position=1)
        Subscription.objects.create(
            newsletter=newsletter, email=f"reader{index}@example.org", person=person
        )
        ActionPlan.objects.create(member=spain, scope="local", title=f"Plan of city {index}")


@pytest.mark.parametrize("caller", ["anonymous", "staff"])
@pytest.mark.parametrize("url", NEW_LISTS)
def test_query_count_of_new_lists_does_not_grow_with_rows(callers, agenda, caller, url):
    client = callers[caller]
    client.get(url)  # log in, load the session
    cache.clear()  # counts cold, as after any write
    with CaptureQueriesContext(connection) as few:
        first = client.get(url + "?page_size=500")
    _grow(agenda, 12)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        second = client.get(url + "?page_size=500")
    if caller == "staff":
        assert second.json()["count"] >= first.json()["count"] + 12
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_model_rules_apply_to_staff_writes_of_meetings_sessions_and_plans(staff, agenda, kenya):
    meeting = {"title": "On Mars", "slug": "mars", "start_date": "2030-01-02"}
    bad_zone = staff.post(
        "/api/v1/meetings/", {**meeting, "time_zone": "Mars/Olympus"}, format="json"
    )
    assert bad_zone.status_code == 400 and "time_zone" in bad_zone.json()["errors"]
    backwards_dates = staff.post(
        "/api/v1/meetings/", {**meeting, "end_date": "2030-01-01"}, format="json"
    )
    assert backwards_dates.status_code == 400 and "end_date" in backwards_dates.json()["errors"]
    held = agenda["held"]
    outside = staff.post(
        "/api/v1/sessions/",
        {"meeting": held.pk, "title": "Late", "day": "2017-05-01", "start_time": "10:00"},
        format="json",
    )
    assert outside.status_code == 400 and "day" in outside.json()["errors"]
    backwards = staff.patch(
        f"/api/v1/sessions/{agenda['session'].pk}/", {"end_time": "08:00:00"}, format="json"
    )
    assert backwards.status_code == 400 and "end_time" in backwards.json()["errors"]
    stranding = staff.patch(
        f"/api/v1/meetings/{held.pk}/",
        {"start_date": "2018-01-01", "end_date": "2018-01-02"},
        format="json",
    )
    assert stranding.status_code == 400 and "start_date" in stranding.json()["errors"]
    wrong_follows = staff.post(
        "/api/v1/action-plans/",
        {
            "member": kenya.pk,
            "scope": "national",
            "sequence": 2,
            "follows": agenda["first_plan"].pk,
        },
        format="json",
    )
    assert wrong_follows.status_code == 400 and "follows" in wrong_follows.json()["errors"]
    created = staff.post(
        "/api/v1/sessions/",
        {
            "meeting": held.pk,
            "title": "Side panel",
            "day": "2017-04-27",
            "themes": [agenda["theme"].pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["themes"][0]["id"] == agenda["theme"].pk
    assert created.json()["roles"] == [] and created.json()["uid"]
