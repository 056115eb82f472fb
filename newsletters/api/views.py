"""Viewsets of entries, newsletter issues and subscriptions."""

from django.db.models import Prefetch

from network.api.base_views import ApiViewSet
from network.core.visibility import SUBSCRIPTION_FIELDS, visible_fields
from network.models import Theme

from ..filtersets import EntryFilterSet, IssueFilterSet, SubscriptionFilterSet
from ..models import Entry, Issue, IssueEntry, Subscription
from .serializers import EntrySerializer, IssueSerializer, SubscriptionSerializer


class EntryViewSet(ApiViewSet):
    """Research, best practices, opportunities and initiatives: the map of
    national and regional WPS actions. Published entries are public;
    unpublished ones are staff drafts. Staff write."""

    queryset = Entry.objects.select_related("member", "region").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name"))
    )
    serializer_class = EntrySerializer
    filterset_class = EntryFilterSet


class IssueViewSet(ApiViewSet):
    """Issues of the newsletters. Issues that went out (sending, sent) are
    public; drafts and scheduled issues are staff's. Read-only for everyone:
    the secretariat composes and sends issues in the admin."""

    http_method_names = ["get", "head", "options"]
    queryset = Issue.objects.select_related("newsletter")
    serializer_class = IssueSerializer
    filterset_class = IssueFilterSet

    def get_queryset(self):
        # The entries this viewer may see, in the issue's order, in one query.
        listed = (
            IssueEntry.objects.filter(entry__in=Entry.objects.visible_to(self.viewer))
            .select_related("entry")
            .order_by("position", "id")
        )
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("issue_entries", queryset=listed, to_attr="listed_issue_entries")
            )
        )


class SubscriptionViewSet(ApiViewSet):
    """Subscriptions to the newsletters. Personal data: a member sees their
    own (those linked to their directory entry) and may change its language;
    staff see all, add addresses (the owner confirms by email), change and
    delete them; others see none (an empty list)."""

    queryset = Subscription.objects.select_related("newsletter", "person")
    serializer_class = SubscriptionSerializer
    filterset_class = SubscriptionFilterSet
    self_service_fields = frozenset({"language"})

    def is_own(self, viewer, obj):
        return viewer.person_id is not None and obj.person_id == viewer.person_id

    def csv_allowed_fields(self, serializer):
        # Rows are the viewer's own (or staff's): the own fields are the columns.
        return visible_fields(self.viewer, SUBSCRIPTION_FIELDS, own=True)
