"""Browser tests: Playwright driving Debian's Chromium against live_server.

pytest-playwright cannot find Debian's Chromium by channel, so the launch
arguments name it; the flags keep it from reaching for the network, which
this machine's sandbox refuses.
"""

import os
import shutil

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import STATE_TIMEOUT_MS

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in the test's thread; Django's
# async-safety check would refuse database access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


expect.set_options(timeout=STATE_TIMEOUT_MS)


@pytest.fixture
def context(context):
    """pytest-playwright's context, with the same bound for actions and loads."""
    context.set_default_timeout(STATE_TIMEOUT_MS)
    context.set_default_navigation_timeout(STATE_TIMEOUT_MS)
    return context


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


# --- Fixtures of the translation and journey tests (test_languages.py, test_journeys.py) ---


@pytest.fixture
def network_pages(spain, kenya, adela, mary, member_user, staff_user):
    """A small network with something on every main page: a held meeting with
    its agenda, delegations and commitments (one with an update), an upcoming
    meeting open for registration, action plans, and a newsletter with an
    entry and a sent issue. Returns the objects the tests open."""
    import datetime

    from django.utils import timezone

    from meetings import services as meetings
    from meetings.models import ChairTerm, Delegation, Meeting
    from network.models import Theme
    from newsletters.models import Entry, Issue, IssueEntry, Newsletter
    from tests.network.action_plan_fixtures import plan

    today = timezone.localdate()
    theme = Theme.objects.create(name="National action plans", slug="national-action-plans")
    alicante = Meeting.objects.create(
        slug="alicante",
        title="1st meeting of the WPS Focal Points Network",
        kind="network",
        city="Alicante",
        country="ES",
        venue="Casa Mediterráneo",
        time_zone="Europe/Madrid",
        start_date=datetime.date(2017, 4, 26),
        end_date=datetime.date(2017, 4, 27),
        status="held",
        summary="National action plans: what makes them work.",
    )
    alicante.hosts.add(spain)
    alicante.chairs.add(spain)
    for member in (spain, kenya):
        Delegation.objects.create(meeting=alicante, member=member)
    term = ChairTerm.objects.create(start_year=2017, end_year=2017)
    term.members.add(spain)
    meetings.schedule_session(
        alicante,
        title="Working group on civil society engagement",
        day=alicante.start_date,
        kind="working_group",
        themes=[theme],
        roles=[
            {"person": adela, "role": "facilitator", "affiliation": "Spain"},
            {"person": mary, "role": "intervention", "affiliation": "Kenya"},
        ],
    )
    pledge = meetings.record_commitment(
        alicante, spain, "Institutionalise civil society engagement", themes=[theme]
    )
    review = meetings.record_commitment(alicante, kenya, "Review the M&E framework")
    meetings.add_commitment_update(
        review,
        by=staff_user,
        new_status="in_progress",
        text="Fewer, more specific indicators.",
        reported_on=datetime.date(2018, 4, 9),
    )
    upcoming = Meeting.objects.create(
        slug="next-meeting",
        title="Next capital-level meeting",
        kind="network",
        city="Berlin",
        country="DE",
        time_zone="Europe/Berlin",
        start_date=today + datetime.timedelta(days=40),
        end_date=today + datetime.timedelta(days=41),
        status="planned",
        registration_open=True,
        capacity=30,
    )
    year = today.year
    first = plan(spain, 1, start=year - 10, end=year - 3)
    plan(spain, 2, start=year - 2, end=year + 2, follows=first, title="Second National Action Plan")
    plan(kenya, 1, start=year - 6, end=year - 2)
    newsletter = Newsletter.objects.create(name="WPS Focal Points Network Newsletter", slug="wps")
    entry = Entry.objects.create(
        kind="national_initiative",
        title="Spain's second national action plan",
        summary="Adopted with a **dedicated budget**.",
        link="https://example.org/nap",
        member=spain,
    )
    entry.themes.add(theme)
    now = timezone.now()
    issue = Issue.objects.create(
        newsletter=newsletter,
        number=1,
        title="After Alicante",
        status="sent",
        send_started_at=now,
        sent_at=now,
    )
    IssueEntry.objects.create(issue=issue, entry=entry, position=0)
    return {
        "held": alicante,
        "upcoming": upcoming,
        "pledge": pledge,
        "entry": entry,
        "issue": issue,
        "adela": adela,
        "mary": mary,
        "member_user": member_user,
    }
