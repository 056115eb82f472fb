"""Viewsets of the network's resources."""

from django.db.models import Prefetch

from network.api.base_views import ApiViewSet
from network.api.serializers import (
    ActionPlanSerializer,
    DeletionSerializer,
    LibraryDocumentSerializer,
    MemberSerializer,
    OrganisationSerializer,
    PlanChecklistSerializer,
    PlanReportSerializer,
    RegionSerializer,
    ThemeSerializer,
)
from network.filtersets import (
    ActionPlanFilterSet,
    DeletionFilterSet,
    LibraryDocumentFilterSet,
    MemberFilterSet,
    OrganisationFilterSet,
    PlanChecklistFilterSet,
    PlanReportFilterSet,
    RegionFilterSet,
    ThemeFilterSet,
)
from network.models import (
    ActionPlan,
    ActionPlanReport,
    LibraryDocument,
    Member,
    Organisation,
    PlanFeatureAssessment,
    Region,
    Theme,
    Tombstone,
)


class RegionViewSet(ApiViewSet):
    """UN M49 regions, sub-regions and intermediate regions."""

    queryset = Region.objects.select_related("parent")
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet


class ThemeViewSet(ApiViewSet):
    """The shared taxonomy of Women, Peace and Security themes."""

    queryset = Theme.objects.all()
    serializer_class = ThemeSerializer
    filterset_class = ThemeFilterSet


class MemberViewSet(ApiViewSet):
    """Members of the network: member States and organisations."""

    queryset = Member.objects.select_related("region")
    serializer_class = MemberSerializer
    filterset_class = MemberFilterSet


class OrganisationViewSet(ApiViewSet):
    """Ministries, agencies and bodies where people work."""

    queryset = Organisation.objects.select_related("member")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet


class ActionPlanViewSet(ApiViewSet):
    """National, regional and local action plans on Women, Peace and
    Security (UNSCR 1325). Their status is derived from today's date."""

    queryset = ActionPlan.objects.select_related(
        "member", "lead_organisation", "follows__member"
    ).prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
    serializer_class = ActionPlanSerializer
    filterset_class = ActionPlanFilterSet

    def get_queryset(self):
        # Annotated per request: the status depends on the day it is asked.
        return super().get_queryset().with_status()


class LibraryDocumentViewSet(ApiViewSet):
    """The library's own documents (plan texts, guidance, reports): public
    ones for everyone, members-only ones for members and staff. Staff write."""

    queryset = LibraryDocument.objects.select_related("member", "action_plan")
    serializer_class = LibraryDocumentSerializer
    filterset_class = LibraryDocumentFilterSet


class PlanChecklistViewSet(ApiViewSet):
    """The high-impact checklist of every plan (the action-plan pages' table),
    one row per plan and feature. Public, and read-only: staff assess plans in
    the back office, so the API offers only GET."""

    http_method_names = ["get", "head", "options"]
    queryset = PlanFeatureAssessment.objects.select_related("plan__member").order_by(
        "plan_id", "feature", "id"
    )
    serializer_class = PlanChecklistSerializer
    filterset_class = PlanChecklistFilterSet


class PlanReportViewSet(ApiViewSet):
    """Reports on plans (progress, shadow, hearing, evaluation), newest first
    within a plan. Public and read-only, like the checklist."""

    http_method_names = ["get", "head", "options"]
    queryset = ActionPlanReport.objects.select_related("plan__member").order_by(
        "plan_id", "-published_on", "id"
    )
    serializer_class = PlanReportSerializer
    filterset_class = PlanReportFilterSet


class DeletionViewSet(ApiViewSet):
    """Objects deleted or no longer public, for incremental sync: read them
    with the same cursor as ``updated_since`` and drop them from a mirror."""

    http_method_names = ["get", "head", "options"]
    queryset = Tombstone.objects.all()
    serializer_class = DeletionSerializer
    filterset_class = DeletionFilterSet
