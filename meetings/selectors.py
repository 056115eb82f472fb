"""Read-only questions about meetings and commitments, for pages of any app.

The site-wide pages (home, a member's page) call these rather than reaching
into the models, and each starts from the visibility policy.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from network.core.visibility import viewer_for

from .choices import MeetingStatus
from .models import ChairTerm, Commitment, CommitmentUpdate, Delegation, Meeting, today


@dataclass(frozen=True)
class Troika:
    """The network's outgoing, current and incoming chairs in a year. Any of
    them may be None when the record does not name them."""

    year: int
    outgoing: ChairTerm | None
    current: ChairTerm | None
    incoming: ChairTerm | None

    def __bool__(self):
        return any((self.outgoing, self.current, self.incoming))


def troika(on=None):
    """The troika on a day (today by default): the term covering its year,
    the latest term before it and the first term after it. Two queries: the
    network has a term a year or two, so all of them are read and picked here."""
    on = on or today()
    year = on.year if isinstance(on, datetime.date) else int(on)
    terms = list(ChairTerm.objects.prefetch_related("members").order_by("start_year"))
    current = next((t for t in terms if t.start_year <= year <= t.end_year), None)
    before = current.start_year if current else year
    after = current.end_year if current else year
    earlier = [t for t in terms if t.end_year < before]
    outgoing = max(earlier, key=lambda t: t.end_year) if earlier else None
    incoming = next((t for t in terms if t.start_year > after), None)
    return Troika(year=year, outgoing=outgoing, current=current, incoming=incoming)


def meeting_queryset(viewer):
    """Meetings as lists show them: with hosts and chairs."""
    return (
        Meeting.objects.visible_to(viewer_for(viewer))
        .exclude(status=MeetingStatus.CANCELLED)
        .prefetch_related("hosts", "chairs")
    )


def next_meeting(viewer=None, on=None):
    """The next meeting that is not cancelled and has not ended, or None."""
    return meeting_queryset(viewer).upcoming(on).first()


def delegations_of(member, viewer=None):
    """The meetings ``member`` took part in, latest first."""
    return (
        Delegation.objects.visible_to(viewer_for(viewer))
        .filter(member=member)
        .select_related("meeting")
        .order_by("-meeting__start_date", "-meeting__year")
    )


def commitments_of(member, viewer=None):
    """``member``'s commitments with their meeting and latest update."""
    return with_latest_update(
        Commitment.objects.visible_to(viewer_for(viewer))
        .filter(member=member)
        .select_related("meeting")
        .prefetch_related("themes")
    )


def with_latest_update(commitments):
    """Prefetch each commitment's updates, oldest first, so ``updates.all``
    tells the story and its last item is the latest report; one query."""
    return commitments.prefetch_related(
        Prefetch(
            "updates",
            queryset=CommitmentUpdate.objects.select_related("reported_at").order_by(
                "reported_on", "pk"
            ),
        )
    )


def earlier_meetings_q(meeting, prefix=""):
    """A Q for meetings held before ``meeting`` (by first day, or by year when
    the record gives only the year). None when ``meeting`` has neither."""
    if meeting.start_date:
        reference, year = meeting.start_date, meeting.start_date.year
    elif meeting.year:
        reference, year = datetime.date(meeting.year, 1, 1), meeting.year
    else:
        return None
    return Q(**{f"{prefix}start_date__lt": reference}) | Q(
        **{f"{prefix}start_date__isnull": True, f"{prefix}year__lt": year}
    )


def follow_up_report(meeting, viewer=None):
    """What the secretariat brings to ``meeting``: every commitment made at an
    earlier meeting, with its latest status and latest update, oldest meeting
    first. Empty when the meeting has no date to compare with."""
    earlier = earlier_meetings_q(meeting, prefix="meeting__")
    commitments = Commitment.objects.visible_to(viewer_for(viewer))
    if earlier is None:
        return commitments.none()
    return with_latest_update(
        commitments.filter(earlier)
        .exclude(meeting=meeting)
        .select_related("meeting", "member")
        .prefetch_related("themes")
        .order_by("meeting__start_date", "meeting__year", "meeting_id", "order", "pk")
    )
