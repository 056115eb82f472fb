"""Meetings as iCalendar (RFC 5545): one VEVENT per session, in the meeting's
time zone, with its VTIMEZONE.

Sessions with clock times are timed events with TZID of the meeting's zone.
Sessions whose times the record does not give are all-day events on their day
(VALUE=DATE, no time zone applies), rather than invented times. UIDs come
from each session's stored UUID, so they survive edits; DTSTAMP is when the
session last changed, as RFC 5545 asks of a calendar without METHOD.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Event

from network.core.calendar import UID_DOMAIN, new_calendar
from network.models import today

from .models import Meeting, Session


def _calendar(name, meeting):
    calendar = new_calendar(
        name, [meeting.time_zone], first=meeting.start_date, last=meeting.end_date
    )
    if "x-wr-timezone" not in calendar:
        calendar.add("x-wr-timezone", meeting.time_zone)
    return calendar


def _location(meeting, room=""):
    parts = [room, meeting.venue, meeting.city, meeting.country.name if meeting.country else ""]
    return ", ".join(part for part in parts if part)


def _in_zone(value, zone):
    # icalendar writes TZID from the tzinfo's key; UTC becomes a "Z" time.
    return value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone)


def session_event(session, meeting, *, name_people=True):
    """The VEVENT of one session; without the names of the people in it when
    ``name_people`` is false (the network's calendar names no one)."""
    event = Event()
    event.add("uid", f"session-{session.uid}@{UID_DOMAIN}")
    event.add("dtstamp", session.updated_at.astimezone(datetime.UTC))
    event.add("created", session.created_at.astimezone(datetime.UTC))
    event.add("last-modified", session.updated_at.astimezone(datetime.UTC))
    event.add("summary", f"{session.title} — {meeting.title}")
    zone = zoneinfo.ZoneInfo(meeting.time_zone)
    lines = []
    if session.start_time is not None:
        event.add("dtstart", _in_zone(session.starts_at, zone))
        if session.end_time is not None:
            event.add("dtend", _in_zone(session.ends_at, zone))
    else:
        event.add("dtstart", session.day)
        event.add("dtend", session.day + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        lines.append(_("The record gives no time for this session: it is shown on its day."))
    if session.description:
        lines.append(session.description)
    for role in session.roles.all() if name_people else ():
        line = f"{role.get_role_display()}: {role.display_name}"
        if role.affiliation:
            line += f", {role.affiliation}"
        lines.append(line)
    if lines:
        event.add("description", "\n".join(lines))
    location = _location(meeting, session.room)
    if location:
        event.add("location", location)
    event.add("categories", [session.get_kind_display()])
    event.add("url", settings.SITE_URL + session.get_absolute_url())
    event.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
    return event


def meeting_event(meeting):
    """A single all-day event for a meeting that has no agenda yet."""
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}-{meeting.slug}@{UID_DOMAIN}")
    event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.start_date)
    event.add("dtend", meeting.end_date + datetime.timedelta(days=1))
    location = _location(meeting)
    if location:
        event.add("location", location)
    event.add("url", settings.SITE_URL + meeting.get_absolute_url())
    event.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
    return event


def meeting_calendar(meeting, sessions):
    """The calendar of a meeting: one VEVENT per session (or one for the
    meeting while it has no agenda). Returns bytes."""
    calendar = _calendar(meeting.title, meeting)
    sessions = list(sessions)
    for session in sessions:
        calendar.add_component(session_event(session, meeting))
    if not sessions and meeting.start_date:
        calendar.add_component(meeting_event(meeting))
    return calendar.to_ical()


def session_calendar(session):
    """The calendar of one session. Returns bytes."""
    meeting = session.meeting
    calendar = _calendar(f"{session.title} — {meeting.title}", meeting)
    calendar.add_component(session_event(session, meeting))
    return calendar.to_ical()


def network_events(viewer, since=None):
    """The meetings' part of the network's calendar: each meeting that has not
    ended before ``since`` as an all-day event over its days, and each of its
    sessions, naming no people. Returns (events, time zones, last day). Three
    queries, whatever the number of meetings."""
    since = since or today()
    meetings = list(
        Meeting.objects.visible_to(viewer)
        .filter(start_date__isnull=False, end_date__gte=since)
        .order_by("start_date", "pk")
    )
    sessions = Session.objects.visible_to(viewer).filter(meeting__in=meetings)
    by_meeting = {meeting.pk: meeting for meeting in meetings}
    events, zones = [], set()
    for meeting in meetings:
        events.append(meeting_event(meeting))
    for session in sessions:
        meeting = by_meeting[session.meeting_id]
        session.meeting = meeting  # for its times and address; no query
        events.append(session_event(session, meeting, name_people=False))
        if session.start_time is not None:
            zones.add(meeting.time_zone)
    last = max((meeting.end_date for meeting in meetings), default=None)
    return events, zones, last
