"""The meetings pages in a real browser: WCAG 2.1 AA by axe, usable by keyboard."""

import datetime

import pytest
from playwright.sync_api import expect

from focalpoints.models import Person
from meetings import services
from meetings.models import Meeting
from network.models import Member
from tests.e2e.axe import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def held_meeting(staff_user):
    # Transactional tests empty the tables the migrations filled (regions), so
    # these rows stand without them.
    kenya = Member.objects.create(name="Kenya", country="KE")
    adela = Person.objects.create(honorific="Ms.", given_name="Adela", family_name="Díaz")
    mary = Person.objects.create(given_name="Mary", family_name="Kaburu", public_listing=True)
    meeting = Meeting.objects.create(
        slug="alicante",
        title="Alicante",
        city="Alicante",
        country="ES",
        time_zone="Europe/Madrid",
        start_date=datetime.date(2017, 4, 26),
        end_date=datetime.date(2017, 4, 27),
        status="held",
    )
    services.schedule_session(
        meeting,
        title="Working group",
        day=meeting.start_date,
        kind="working_group",
        roles=[
            {"person": adela, "role": "facilitator", "affiliation": "Spain"},
            {"person": mary, "role": "intervention", "affiliation": "Kenya"},
        ],
    )
    commitment = services.record_commitment(meeting, kenya, "Review the M&E framework")
    services.add_commitment_update(
        commitment,
        by=staff_user,
        new_status="in_progress",
        text="Fewer indicators",
        reported_on=datetime.date(2018, 4, 9),
    )
    return meeting


def test_meeting_pages_pass_axe(page, live_server, held_meeting):
    for path in (
        "/meetings/",
        "/meetings/alicante/",
        "/commitments/",
        "/meetings/alicante/follow-up/",
        f"/commitments/{held_meeting.commitments.get().pk}/",
    ):
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert axe_violations(page) == [], path


def test_the_commitments_filters_work_without_javascript(page, live_server, held_meeting):
    page.goto(live_server.url + "/commitments/")
    page.get_by_label("Status", exact=True).select_option("achieved")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status")).to_contain_text("0 commitments")
    page.get_by_label("Status", exact=True).select_option("in_progress")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status")).to_contain_text("1 commitment")
