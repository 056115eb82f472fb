"""The meetings' part of the staff dashboard (network/core/dashboard.py):
invitations awaiting an answer, travel and visa requests to settle,
commitments past due, registrations by region."""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from network.core import dashboard
from network.core.charts import Chart, Series
from network.models import Region

from .choices import MeetingStatus, RegistrationStatus
from .models import Commitment, Invitation, Meeting, Registration

# Registrations drawn on the chart, with their style (the map's palette).
CHARTED_STATUSES = [
    (RegistrationStatus.CONFIRMED, "dark"),
    (RegistrationStatus.REGISTERED, "mid"),
    (RegistrationStatus.WAITING, "orange"),
    (RegistrationStatus.INVITED, "white"),
]


def registrations_by_region_chart():
    """Registrations for upcoming meetings by the region of the delegation, by
    status. Three queries."""
    upcoming = Meeting.objects.upcoming().exclude(status=MeetingStatus.CANCELLED).values("pk")
    statuses = [status for status, _style in CHARTED_STATUSES]
    rows = (
        Registration.objects.filter(meeting__in=upcoming, status__in=statuses)
        .values("member__region", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    regions = Region.objects.top_level_names()
    no_region = _("No delegation or region")
    figures = {}
    for row in rows:
        name = regions.get(row["member__region"], no_region)
        figures.setdefault(name, dict.fromkeys(statuses, 0))[row["status"]] += row["n"]
    categories = sorted(figures, key=lambda name: (name == no_region, name))
    return Chart(
        key="registrations-by-region",
        title=_("Registrations for upcoming meetings, by region"),
        description=_("Registrations by the region of the delegation, by status."),
        category_header=_("Region"),
        categories=categories,
        series=[Series(status.label, style) for status, style in CHARTED_STATUSES],
        values=[[figures[name][status] for status in statuses] for name in categories],
    )


dashboard.register(
    "registrations-travel-visa-pending",
    gettext_lazy("Registrations with travel or visa requests to settle"),
    count=lambda: Registration.objects.travel_or_visa_pending(),
    model="meetings.registration",
    query={"travel_visa": "pending"},
    order=40,
)
dashboard.register(
    "invitations-unanswered",
    gettext_lazy("Invitations not answered, meeting ahead"),
    count=lambda: Invitation.objects.awaiting_answer(),
    model="meetings.invitation",
    query={"answer": "waiting"},
    order=35,
)
dashboard.register(
    "commitments-overdue",
    gettext_lazy("Commitments past their due date without an update"),
    count=lambda: Commitment.objects.overdue(),
    model="meetings.commitment",
    query={"follow_up": "overdue"},
    order=50,
)
dashboard.register_chart(
    "registrations-by-region",
    registrations_by_region_chart,
    model="meetings.registration",
    order=20,
)
