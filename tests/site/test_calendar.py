"""The network's one calendar: /calendar.ics and /calendar/."""

import datetime

import pytest
from icalendar import Calendar

from meetings import services
from meetings.choices import MeetingStatus
from network.models import today
from newsletters.choices import EntryKind, EntryStatus
from newsletters.models import Entry
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(adela, mary):
    """An upcoming meeting with a timed session naming two people, one in
    another time zone with an untimed session, a meeting held last month, one
    held three years ago, and entries with deadlines of every sort."""
    berlin = make_meeting("berlin-next", title="Berlin meeting")
    services.schedule_session(
        berlin,
        title="Opening plenary",
        day=berlin.start_date,
        start_time=datetime.time(9, 30),
        end_time=datetime.time(11),
        roles=[{"person": adela, "role": "moderator"}, {"person": mary, "role": "speaker"}],
    )
    nairobi = make_meeting(
        "nairobi-next", title="Nairobi meeting", days_ahead=90, time_zone="Africa/Nairobi"
    )
    services.schedule_session(
        nairobi, title="Working group on climate", day=nairobi.start_date, room="Room B"
    )
    recent = make_meeting(
        "recent", title="Recent meeting", days_ahead=-30, status=MeetingStatus.HELD
    )
    old = make_meeting("old", title="Old meeting", days_ahead=-3 * 365, status=MeetingStatus.HELD)
    soon = today() + datetime.timedelta(days=20)
    return {
        "berlin": berlin,
        "nairobi": nairobi,
        "recent": recent,
        "old": old,
        "open_call": Entry.objects.create(
            kind=EntryKind.FUNDING, title="Grants for mediators", deadline=soon
        ),
        "passed_call": Entry.objects.create(
            kind=EntryKind.CAPACITY_BUILDING,
            title="Past training",
            deadline=today() - datetime.timedelta(days=10),
        ),
        "proposal": Entry.objects.create(
            kind=EntryKind.FUNDING,
            title="Proposed call",
            deadline=soon,
            status=EntryStatus.PROPOSED,
        ),
        "draft": Entry.objects.create(
            kind=EntryKind.FUNDING, title="Draft call", deadline=soon, status=EntryStatus.DRAFT
        ),
        "research": Entry.objects.create(kind=EntryKind.RESEARCH, title="A study", deadline=soon),
    }


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _summaries(calendar):
    return {str(event["summary"]) for event in calendar.walk("VEVENT")}


def test_the_calendar_lists_meetings_sessions_and_open_deadlines(client, events):
    calendar = _parse(client.get("/calendar.ics"))
    assert _summaries(calendar) == {
        "Berlin meeting",
        "Opening plenary — Berlin meeting",
        "Nairobi meeting",
        "Working group on climate — Nairobi meeting",
        "Recent meeting",  # past events stay
        "Deadline: Grants for mediators",
        "Deadline: Past training",
    }
    # Timed sessions carry their zone, with its VTIMEZONE; untimed ones are all-day.
    zones = {str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")}
    assert zones == {"Europe/Berlin"}
    by_summary = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    opening = by_summary["Opening plenary — Berlin meeting"]
    assert opening["dtstart"].dt.tzinfo.key == "Europe/Berlin"
    working = by_summary["Working group on climate — Nairobi meeting"]
    assert working["dtstart"].dt == events["nairobi"].start_date
    deadline = by_summary["Deadline: Grants for mediators"]
    assert deadline["dtstart"].dt == events["open_call"].deadline
    assert deadline["url"].endswith(events["open_call"].get_absolute_url())


def test_the_calendar_names_no_people(client, events, adela, mary):
    text = client.get("/calendar.ics").content.decode()
    for name in ("Adela", "Díaz", "Mary", "Moderator", "Speaker"):
        assert name not in text
    # The meeting's own calendar still names its moderator (the public agenda).
    assert "Adela" in client.get("/meetings/berlin-next/calendar.ics").content.decode()


def test_the_calendar_is_the_same_for_everyone(client, staff_client, events):
    public = client.get("/calendar.ics").content
    assert staff_client.get("/calendar.ics").content == public


def test_uids_are_stable_and_shared_with_the_meetings_calendar(client, events):
    first = _parse(client.get("/calendar.ics"))
    entry = events["open_call"]
    entry.title = "Grants for women mediators"
    entry.save()
    session = events["berlin"].sessions.get()
    session.title = "Opening"
    session.save()
    second = _parse(client.get("/calendar.ics"))
    uids = [sorted(str(event["uid"]) for event in cal.walk("VEVENT")) for cal in (first, second)]
    assert uids[0] == uids[1]
    assert len(set(uids[0])) == len(uids[0])
    assert f"entry-deadline-{entry.pk}@wps-focal-points-network" in uids[0]
    own = Calendar.from_ical(client.get("/meetings/berlin-next/calendar.ics").content)
    assert {str(event["uid"]) for event in own.walk("VEVENT")} <= set(uids[0])


def test_the_calendar_costs_a_fixed_number_of_queries(client, events, django_assert_num_queries):
    for number in range(3):
        meeting = make_meeting(f"more-{number}", days_ahead=100 + number * 10)
        services.schedule_session(meeting, title=f"Session {number}", day=meeting.start_date)
    # Meetings, their sessions, the deadlines; plus the session and its user.
    with django_assert_num_queries(3):
        client.get("/calendar.ics")


def test_the_calendar_page_lists_what_is_coming(client, events):
    response = client.get("/calendar/")
    assert response.status_code == 200
    text = response.content.decode()
    for title in ("Berlin meeting", "Nairobi meeting", "Grants for mediators"):
        assert title in text
    for hidden in ("Recent meeting", "Past training", "Proposed call", "Draft call", "A study"):
        assert hidden not in text
    assert "/calendar.ics" in text
    assert text.index("Grants for mediators") < text.index("Berlin meeting") or (
        events["open_call"].deadline >= events["berlin"].start_date
    )


def test_the_calendar_page_speaks_the_visitors_language(client, events):
    response = client.get("/calendar/", headers={"accept-language": "es"})
    assert response.status_code == 200
    assert "Calendario de la red" in response.content.decode()
