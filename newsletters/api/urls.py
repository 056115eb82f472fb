"""The newsletters app's API resources (registered by network.api.routers.build_api_urls)."""

from .views import EntryViewSet, IssueViewSet, SubscriptionViewSet

routes = [
    ("entries", EntryViewSet, "entry"),
    ("newsletter-issues", IssueViewSet, "newsletter-issue"),
    ("subscriptions", SubscriptionViewSet, "subscription"),
]
urlpatterns = []
