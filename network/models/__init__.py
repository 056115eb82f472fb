"""The network app's models, one module a domain (the app label stays ``network``):

- ``base``: timestamps and querysets that know their viewer;
- ``accounts``: users and partner tokens;
- ``reference``: UN M49 regions, themes, languages;
- ``members``: the members of the network and the organisations people work in;
- ``action_plans``: action plans, their high-impact checklist and reports;
- ``audit``: the log of personal data exports;
- ``sample``: which rows are the fictional sample layer;
- ``library``: the document library's own documents (plan texts, guidance);
- ``sync``: tombstones of deleted or withdrawn objects, for incremental sync.

Everything is importable from ``network.models``, as Django and the other apps expect.
"""

from network.models.accounts import (
    PARTNER_TOKEN_KEYWORD,
    PARTNER_TOKEN_LIFETIME_DAYS,
    PartnerToken,
    User,
    UserManager,
)
from network.models.action_plans import (
    ORDINAL_WORDS,
    PRIMARY_PLAN_SCOPES,
    ActionPlan,
    ActionPlanReport,
    PlanFeatureAssessment,
    members_with_active_plan,
    members_with_plan_summary,
    members_without_active_plan,
    plan_start_expression,
    plan_status_expression,
    primary_plans_of_member,
)
from network.models.audit import PersonalDataExport
from network.models.base import TimeStampedModel, VisibleQuerySet, today
from network.models.library import DocumentQuerySet, LibraryDocument
from network.models.members import Member, Membership, Organisation
from network.models.reference import Language, Region, Theme
from network.models.sample import SampleRecord
from network.models.sync import Tombstone

__all__ = [
    "ORDINAL_WORDS",
    "PARTNER_TOKEN_KEYWORD",
    "PARTNER_TOKEN_LIFETIME_DAYS",
    "PRIMARY_PLAN_SCOPES",
    "ActionPlan",
    "ActionPlanReport",
    "DocumentQuerySet",
    "Language",
    "LibraryDocument",
    "Member",
    "Membership",
    "Organisation",
    "PartnerToken",
    "PersonalDataExport",
    "PlanFeatureAssessment",
    "Region",
    "SampleRecord",
    "Theme",
    "TimeStampedModel",
    "Tombstone",
    "User",
    "UserManager",
    "VisibleQuerySet",
    "members_with_active_plan",
    "members_with_plan_summary",
    "members_without_active_plan",
    "plan_start_expression",
    "plan_status_expression",
    "primary_plans_of_member",
    "today",
]
