"""The directory's part of the staff dashboard (network/core/dashboard.py):
entries due for verification and requests unanswered, members without a
focal point, verification coverage by region."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from network.core import dashboard
from network.core.charts import Chart, Series
from network.models import Member, Region

from .choices import Role
from .models import Appointment, Person, VerificationRequest, verification_cutoff


def members_without_focal_point():
    """Active members with no current focal point (as the members list's
    "No current focal point" filter, on active members)."""
    held = Appointment.objects.current().filter(role=Role.FOCAL_POINT).values("member")
    return Member.objects.filter(active=True).exclude(pk__in=held)


def verification_coverage_chart():
    """People holding a current post, verified within the interval or due, by
    the region of the member they serve. Two queries."""
    cutoff = verification_cutoff()
    verified = Q(person__verified_at__gte=cutoff)
    due = Q(person__verified_at__isnull=True) | Q(person__verified_at__lt=cutoff)
    rows = (
        Appointment.objects.current()
        .filter(member__isnull=False)
        .values("member__region")
        .annotate(
            verified=Count("person", distinct=True, filter=verified),
            due=Count("person", distinct=True, filter=due),
        )
        .order_by()
    )
    regions = Region.objects.top_level_names()
    totals = {}
    for row in rows:
        name = regions.get(row["member__region"], _("No region"))
        verified_count, due_count = totals.get(name, (0, 0))
        totals[name] = (verified_count + row["verified"], due_count + row["due"])
    categories = sorted(totals)
    return Chart(
        key="verification-coverage",
        title=_("Verification coverage by region"),
        description=_(
            "People holding a current post for a member, by the member's region: "
            "details verified within the interval, or due for verification."
        ),
        category_header=_("Region"),
        categories=categories,
        series=[Series(_("Verified"), "dark"), Series(_("Due for verification"), "orange")],
        values=[list(totals[name]) for name in categories],
    )


dashboard.register(
    "people-due-for-verification",
    gettext_lazy("People due for verification"),
    count=lambda: Person.objects.due_for_verification(),
    model="focalpoints.person",
    query={"verification": "due"},
    order=10,
)
dashboard.register(
    "verification-requests-unanswered",
    gettext_lazy("Verification requests not answered"),
    count=lambda: VerificationRequest.objects.unanswered(),
    model="focalpoints.verificationrequest",
    query={"answered": "no"},
    order=15,
)
dashboard.register(
    "members-without-focal-point",
    gettext_lazy("Active members without a current focal point"),
    count=members_without_focal_point,
    model="network.member",
    query={"active__exact": "1", "focal_point": "no"},
    order=20,
)
dashboard.register_chart(
    "verification-coverage", verification_coverage_chart, model="focalpoints.person", order=10
)
