"""Viewsets of the network's resources."""

from network.filtersets import (
    MemberFilterSet,
    OrganisationFilterSet,
    RegionFilterSet,
    ThemeFilterSet,
)
from network.models import Member, Organisation, Region, Theme

from .base_views import ApiViewSet
from .serializers import (
    MemberSerializer,
    OrganisationSerializer,
    RegionSerializer,
    ThemeSerializer,
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
