"""The machinery of the site's iCalendar feeds (RFC 5545): the calendar
envelope, its time zones and the UID domain, shared by each meeting's own
calendar (meetings/calendars.py) and the network's one calendar
(/calendar.ics, which network.pages gathers from every app)."""

import datetime

from icalendar import Calendar, Timezone

PRODID = "-//UN Women//WPS Focal Points Network//EN"
UID_DOMAIN = "wps-focal-points-network"


def new_calendar(name, zones=(), *, first=None, last=None):
    """An empty VCALENDAR named ``name`` with a VTIMEZONE for each IANA zone in
    ``zones`` (UTC needs none), covering ``first``–``last`` with a year's margin."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    zones = sorted(set(zones) - {"UTC"})
    if len(zones) == 1:
        calendar.add("x-wr-timezone", zones[0])
    first = (first or datetime.date.today()) - datetime.timedelta(days=366)
    last = (last or datetime.date.today()) + datetime.timedelta(days=366)
    for zone in zones:
        calendar.add_component(Timezone.from_tzid(zone, first_date=first, last_date=last))
    return calendar
