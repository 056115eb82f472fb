"""The newsletters' part of the network's calendar: the deadlines of
opportunities (funding, capacity building) and the dates of events that
published entries announce, as all-day iCalendar events."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Event

from network.core.calendar import UID_DOMAIN
from network.models import today

from .choices import EntryKind
from .models import Entry


def deadline_event(entry):
    """The all-day VEVENT of an entry's deadline (or of the event it announces)."""
    event = Event()
    # The entry's id alone: a title may be corrected without a subscriber
    # seeing the deadline twice.
    event.add("uid", f"entry-deadline-{entry.pk}@{UID_DOMAIN}")
    event.add("dtstamp", entry.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", entry.updated_at.astimezone(datetime.UTC))
    if entry.kind == EntryKind.EVENT:
        event.add("summary", entry.title)
    else:
        event.add("summary", _("Deadline: %(title)s") % {"title": entry.title})
    event.add("dtstart", entry.deadline)
    event.add("dtend", entry.deadline + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("categories", [entry.get_kind_display()])
    event.add("url", settings.SITE_URL + entry.get_absolute_url())
    if entry.link:
        event.add("description", entry.link)
    return event


def deadline_entries(viewer, since=None):
    """Published opportunities and events whose date is ``since`` or later,
    soonest first (one query)."""
    since = since or today()
    return (
        Entry.objects.visible_to(viewer)
        .published()
        .filter(kind__in=EntryKind.opportunities(), deadline__gte=since)
        .order_by("deadline", "pk")
    )


def network_events(viewer, since=None):
    """The newsletters' part of the network's calendar. Returns (events, last day)."""
    entries = list(deadline_entries(viewer, since))
    last = max((entry.deadline for entry in entries), default=None)
    return [deadline_event(entry) for entry in entries], last
