"""Choices shared by the network's models and the other apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberKind(models.TextChoices):
    STATE = "state", _("Member State")
    REGIONAL_ORGANISATION = "regional", _("Regional organisation")
    INTERNATIONAL_ORGANISATION = "international", _("International organisation")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")


class RegionLevel(models.TextChoices):
    """The three tiers of the UN M49 standard's geographic regions."""

    REGION = "region", _("Region")
    SUBREGION = "subregion", _("Sub-region")
    INTERMEDIATE = "intermediate", _("Intermediate region")


# --- Action plans ---------------------------------------------------------------


class PlanScope(models.TextChoices):
    """Who a plan is for: a State (national), an organisation's region, or a
    province, zone or city of a State (local)."""

    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")


class PlanStatus(models.TextChoices):
    """Where a plan stands on a given day. Derived from its dates, never stored."""

    IN_PREPARATION = "in_preparation", _("In preparation")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")


class DatePrecision(models.TextChoices):
    """How much of a date a source states: "2017", "March 2017" or a day."""

    YEAR = "year", _("Year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


class HighImpactFeature(models.TextChoices):
    """The five features of a high-impact action plan named at the network's
    first meeting (Chair's Summary, Alicante 2017), in the order it lists them."""

    POLITICAL_WILL = (
        "political_will",
        _("Political will within all implementing bodies and at all levels"),
    )
    COORDINATION = (
        "coordination",
        _("Coordination across responsible government agencies and implementing partners"),
    )
    CIVIL_SOCIETY = (
        "civil_society",
        _("Civil society engaged throughout design, implementation and evaluation"),
    )
    FUNDING = "funding", _("Dedicated funding for implementation, including costing")
    MONITORING = "monitoring", _("Technical skills and resources to monitor and evaluate")


class FeatureAnswer(models.TextChoices):
    """Whether a plan has a high-impact feature, as its source shows."""

    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not known")


class PlanReportKind(models.TextChoices):
    """How a plan is reported on in public."""

    PROGRESS_REPORT = "progress_report", _("Government progress report")
    SHADOW_REPORT = "shadow_report", _("Civil-society shadow report")
    PARLIAMENTARY_HEARING = "parliamentary_hearing", _("Parliamentary hearing")
    EVALUATION = "evaluation", _("Evaluation or review")
    INTERNATIONAL_REPORT = "international_report", _("Report to an international mechanism")
    OTHER = "other", _("Other")


class MemberPlanStatus(models.TextChoices):
    """Where a member stands with its national or regional plans (the map's
    colours): an active plan, one in preparation, only expired ones, or none."""

    ACTIVE = "active", _("Active plan")
    IN_PREPARATION = "in_preparation", _("Plan in preparation")
    EXPIRED = "expired", _("Plans expired, none active")
    NONE = "none", _("No plan recorded")


class DocumentAudience(models.TextChoices):
    """Who may read a document of the library (meeting documents included):
    everyone, or members of the network and staff (network.core.visibility)."""

    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Members of the network")


class LibraryDocumentKind(models.TextChoices):
    """What a document of the library that belongs to no meeting is."""

    ACTION_PLAN = "action_plan", _("Action plan text")
    GUIDANCE = "guidance", _("Guidance")
    REPORT = "report", _("Report")
    RESEARCH = "research", _("Research")
    OTHER = "other", _("Other")


# --- Languages ----------------------------------------------------------------------

# The United Nations' six official languages, in the order the UN lists them:
# offered first wherever a working language is chosen (Language.objects.offered_first).
UN_OFFICIAL_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


class TombstoneReason(models.TextChoices):
    """Why an object left what the public may read (network.models.Tombstone)."""

    DELETED = "deleted", _("Deleted")
    WITHDRAWN = "withdrawn", _("No longer public")


#: What a partner token may be limited to (PartnerToken.resources): the API's
#: public resources, by their path under /api/v1/ (tests/api/test_tokens.py
#: checks the list against the router).
PARTNER_RESOURCES = (
    "members",
    "regions",
    "themes",
    "organisations",
    "action-plans",
    "library-documents",
    "plan-checklist",
    "plan-reports",
    "people",
    "appointments",
    "popolo.json",
    "meetings",
    "sessions",
    "meeting-documents",
    "commitments",
    "commitment-updates",
    "entries",
    "newsletter-issues",
    "deletions",
)
