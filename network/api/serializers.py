"""Serializers of the network's resources: regions, themes, members,
organisations. Related objects are brief ``{id, url, display}`` on output and
ids on input (network.api.base_serializers)."""

from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from network.api.base_serializers import TIMESTAMPS, ApiModelSerializer, BriefRelatedField
from network.choices import PlanStatus
from network.core.visibility import MEMBER_FIELDS
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
        fields = MEMBER_FIELDS.order
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


UNKNOWN_IS_NULL = "null while not known."


class ActionPlanSerializer(ApiModelSerializer):
    """A national, regional or local action plan on Women, Peace and Security."""

    basename = "action-plan"
    member = BriefRelatedField(
        "member",
        queryset=Member.objects.all(),
        help_text="The member that adopted the plan; an id on input.",
    )
    status = serializers.ChoiceField(
        choices=PlanStatus.choices,
        read_only=True,
        help_text="Where the plan stands today, derived from its dates and its successor: "
        "in preparation (not in effect yet), active, or expired (its period is over, or a "
        "later plan took effect).",
    )
    lead_organisation = BriefRelatedField(
        "organisation",
        queryset=Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text="The ministry or body that leads the plan, if known; an id on input.",
    )
    themes = BriefRelatedField(
        "theme",
        many=True,
        queryset=Theme.objects.all(),
        required=False,
        help_text="Themes the plan addresses; ids on input.",
    )
    follows = BriefRelatedField(
        "action-plan",
        queryset=ActionPlan.objects.select_related("member"),
        allow_null=True,
        required=False,
        help_text="The plan this one replaces (plan N follows plan N − 1 of the same member "
        "and scope); an id on input.",
    )

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "url",
            "display",
            "member",
            "scope",
            "sequence",
            "title",
            "status",
            "adopted_on",
            "adopted_precision",
            "period_start",
            "period_start_precision",
            "period_end",
            "period_end_precision",
            "lead_organisation",
            "themes",
            "has_dedicated_budget",
            "has_monitoring_framework",
            "has_civil_society_involvement",
            "document_url",
            "source_url",
            "follows",
            "notes",
            *TIMESTAMPS,
        ]
        extra_kwargs = {
            "scope": {
                "help_text": "national or local (plans of member States), regional (plans "
                "of organisations)."
            },
            "sequence": {
                "help_text": "1 for the member's first plan of this scope, 2 for its second "
                "…; null for a strategy without a number."
            },
            "title": {
                "help_text": "The plan's title; made from the scope and number when omitted.",
                "required": False,
            },
            "adopted_on": {
                "help_text": "When the plan was adopted (YYYY-MM-DD), as precise as "
                "`adopted_precision` says: a year is stored as its 1 January."
            },
            "adopted_precision": {"help_text": "How much of `adopted_on` is known."},
            "period_start": {
                "help_text": "First day of the period the plan covers (a year or month "
                "is stored as its first day)."
            },
            "period_start_precision": {"help_text": "How much of `period_start` is known."},
            "period_end": {
                "help_text": "Last day of the period the plan covers (a year or month is "
                "stored as its last day)."
            },
            "period_end_precision": {"help_text": "How much of `period_end` is known."},
            "has_dedicated_budget": {
                "help_text": "Whether the plan has a costed, dedicated budget; " + UNKNOWN_IS_NULL
            },
            "has_monitoring_framework": {
                "help_text": "Whether the plan has a monitoring and evaluation framework; "
                + UNKNOWN_IS_NULL
            },
            "has_civil_society_involvement": {
                "help_text": "Whether civil society took part in making or monitoring the "
                "plan; " + UNKNOWN_IS_NULL
            },
            "document_url": {"help_text": "Where the plan's text is published."},
            "source_url": {"help_text": "Where the facts recorded here come from."},
            "notes": {"help_text": "Notes on the plan, shown to everyone."},
        }


