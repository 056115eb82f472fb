"""The meetings app's API resources (registered by network.api.routers.build_api_urls)."""

from .views import (
    CommitmentUpdateViewSet,
    CommitmentViewSet,
    MeetingDocumentViewSet,
    MeetingViewSet,
    RegistrationViewSet,
    SessionViewSet,
)

routes = [
    ("meetings", MeetingViewSet, "meeting"),
    ("sessions", SessionViewSet, "session"),
    ("meeting-documents", MeetingDocumentViewSet, "meeting-document"),
    ("registrations", RegistrationViewSet, "registration"),
    ("commitments", CommitmentViewSet, "commitment"),
    ("commitment-updates", CommitmentUpdateViewSet, "commitment-update"),
]
urlpatterns = []
