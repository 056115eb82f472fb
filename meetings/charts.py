"""Charts of the meetings app (network/core/charts.py): commitments by status."""

from collections import Counter

from django.db.models import Count, F
from django.utils.translation import gettext as _

from network.core.charts import Chart, Series
from network.core.translations import in_reader_language

from .choices import CommitmentStatus


def commitments_by_status(counts, *, key="commitments-by-status", title=None, description=None):
    """One bar a status from ``counts`` ({status: number}), every status shown,
    zeros included, in the statuses' order. No query of its own."""
    statuses = list(CommitmentStatus)
    return Chart(
        key=key,
        title=title or _("Commitments by status"),
        description=description or _("How many commitments stand at each status."),
        category_header=_("Status"),
        categories=[status.label for status in statuses],
        series=[Series(_("Commitments"), "dark")],
        values=[[counts.get(status.value, 0)] for status in statuses],
    )


def meeting_commitments_by_status(commitments):
    """The chart of a meeting's page, from its commitments already loaded."""
    return commitments_by_status(
        Counter(commitment.status for commitment in commitments),
        key="meeting-commitments-by-status",
        title=_("Commitments made at this meeting, by status"),
    )


# Each status in the map's palette: achieved darkest, dropped grey hatching.
STATUS_STYLES = {
    CommitmentStatus.PLEDGED: "light",
    CommitmentStatus.IN_PROGRESS: "mid",
    CommitmentStatus.ACHIEVED: "dark",
    CommitmentStatus.DROPPED: "grey",
}


def tracker_charts(commitments):
    """The tracker's two charts from a queryset of visible commitments: by
    status (``commitments_by_status``) and by meeting, one bar a meeting, one
    segment a status, most recent meeting first; and how many commitments
    there are. One query: the statuses' totals are the sums of the meetings'
    figures."""
    rows = (
        # The title in the reader's language, else the original, as pages show
        # it (values() of a translated field reads the original column alone).
        commitments.annotate(meeting_title=in_reader_language("meeting__title"))
        .values("meeting_id", "meeting_title", "meeting__year", "status")
        .annotate(n=Count("pk"))
        .order_by(F("meeting__start_date").desc(nulls_last=True), "meeting__title")
    )
    statuses = list(CommitmentStatus)
    figures, titles, totals = {}, {}, Counter()
    for row in rows:
        meeting = row["meeting_id"]
        year = f" ({row['meeting__year']})" if row["meeting__year"] else ""
        titles.setdefault(meeting, f"{row['meeting_title'] or ''}{year}")
        figures.setdefault(meeting, dict.fromkeys(statuses, 0))[row["status"]] += row["n"]
        totals[row["status"]] += row["n"]
    by_meeting = Chart(
        key="commitments-by-meeting",
        title=_("Commitments by meeting and status"),
        description=_("For each meeting, the commitments made there by their status now."),
        category_header=_("Meeting"),
        categories=list(titles.values()),
        series=[Series(status.label, STATUS_STYLES[status]) for status in statuses],
        values=[[figures[meeting][status] for status in statuses] for meeting in titles],
    )
    return commitments_by_status(totals), by_meeting, totals.total()