class LibraryDocumentSerializer(ApiModelSerializer):
    """A document of the library that belongs to no meeting: an action plan's
    text, guidance, a report. Members-only documents are listed to members and
    staff only. Files are uploaded in the back office."""

    basename = "library-document"
    address = serializers.URLField(
        source="url",
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="Where the document is published, if it is not an uploaded file.",
    )
    file_url = serializers.SerializerMethodField(
        help_text="The uploaded file (through the site, which checks who may read it); "
        "null without one."
    )
    member = BriefRelatedField(
        "member",
        queryset=Member.objects.all(),
        allow_null=True,
        required=False,
        help_text="The member the document concerns, if any; an id on input.",
    )
    action_plan = BriefRelatedField(
        "action-plan",
        queryset=ActionPlan.objects.all(),
        allow_null=True,
        required=False,
        help_text="The action plan whose text it is, if any; an id on input.",
    )

    class Meta:
        model = LibraryDocument
        fields = [
            "id",
            "url",
            "display",
            "kind",
            "title",
            "description",
            "address",
            "file_url",
            "language",
            "member",
            "action_plan",
            "published_on",
            "audience",
            *TIMESTAMPS,
        ]
        extra_kwargs = {
            "kind": {"help_text": "action_plan, guidance, report, research or other."},
            "title": {"help_text": "The document's title."},
            "description": {"help_text": "What the document is about."},
            "language": {"help_text": "ISO 639-1 code of its language."},
            "published_on": {"help_text": "When it was published (YYYY-MM-DD)."},
            "audience": {"help_text": "public, or members (of the network) only."},
        }

    def get_file_url(self, document) -> str | None:
        if not document.file:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(document.href) if request else document.href


def _plan_field():
    return BriefRelatedField(
        "action-plan", read_only=True, help_text="The action plan this is about."
    )


def _plan_member_field():
    return BriefRelatedField(
        "member", source="plan.member", read_only=True, help_text="The member whose plan it is."
    )


class PlanChecklistSerializer(ApiModelSerializer):
    """One line of a plan's high-impact checklist: whether the plan has one of
    the five features of a high-impact plan, and the source that shows it.
    Read-only: staff assess plans in the back office."""

    basename = "plan-checklist-item"
    plan = _plan_field()
    member = _plan_member_field()

    class Meta:
        model = PlanFeatureAssessment
        fields = [
            "id",
            "url",
            "display",
            "plan",
            "member",
            "feature",
            "answer",
            "source_url",
            "note",
            *TIMESTAMPS,
        ]
        extra_kwargs = {
            "feature": {"help_text": "Which of the five features of a high-impact plan."},
            "answer": {"help_text": "yes, partly, no, or unknown (not known)."},
            "source_url": {"help_text": "Where the answer is shown; empty when not known."},
            "note": {"help_text": "What the assessor noted."},
        }


class PlanReportSerializer(ApiModelSerializer):
    """A dated public account of a plan: a progress report, a shadow report, a
    hearing, an evaluation. Read-only: staff record them in the back office."""

    basename = "plan-report"
    plan = _plan_field()
    member = _plan_member_field()
    address = serializers.URLField(
        source="url", read_only=True, help_text="Where the report is published."
    )

    class Meta:
        model = ActionPlanReport
        fields = [
            "id",
            "url",
            "display",
            "plan",
            "member",
            "kind",
            "title",
            "published_on",
            "author",
            "address",
            *TIMESTAMPS,
        ]
        extra_kwargs = {
            "title": {"help_text": "The report's title."},
            "published_on": {"help_text": "When it was published (YYYY-MM-DD)."},
            "author": {"help_text": "Who made it: a ministry, a coalition …"},
        }


class DeletionSerializer(ApiModelSerializer):
    """A tombstone: which object of which resource a mirror must drop."""

    basename = "deletion"

    class Meta:
        model = Tombstone
        fields = ["id", "url", "display", "resource", "object_id", "removed_at", "reason"]
