"""Agendas: sessions within their meeting, and the iCalendar exports."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import Meeting, Session
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(adela):
    meeting = make_meeting("washington", time_zone="America/New_York", city="Washington")
    day_one, day_two = meeting.days
    sessions = [
        services.schedule_session(
            meeting,
            title="Opening",
            day=day_one,
            start_time=datetime.time(9, 30),
            end_time=datetime.time(11),
            roles=[{"person": adela, "role": "moderator"}],
        ),
        services.schedule_session(
            meeting,
            title="Working group",
            day=day_one,
            start_time=datetime.time(14),
            end_time=datetime.time(16, 30),
            room="Room B",
        ),
        services.schedule_session(
            meeting,
            title="Closing",
            day=day_two,
            start_time=datetime.time(9),
            end_time=datetime.time(10),
        ),
    ]
    return meeting, sessions


def _events(content):
    calendar = Calendar.from_ical(content)
    return calendar, list(calendar.walk("VEVENT"))


def test_the_meeting_calendar_holds_one_event_per_session_in_the_meetings_zone(client, agenda):
    meeting, sessions = agenda
    response = client.get(reverse("meetings:meeting_calendar", args=[meeting.slug]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, events = _events(response.content)
    assert len(events) == len(sessions)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    for event, session in zip(events, sessions, strict=True):
        assert event["DTSTART"].params["TZID"] == "America/New_York"
        assert event["DTEND"].params["TZID"] == "America/New_York"
        assert event.decoded("DTSTART") == datetime.datetime.combine(
            session.day, session.start_time, tzinfo=meeting.zone
        )
        assert "DTSTAMP" in event
    first = events[0]
    assert "Moderator: Ms. Adela Díaz Bernárdez" in str(first["DESCRIPTION"])
    assert str(events[1]["LOCATION"]).startswith("Room B, Washington")
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar


def test_calendar_uids_are_unique_and_stable(client, agenda):
    meeting, _sessions = agenda
    url = reverse("meetings:meeting_calendar", args=[meeting.slug])
    uids = [str(e["UID"]) for e in _events(client.get(url).content)[1]]
    Session.objects.filter(meeting=meeting).update(title="Renamed")
    assert [str(e["UID"]) for e in _events(client.get(url).content)[1]] == uids
    assert len(set(uids)) == 3


def test_a_session_without_times_is_an_all_day_event_not_an_invented_time(client):
    meeting = make_meeting("undated-times")
    services.schedule_session(meeting, title="Plenary", day=meeting.start_date)
    _calendar, (event,) = _events(
        client.get(reverse("meetings:meeting_calendar", args=[meeting.slug])).content
    )
    assert event.decoded("DTSTART") == meeting.start_date
    assert event.decoded("DTEND") == meeting.start_date + datetime.timedelta(days=1)


def test_one_sessions_calendar(client, agenda):
    meeting, sessions = agenda
    response = client.get(reverse("meetings:session_calendar", args=[meeting.slug, sessions[1].pk]))
    _calendar, events = _events(response.content)
    assert [str(e["SUMMARY"]) for e in events] == [f"Working group — {meeting.title}"]


def test_a_meeting_without_dates_has_no_calendar(client):
    Meeting.objects.create(slug="no-dates", title="No dates", year=2025, status="held")
    response = client.get(reverse("meetings:meeting_calendar", args=["no-dates"]))
    assert response.status_code == 404


def test_a_session_outside_its_meetings_dates_is_refused(agenda):
    meeting, _ = agenda
    with pytest.raises(ValidationError) as error:
        services.schedule_session(
            meeting, title="Too late", day=meeting.end_date + datetime.timedelta(days=1)
        )
    assert "day" in error.value.message_dict
    assert not Session.objects.filter(title="Too late").exists()


def test_a_session_ending_before_it_starts_is_refused(agenda):
    meeting, _ = agenda
    with pytest.raises(ValidationError) as error:
        services.schedule_session(
            meeting,
            title="Backwards",
            day=meeting.start_date,
            start_time=datetime.time(12),
            end_time=datetime.time(11),
        )
    assert "end_time" in error.value.message_dict
    # The database refuses it too, whatever the door.
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            meeting=meeting,
            title="Backwards",
            day=meeting.start_date,
            start_time=datetime.time(12),
            end_time=datetime.time(11),
        )


def test_moving_a_meeting_cannot_strand_its_sessions(agenda):
    meeting, _ = agenda
    meeting.start_date += datetime.timedelta(days=7)
    meeting.end_date += datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "start_date" in error.value.message_dict


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Europe/Madrid/", "", "../etc/passwd"])
def test_the_time_zone_must_be_an_iana_name(zone):
    meeting = Meeting(slug="tz", title="TZ", time_zone=zone)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "time_zone" in error.value.message_dict


def test_a_meeting_cannot_end_before_it_starts():
    meeting = Meeting(
        slug="backwards",
        title="Backwards",
        start_date=datetime.date(2020, 5, 2),
        end_date=datetime.date(2020, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "end_date" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            slug="backwards",
            title="Backwards",
            start_date=datetime.date(2020, 5, 2),
            end_date=datetime.date(2020, 5, 1),
        )


def test_the_meetings_list_names_a_bad_filter(client):
    response = client.get(reverse("meetings:meeting_list") + "?year=soon")
    assert response.status_code == 400
    assert "year" in response.content.decode()


def test_the_calendar_keeps_rfc_5545s_rules(client, agenda):
    meeting, _sessions = agenda
    content = client.get(reverse("meetings:meeting_calendar", args=[meeting.slug])).content
    lines = content.split(b"\r\n")
    # CRLF line ends, folded lines of at most 75 octets.
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)
    assert b"\n" not in content.replace(b"\r\n", b"")
    calendar = Calendar.from_ical(content)
    assert calendar.errors == []
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    for event in calendar.walk("VEVENT"):
        assert event.errors == []
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert required in event
        for name in ("DTSTART", "DTEND"):
            tzid = event[name].params.get("TZID")
            assert tzid is None or tzid in zones
        assert event.decoded("DTEND") > event.decoded("DTSTART")
