"""Viewsets of meetings, sessions, registrations, commitments and their updates."""

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import PermissionDenied

from focalpoints.models import Person
from network.api.base_views import ApiViewSet
from network.api.permissions import MembersMayCreate
from network.core.visibility import REGISTRATION_FIELDS, may_register, visible_fields
from network.models import Theme

from .. import services
from ..filtersets import (
    CommitmentFilterSet,
    CommitmentUpdateFilterSet,
    MeetingDocumentFilterSet,
    MeetingFilterSet,
    RegistrationFilterSet,
    SessionFilterSet,
)
from ..models import (
    Commitment,
    CommitmentUpdate,
    Meeting,
    MeetingDocument,
    Registration,
    Session,
    SessionRole,
)
from .serializers import (
    MEMBER_REGISTRATION_FIELDS,
    CommitmentSerializer,
    CommitmentUpdateSerializer,
    MeetingDocumentSerializer,
    MeetingSerializer,
    RegistrationSerializer,
    SessionSerializer,
)

THEMES_BY_NAME = Prefetch("themes", queryset=Theme.objects.order_by("name"))


class MeetingViewSet(ApiViewSet):
    """Meetings of the network: capital-level and expert meetings, briefings,
    side events. Public; staff write. The agenda is `sessions`; the
    meeting's calendar is `calendar_url`."""

    queryset = Meeting.objects.prefetch_related("hosts", "chairs", "participants")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet


class MeetingDocumentViewSet(ApiViewSet):
    """Meetings' documents: public ones for everyone, members-only ones for
    members and staff (the rows come from ``visible_to``, as in the library and
    on the meeting's page). Read-only: files are uploaded in the back office."""

    http_method_names = ["get", "head", "options"]
    queryset = MeetingDocument.objects.select_related("meeting").order_by(
        "meeting_id", "order", "title", "id"
    )
    serializer_class = MeetingDocumentSerializer
    filterset_class = MeetingDocumentFilterSet


class SessionViewSet(ApiViewSet):
    """Sessions of meetings' agendas, with their people by name and role.
    Public; staff write (a session's people are edited in the admin)."""

    queryset = Session.objects.select_related("meeting")
    serializer_class = SessionSerializer
    filterset_class = SessionFilterSet

    def get_queryset(self):
        # Whether each role's person may be linked to, for this viewer, in the
        # same query as the roles: a page costs the same whoever asks.
        visible_person = Person.objects.visible_to(self.viewer).filter(pk=OuterRef("person_id"))
        roles = (
            SessionRole.objects.select_related("person", "member")
            .annotate(person_visible=Exists(visible_person))
            .order_by("order", "pk")
        )
        return (
            super()
            .get_queryset()
            .prefetch_related(THEMES_BY_NAME, Prefetch("roles", queryset=roles))
        )


class RegistrationViewSet(ApiViewSet):
    """Registrations for meetings. Personal data: a member sees and changes
    only their own (they register themselves while registration is open, and
    may cancel); staff see and change all; others see none (an empty list)."""

    queryset = Registration.objects.select_related("meeting", "person", "member")
    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilterSet
    permission_classes = [MembersMayCreate]
    # A member may cancel (status → cancelled); the serializer refuses other values.
    self_service_fields = frozenset({"status"})

    def is_own(self, viewer, obj):
        return viewer.person_id is not None and obj.person_id == viewer.person_id

    def member_may_create(self, viewer):
        return may_register(viewer)

    def csv_allowed_fields(self, serializer):
        # Rows are the viewer's own (or staff's): the own fields are the columns.
        return visible_fields(self.viewer, REGISTRATION_FIELDS, own=True)

    def create(self, request, *args, **kwargs):
        if not self.viewer.is_staff:
            forbidden = sorted(set(request.data) - MEMBER_REGISTRATION_FIELDS)
            if forbidden:
                raise PermissionDenied(
                    {name: [_("Only the secretariat can set this field.")] for name in forbidden}
                )
        return super().create(request, *args, **kwargs)


class CommitmentViewSet(ApiViewSet):
    """Commitments members pledged at meetings, with their status. Public;
    staff write. Their progress reports are `commitment-updates`."""

    queryset = Commitment.objects.select_related("member", "meeting").prefetch_related(
        THEMES_BY_NAME
    )
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet


class CommitmentUpdateViewSet(ApiViewSet):
    """Progress reports on commitments. Public (the author's name for members
    and staff). A member may add updates to their own member's commitments;
    staff write everything."""

    queryset = CommitmentUpdate.objects.select_related(
        "commitment__member", "reported_at", "author__person"
    )
    serializer_class = CommitmentUpdateSerializer
    filterset_class = CommitmentUpdateFilterSet
    permission_classes = [MembersMayCreate]

    def member_may_create(self, viewer):
        # Which commitment is checked by the serializer (403 for another member's).
        return bool(viewer.member_ids)

    def perform_destroy(self, instance):
        commitment = instance.commitment
        super().perform_destroy(instance)
        services.sync_commitment_status(commitment, by=self.request.user)
