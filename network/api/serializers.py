"""Serializers of the network's resources: regions, themes, members,
organisations. Related objects are brief ``{id, url, display}`` on output and
ids on input (network.api.base_serializers)."""

from django_countries.serializer_fields import CountryField

from network.models import Member, Organisation, Region, Theme
from network.visibility import MEMBER_FIELDS

from .base_serializers import ApiModelSerializer, BriefRelatedField

TIMESTAMPS = ["created_at", "updated_at"]


class RegionSerializer(ApiModelSerializer):
    basename = "region"
    parent = BriefRelatedField(
        "region",
        queryset=Region.objects.all(),
        allow_null=True,
        required=False,
        help_text="The region one tier up (e.g. Western Africa → Sub-Saharan Africa); "
        "an id on input.",
    )

    class Meta:
        model = Region
        fields = ["id", "url", "display", "code", "name", "level", "parent", *TIMESTAMPS]
        extra_kwargs = {
            "name": {"help_text": "The region's name in the UN M49 standard."},
            "level": {"help_text": "The M49 tier: region, sub-region or intermediate region."},
        }


class ThemeSerializer(ApiModelSerializer):
    basename = "theme"

    class Meta:
        model = Theme
        fields = ["id", "url", "display", "name", "slug", "description", *TIMESTAMPS]
        extra_kwargs = {
            "name": {"help_text": "The theme's name (e.g. “Climate and security”)."},
            "slug": {
                "help_text": "Short, stable name used in filters (`theme=`); made from the "
                "name when omitted.",
                "required": False,
            },
            "description": {"help_text": "What the theme covers."},
        }


class MemberSerializer(ApiModelSerializer):
    basename = "member"
    field_policy = MEMBER_FIELDS
    country = CountryField(
        required=False,
        allow_blank=True,
        help_text="ISO 3166-1 alpha-2 code of a member State; empty for organisations.",
    )
    region = BriefRelatedField(
        "region",
        queryset=Region.objects.all(),
        allow_null=True,
        required=False,
        help_text="The most specific UN M49 region the member is in; an id on input.",
    )

    class Meta:
        model = Member
        fields = [
            "id",
            "url",
            "display",
            "kind",
            "name",
            "acronym",
            "slug",
            "country",
            "region",
            "joined_on",
            "active",
            "website",
            "notes",
            *TIMESTAMPS,
        ]
        extra_kwargs = {
            "kind": {"help_text": "A member State, or a kind of organisation."},
            "name": {
                "help_text": "The member's name (a State's short name, or an "
                "organisation's full name)."
            },
            "acronym": {"help_text": "Short name of an organisation (ECOWAS, NATO …)."},
            "slug": {
                "help_text": "Short, stable name of the member used in URLs and filters "
                "for organisations; made from the acronym or name when omitted.",
                "required": False,
            },
            "joined_on": {"help_text": "When the member joined the network."},
            "active": {"help_text": "Whether the member takes part in the network today."},
            "website": {"help_text": "The member's public website."},
            "notes": {"help_text": "The secretariat's notes; staff only."},
        }


class OrganisationSerializer(ApiModelSerializer):
    basename = "organisation"
    member = BriefRelatedField(
        "member",
        queryset=Member.objects.all(),
        allow_null=True,
        required=False,
        help_text="The member the organisation belongs to (a State's ministry …), if any; "
        "an id on input.",
    )

    class Meta:
        model = Organisation
        fields = ["id", "url", "display", "name", "acronym", "member", "website", *TIMESTAMPS]
        extra_kwargs = {
            "name": {
                "help_text": "The organisation's name (“Ministry of Foreign Affairs, "
                "European Union and Cooperation”)."
            },
            "acronym": {"help_text": "Its short name, if any."},
            "website": {"help_text": "Its public website."},
        }
