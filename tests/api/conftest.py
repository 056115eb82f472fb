"""Fixtures of the API tests: a client for each kind of caller.

Counts and throttle buckets live in the cache, which tests/conftest.py empties
before each test; rates are high unless a test lowers them.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.test import APIClient

from focalpoints import services as focalpoint_services
from focalpoints.choices import Role
from focalpoints.models import Person
from meetings import services as meeting_services
from meetings.choices import MeetingKind, MeetingStatus, SessionRoleKind
from meetings.models import Meeting, today
from network.choices import MemberKind, PlanScope
from network.models import ActionPlan, Member, PartnerToken, Region, Theme
from network.reference import ensure_reference_data
from newsletters.choices import EntryKind, IssueStatus
from newsletters.models import Entry, Issue, IssueEntry, Newsletter, Subscription


@pytest.fixture(autouse=True)
def _generous_rates(settings):
    settings.API_THROTTLE_RATES = {
        "anonymous": "10000/minute",
        "partner": "10000/minute",
        "user": "10000/minute",
    }
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    # Accounts are made for every caller of every row of the permission table;
    # a deliberately slow password hash would make that minutes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def partner_token(db):
    """A usable token and its plaintext."""
    return PartnerToken.objects.issue(name="University research group", contact_name="R. Search")


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def partner(partner_token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {partner_token[1]}")
    return client


@pytest.fixture
def member(member_user):
    """Adela, Spain's focal point (not publicly listed), logged in."""
    client = APIClient()
    client.force_login(member_user)
    return client


@pytest.fixture
def staff(staff_user):
    client = APIClient()
    client.force_login(staff_user)
    return client


@pytest.fixture
def callers(anonymous, partner, member, staff):
    return {"anonymous": anonymous, "partner": partner, "member": member, "staff": staff}


# --- meetings, commitments, newsletters -------------------------------------------


def build_directory():
    """Spain, Kenya and ECOWAS, Adela (Spain's focal point, not listed
    publicly, with an account) and Mary (Kenya's, listed), with contact
    details: the suite's fixtures of tests/conftest.py, for data built once
    per module."""
    ensure_reference_data()
    spain = Member.objects.create(
        kind=MemberKind.STATE, name="Spain", country="ES", region=Region.objects.get(code="039")
    )
    kenya = Member.objects.create(
        kind=MemberKind.STATE, name="Kenya", country="KE", region=Region.objects.get(code="014")
    )
    ecowas = Member.objects.create(
        kind=MemberKind.REGIONAL_ORGANISATION,
        name="Economic Community of West African States",
        acronym="ECOWAS",
        region=Region.objects.get(code="011"),
    )
    adela = Person.objects.create(
        honorific="Ms.",
        given_name="Adela",
        family_name="Díaz Bernárdez",
        email="adela@example.org",
        phone="+34 000 000 000",
        gender="female",
        user=get_user_model().objects.create_user(email="adela.account@example.org"),
    )
    focalpoint_services.appoint_person(
        adela,
        spain,
        Role.FOCAL_POINT,
        start_on=datetime.date(2016, 9, 23),
        work_email="adela.work@example.org",
    )
    mary = Person.objects.create(
        honorific="Ms.",
        given_name="Mary",
        family_name="Kaburu",
        email="mary@example.org",
        phone="+254 000 000",
        public_listing=True,
    )
    focalpoint_services.appoint_person(
        mary, kenya, Role.FOCAL_POINT, start_on=datetime.date(2017, 1, 1)
    )
    return spain, kenya, ecowas, adela, mary


@pytest.fixture
def agenda(adela, mary, spain, kenya, ecowas):
    """The meetings and newsletters of ``build_agenda``, for one test."""
    return build_agenda(spain, kenya, ecowas, adela, mary)


