"""Issues: numbering, suggested entries, scheduling and unscheduling a send."""

import logging

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from newsletters.choices import EntryKind, IssueStatus
from newsletters.models import Entry, Issue, IssueEntry
from newsletters.services.sending import enqueue_send

logger = logging.getLogger(__name__)


class IssueStateError(Exception):
    """The issue is not in a state that allows this (e.g. it was already sent)."""


def last_sent_issue(newsletter):
    return (
        Issue.objects.filter(newsletter=newsletter, send_started_at__isnull=False)
        .order_by("-send_started_at")
        .first()
    )


def suggested_entries(issue, *, on=None):
    """Entries staff may want in ``issue``: published entries added since the
    newsletter's last sent issue, and opportunities whose deadline has not
    passed — minus those already in the issue."""
    on = on or timezone.localdate()
    last = last_sent_issue(issue.newsletter)
    recent = Q(created_at__gt=last.send_started_at) if last else Q()
    open_opportunities = Q(kind__in=EntryKind.opportunities(), deadline__gte=on)
    return (
        Entry.objects.published()
        .filter(recent | open_opportunities)
        .exclude(pk__in=issue.issue_entries.values("entry"))
        .select_related("member")
        .order_by(F("deadline").asc(nulls_last=True), "-created_at")
    )


def add_entries(issue, entries):
    """Append entries to an editable issue, after those already in it."""
    if not issue.is_editable:
        raise IssueStateError("This issue has gone out and can no longer be changed.")
    with transaction.atomic():
        position = max(issue.issue_entries.values_list("position", flat=True), default=0)
        present = set(issue.issue_entries.values_list("entry_id", flat=True))
        for entry in entries:
            if entry.pk in present:
                continue
            position += 10
            IssueEntry.objects.create(issue=issue, entry=entry, position=position)
            present.add(entry.pk)


def next_issue_number(newsletter, language):
    """The number the next issue in ``language`` would take."""
    last = (
        Issue.objects.filter(newsletter=newsletter, language=language)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (last or 0) + 1


def schedule_issue(issue, *, at=None):
    """Schedule a draft to go out at ``at`` (now if not given). The issue's
    state changes and the send task is enqueued in one transaction."""
    at = at or timezone.now()
    with transaction.atomic():
        updated = Issue.objects.filter(pk=issue.pk, status=IssueStatus.DRAFT).update(
            status=IssueStatus.SCHEDULED, scheduled_at=at, updated_at=timezone.now()
        )
        if not updated:
            raise IssueStateError("Only a draft can be scheduled; this issue is not a draft.")
        if not IssueEntry.objects.filter(issue=issue).exists() and not issue.intro.strip():
            raise IssueStateError("An empty issue cannot be sent.")
        enqueue_send(issue.pk, run_after=at)
    issue.refresh_from_db()
    return issue


def unschedule_issue(issue):
    """Back to draft, if its send has not started."""
    updated = Issue.objects.filter(pk=issue.pk, status=IssueStatus.SCHEDULED).update(
        status=IssueStatus.DRAFT, scheduled_at=None, updated_at=timezone.now()
    )
    if not updated:
        raise IssueStateError(
            "Only a scheduled issue whose send has not started can be unscheduled."
        )
    issue.refresh_from_db()
    return issue
