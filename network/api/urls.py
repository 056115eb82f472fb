"""The network's API resources, registered on the one /api/v1/ router
(network.api.routers.build_api_urls)."""

from network.api.views import (
    ActionPlanViewSet,
    DeletionViewSet,
    LibraryDocumentViewSet,
    MemberViewSet,
    OrganisationViewSet,
    PlanChecklistViewSet,
    PlanReportViewSet,
    RegionViewSet,
    ThemeViewSet,
)

# (prefix, viewset, basename): prefixes are plural kebab-case (DESIGN.md, Surfaces).
routes = [
    ("members", MemberViewSet, "member"),
    ("regions", RegionViewSet, "region"),
    ("themes", ThemeViewSet, "theme"),
    ("organisations", OrganisationViewSet, "organisation"),
    ("action-plans", ActionPlanViewSet, "action-plan"),
    ("library-documents", LibraryDocumentViewSet, "library-document"),
    ("plan-checklist", PlanChecklistViewSet, "plan-checklist-item"),
    ("plan-reports", PlanReportViewSet, "plan-report"),
    ("deletions", DeletionViewSet, "deletion"),
]
urlpatterns = []
