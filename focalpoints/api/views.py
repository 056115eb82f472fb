"""Viewsets of the directory: people and appointments."""

from network.api.base_views import ApiViewSet
from network.api.links import Links

from ..filtersets import AppointmentFilterSet, PersonFilterSet
from ..models import Appointment, Person
from ..services import SELF_SERVICE_FIELDS
from .serializers import (
    AppointmentSerializer,
    PersonSerializer,
    people_representations,
    person_columns,
)


class PersonViewSet(ApiViewSet):
    """People the network knows. The public and partners see only people who
    consented to public listing, without contact details; members see
    everyone; a member may PATCH their own entry's self-service fields."""

    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    # One list for the profile page, the verification link and the API.
    self_service_fields = frozenset(SELF_SERVICE_FIELDS)

    def is_own(self, viewer, obj):
        return viewer.owns_person(obj.pk)

    def page_source(self, queryset):
        # Rows, not model instances: a page of 100 people is the hot path.
        return queryset.values(*person_columns(self.viewer))

    def serialize_many(self, items):
        return people_representations(list(items), self.viewer, Links.for_request(self.request))


class AppointmentViewSet(ApiViewSet):
    """Posts people hold for members, current and former (rotation keeps
    history). Visible to the public only for publicly listed people."""

    queryset = Appointment.objects.select_related("person", "member", "organisation")
    serializer_class = AppointmentSerializer
    filterset_class = AppointmentFilterSet
