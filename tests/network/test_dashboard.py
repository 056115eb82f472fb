"""The staff dashboard on the admin's front page: each item's count against the
data, each item's link landing on the admin list that shows that many rows,
the models grouped by the work they serve, and who may see it."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from focalpoints.choices import Role
from focalpoints.models import Person, VerificationRequest
from focalpoints.services import appoint_person
from meetings import services as meeting_services
from meetings.choices import CommitmentStatus, InvitationStatus, MeetingStatus
from meetings.models import Invitation
from network.admin_site import MODEL_GROUPS, group_models
from network.choices import MemberKind
from network.core import dashboard
from network.models import Member, Region, today
from newsletters.choices import EntryKind, EntryStatus, SuspensionReason
from newsletters.models import Entry, Newsletter, Subscription
from tests.factories import make_meeting, make_user

EXPECTED = {
    "people-due-for-verification": 2,
    "verification-requests-unanswered": 1,
    "invitations-unanswered": 1,
    "entries-proposed": 1,
    "members-without-focal-point": 1,
    "registrations-travel-visa-pending": 2,
    "commitments-overdue": 1,
    "subscriptions-bounced": 2,
    "tasks-failed": 1,
    "tasks-waiting": 1,
}


def _task(**fields):
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="meetings.tasks.send_registration_email",
        backend_name="default",
        run_after=fields.pop("run_after", timezone.now()),
        **fields,
    )
    return task


@pytest.fixture
def world(spain, kenya, ecowas, adela, mary, staff_user, settings):
    """Two of everything the dashboard counts, one of them needing attention
    and one not, unless EXPECTED says otherwise."""
    now = timezone.now()
    # Verification: Adela never verified, a guest verified two years ago: due;
    # Mary verified last week: not due.
    Person.objects.filter(pk=mary.pk).update(verified_at=now - datetime.timedelta(days=7))
    Person.objects.create(given_name="Old", verified_at=now - datetime.timedelta(days=800))
    # Focal points: Spain and Kenya have one, ECOWAS none; an inactive member
    # without one does not count.
    Member.objects.create(
        kind=MemberKind.STATE,
        name="Atlantis",
        country="AQ",
        region=Region.objects.get(code="039"),
        active=False,
    )
    # Kenya's alternate does not make a focal point.
    alternate = Person.objects.create(given_name="Alt", verified_at=now)
    appoint_person(alternate, ecowas, Role.ALTERNATE, start_on=datetime.date(2020, 1, 1))

    # Registrations for an upcoming meeting: Adela asks for travel support and
    # Mary for a visa letter, not yet settled; Mary's visa request at a second
    # meeting was confirmed; a request for a meeting already over is history.
    upcoming = make_meeting("next", capacity=10)
    meeting_services.register(upcoming, adela, travel_support=True)
    meeting_services.register(upcoming, mary, visa_letter=True)
    other = make_meeting("later", days_ahead=60)
    confirmed = meeting_services.register(other, mary, visa_letter=True)
    meeting_services.confirm_registration(confirmed, by=staff_user, notify=False)
    meeting_services.register(other, adela)  # asks for nothing

    # Commitments made at a held meeting: one past due with no update since
    # (counted); one past due with an update after its due date; one achieved;
    # one due next year.
    held = make_meeting(
        "held",
        days_ahead=-400,
        status=MeetingStatus.HELD,
        registration_open=False,
    )
    due = held.start_date + datetime.timedelta(days=100)
    meeting_services.record_commitment(held, spain, "Overdue pledge", due_on=due)
    reported = meeting_services.record_commitment(held, kenya, "Reported pledge", due_on=due)
    meeting_services.add_commitment_update(
        reported, by=staff_user, text="Done half", reported_on=due + datetime.timedelta(days=1)
    )
    meeting_services.record_commitment(
        held, kenya, "Achieved pledge", due_on=due, status=CommitmentStatus.ACHIEVED
    )
    meeting_services.record_commitment(
        held, spain, "Future pledge", due_on=today() + datetime.timedelta(days=365)
    )

    # Subscriptions: a hard bounce and a complaint count; a suspension for
    # another reason and an active address do not.
    newsletter = Newsletter.objects.create(name="WPS news", slug="wps")
    for n, reason in enumerate(
        [SuspensionReason.HARD_BOUNCE, SuspensionReason.COMPLAINT, SuspensionReason.OTHER]
    ):
        Subscription.objects.create(
            newsletter=newsletter,
            email=f"s{n}@example.org",
            confirmed_at=now,
            suspended_at=now,
            suspension_reason=reason,
        )
    Subscription.objects.create(newsletter=newsletter, email="ok@example.org", confirmed_at=now)

    # Invitations: Adela's to the upcoming meeting is sent and unanswered
    # (counted); Mary's was accepted; the guest's is not sent yet; Adela's to
    # the held meeting is history.
    Invitation.objects.create(meeting=upcoming, person=adela, sent_at=now)
    Invitation.objects.create(
        meeting=upcoming,
        person=mary,
        sent_at=now,
        status=InvitationStatus.ACCEPTED,
        answered_at=now,
    )
    Invitation.objects.create(meeting=upcoming, person=alternate)
    Invitation.objects.create(meeting=held, person=adela, sent_at=now)

    # Verification requests: Adela's unanswered (counted), Mary's answered.
    VerificationRequest.objects.create(person=adela)
    VerificationRequest.objects.create(person=mary, answered_at=now)

    # Entries: one proposed by a member (counted), one published.
    Entry.objects.create(kind=EntryKind.RESEARCH, title="Proposed", status=EntryStatus.PROPOSED)
    Entry.objects.create(kind=EntryKind.RESEARCH, title="Published", status=EntryStatus.PUBLISHED)

    # Tasks: one failed yesterday (counted), one failed a month ago; one ready
    # for an hour (counted), one ready since a second ago.
    settings.HEALTH_QUEUE_STALE_SECONDS = 300
    _task(status="FAILED", finished_at=now - datetime.timedelta(days=1))
    _task(status="FAILED", finished_at=now - datetime.timedelta(days=30))
    stale = _task(run_after=now - datetime.timedelta(hours=1))
    DBTaskResult.objects.filter(pk=stale.pk).update(enqueued_at=now - datetime.timedelta(hours=1))
    _task()


def _rows(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {row.key: row for row in response.context["dashboard"]["items"]}


def test_each_item_counts_what_needs_doing(world, staff_client):
    counts = {key: row.count for key, row in _rows(staff_client).items()}
    assert counts == EXPECTED


def test_each_link_lands_on_the_list_it_names_with_that_many_rows(world, staff_client):
    for key, row in _rows(staff_client).items():
        response = staff_client.get(row.url)
        assert response.status_code == 200, key
        changelist = response.context["cl"]
        # Not redirected to the unfiltered list (?e=1), and the same count.
        assert "e" not in changelist.params, key
        assert changelist.result_count == row.count, key
        assert changelist.model._meta.label_lower == dashboard._items[key].model, key


def test_the_front_page_shows_each_count_with_its_link(world, staff_client):
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert "What needs doing" in page
    for row in _rows(staff_client).values():
        assert f'href="{row.url.replace("&", "&amp;")}"' in page


def test_the_dashboard_costs_a_fixed_number_of_queries(world, staff_client):
    staff_client.get(reverse("admin:index"))  # session, permissions, caches warm
    with CaptureQueriesContext(connection) as first:
        staff_client.get(reverse("admin:index"))
    # More rows of everything must not cost more queries.
    make_meeting("another", days_ahead=90)
    Person.objects.create(given_name="New")
    with CaptureQueriesContext(connection) as second:
        staff_client.get(reverse("admin:index"))
    assert len(second) == len(first)
    # The admin's own five (session, user, two device lookups, recent actions),
    # ten counts, two a chart (regions, figures); pinned so that a new item
    # or a query per row is noticed.
    assert len(first) == 5 + 10 + 2 * 2, [q["sql"] for q in first.captured_queries]


def test_staff_see_only_the_items_whose_lists_they_may_view(world, client):
    user = make_user("clerk@example.org", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    keys = [row.key for row in response.context["dashboard"]["items"]]
    assert keys == ["people-due-for-verification"]
    chart_keys = [chart.key for chart in response.context["dashboard"]["charts"]]
    assert chart_keys == ["verification-coverage"]


# Who may open the dashboard: the admin's front page is staff-only.
PERMISSIONS = [
    ("anonymous", 302),
    ("plain", 302),
    ("member", 302),
    ("staff", 200),
]


@pytest.mark.parametrize(("who", "status"), PERMISSIONS)
def test_only_staff_open_the_dashboard(who, status, client, plain_user, member_user, staff_user):
    users = {"plain": plain_user, "member": member_user, "staff": staff_user}
    if who in users:
        client.force_login(users[who])
    response = client.get(reverse("admin:index"))
    assert response.status_code == status
    if status == 302:
        assert reverse("admin:login") in response["Location"]
        assert b"What needs doing" not in response.content


def test_models_are_grouped_by_work_with_system_libraries_last(staff_client):
    response = staff_client.get(reverse("admin:index"))
    groups = [str(app["name"]) for app in response.context["app_list"]]
    assert groups == [
        "Directory",
        "Meetings",
        "Commitments",
        "Action plans",
        "Newsletters",
        "Partners",
        "Security and system",
    ]
    system = next(a for a in response.context["app_list"] if a["app_label"] == "group-system")
    names = {model["object_name"].lower() for model in system["models"]}
    assert {"accessattempt", "totpdevice", "dbtaskresult", "audit"} <= names


def test_a_model_no_group_names_falls_into_other():
    app_list = [
        {
            "app_label": "network",
            "models": [{"object_name": "Member"}, {"object_name": "Brandnew"}],
        }
    ]
    groups = group_models(app_list)
    assert [(g["app_label"], [m["object_name"] for m in g["models"]]) for g in groups] == [
        ("group-directory", ["Member"]),
        ("group-other", ["Brandnew"]),
    ]


def test_every_registered_model_has_a_group(db):
    from django.contrib import admin

    named = {label for _title, labels in MODEL_GROUPS.values() for label in labels}
    registered = {model._meta.label_lower for model in admin.site._registry}
    # A new model still shows (under "Other"), but should say where it belongs.
    assert registered - named == set(), "name its group in network.admin_site.MODEL_GROUPS"
