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
from icalendar import Calendar, Event, Timezone

PRODID = "-//UN Women//WPS Focal Points Network//EN"
UID_DOMAIN = "wps-focal-points-network"


def _calendar(name, meeting):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", meeting.time_zone)
    if meeting.time_zone != "UTC":
        first = (meeting.start_date or datetime.date.today()) - datetime.timedelta(days=366)
        last = (meeting.end_date or datetime.date.today()) + datetime.timedelta(days=366)
        calendar.add_component(
            Timezone.from_tzid(meeting.time_zone, first_date=first, last_date=last)
        )
    return calendar


def _location(meeting, room=""):
    parts = [room, meeting.venue, meeting.city, meeting.country.name if meeting.country else ""]
    return ", ".join(part for part in parts if part)


def _in_zone(value, zone):
    # icalendar writes TZID from the tzinfo's key; UTC becomes a "Z" time.
    return value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone)


def session_event(session, meeting):
    """The VEVENT of one session."""
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
    for role in session.roles.all():
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