def build_agenda(spain, kenya, ecowas, adela, mary):
    """Meetings and newsletters as partners read them, set up through the
    apps' services: a held meeting with a session whose people are Adela (not
    listed publicly) and Mary (listed), and a representative of ECOWAS;
    commitments of Spain and Kenya with an update each; an upcoming meeting
    open for registration, with Adela's and Mary's registrations; a sent and a
    draft issue of the newsletter; Adela's own subscription and someone else's."""
    theme = Theme.objects.create(name="Climate and security")
    first_plan = ActionPlan.objects.create(
        member=spain,
        scope=PlanScope.NATIONAL,
        sequence=1,
        adopted_on=datetime.date(2007, 11, 30),
        period_start=datetime.date(2007, 1, 1),
        period_end=datetime.date(2013, 12, 31),
    )
    second_plan = ActionPlan.objects.create(
        member=spain,
        scope=PlanScope.NATIONAL,
        sequence=2,
        adopted_on=datetime.date(2017, 7, 28),
        period_start=datetime.date(2017, 1, 1),
        follows=first_plan,
        has_dedicated_budget=False,
        notes="=Costed later",
    )
    second_plan.themes.set([theme])
    regional_plan = ActionPlan.objects.create(
        member=ecowas, scope=PlanScope.REGIONAL, sequence=1, adopted_on=datetime.date(2010, 8, 1)
    )
    held = Meeting.objects.create(
        kind=MeetingKind.NETWORK,
        title="Alicante network meeting",
        slug="alicante-2017",
        status=MeetingStatus.HELD,
        city="Alicante",
        country="ES",
        time_zone="Europe/Madrid",
        start_date=datetime.date(2017, 4, 26),
        end_date=datetime.date(2017, 4, 27),
    )
    held.hosts.set([spain])
    session = meeting_services.schedule_session(
        held,
        title="Opening plenary",
        day=datetime.date(2017, 4, 26),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(10, 30),
        themes=[theme],
        roles=[
            {"person": adela, "role": SessionRoleKind.CHAIR, "affiliation": "Spain, MFA"},
            {"person": mary, "role": SessionRoleKind.SPEAKER, "affiliation": "Kenya"},
            {"member": ecowas, "role": SessionRoleKind.INTERVENTION},
        ],
    )
    spare_session = meeting_services.schedule_session(
        held, title="Closing", day=datetime.date(2017, 4, 27)
    )
    spain_commitment = meeting_services.record_commitment(
        held, spain, "Review the monitoring framework of the national action plan.", themes=[theme]
    )
    kenya_commitment = meeting_services.record_commitment(
        held, kenya, "=Fund civil-society monitoring", order=2
    )
    spare_commitment = meeting_services.record_commitment(held, kenya, "A spare pledge.", order=3)
    spain_update = meeting_services.add_commitment_update(
        spain_commitment,
        by=_secretariat(),
        text="Framework under review.",
        new_status="in_progress",
        reported_on=datetime.date(2018, 1, 10),
    )
    kenya_update = meeting_services.add_commitment_update(
        kenya_commitment, by=_secretariat(), text="Funds found.", reported_on=today()
    )
    upcoming = Meeting.objects.create(
        kind=MeetingKind.EXPERT,
        title="Expert meeting on climate",
        slug="expert-next",
        status=MeetingStatus.PLANNED,
        city="Nairobi",
        country="KE",
        time_zone="Africa/Nairobi",
        start_date=today() + datetime.timedelta(days=30),
        end_date=today() + datetime.timedelta(days=31),
        registration_open=True,
    )
    another = Meeting.objects.create(
        kind=MeetingKind.VIRTUAL,
        title="Virtual briefing",
        slug="virtual-next",
        start_date=today() + datetime.timedelta(days=60),
        end_date=today() + datetime.timedelta(days=60),
        registration_open=True,
    )
    own_registration = meeting_services.register(
        upcoming, adela, access_needs="Step-free access", travel_support=True
    )
    mary_registration = meeting_services.register(upcoming, mary, access_needs="Vegetarian")

    newsletter = Newsletter.objects.create(name="WPS Network Newsletter", slug="wps")
    entry = Entry.objects.create(
        kind=EntryKind.RESEARCH,
        title="Women in peace processes",
        summary="A **study**.",
        member=spain,
    )
    entry.themes.set([theme])
    draft_entry = Entry.objects.create(
        kind=EntryKind.FUNDING, title="Unpublished call", published=False
    )
    spare_entry = Entry.objects.create(kind=EntryKind.EVENT, title="A spare event")
    now = timezone.now()
    sent = Issue.objects.create(
        newsletter=newsletter,
        number=1,
        title="First issue",
        intro="Welcome.",
        status=IssueStatus.SENT,
        send_started_at=now,
        sent_at=now,
    )
    IssueEntry.objects.create(issue=sent, entry=entry, position=1)
    IssueEntry.objects.create(issue=sent, entry=draft_entry, position=2)
    draft = Issue.objects.create(newsletter=newsletter, number=2, title="Second issue (draft)")
    own_subscription = Subscription.objects.create(
        newsletter=newsletter, email="adela@example.org", person=adela, confirmed_at=now
    )
    other_subscription = Subscription.objects.create(
        newsletter=newsletter, email="reader@example.org", language="fr"
    )
    return {
        "theme": theme,
        "first_plan": first_plan,
        "second_plan": second_plan,
        "regional_plan": regional_plan,
        "held": held,
        "upcoming": upcoming,
        "another": another,
        "session": session,
        "spare_session": spare_session,
        "spain_commitment": spain_commitment,
        "kenya_commitment": kenya_commitment,
        "spare_commitment": spare_commitment,
        "spain_update": spain_update,
        "kenya_update": kenya_update,
        "own_registration": own_registration,
        "mary_registration": mary_registration,
        "newsletter": newsletter,
        "entry": entry,
        "draft_entry": draft_entry,
        "spare_entry": spare_entry,
        "sent_issue": sent,
        "draft_issue": draft,
        "own_subscription": own_subscription,
        "other_subscription": other_subscription,
    }


def _secretariat():
    """The staff account that reports on commitments in the fixtures."""
    user, _created = get_user_model().objects.get_or_create(
        email="secretariat@example.org", defaults={"is_staff": True}
    )
    return user
