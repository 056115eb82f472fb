"""Choices of the newsletters app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    """What an entry promotes or maps (Chair's Summary, Alicante 2017)."""

    RESEARCH = "research", _("Research")
    BEST_PRACTICE = "best_practice", _("Best practice")
    FUNDING = "funding", _("Funding opportunity")
    CAPACITY_BUILDING = "capacity_building", _("Capacity-building opportunity")
    NATIONAL_INITIATIVE = "national_initiative", _("National initiative")
    REGIONAL_INITIATIVE = "regional_initiative", _("Regional initiative")
    EVENT = "event", _("Event")

    @classmethod
    def opportunities(cls):
        """Kinds with a deadline people act upon."""
        return [cls.FUNDING, cls.CAPACITY_BUILDING, cls.EVENT]


class EntryStatus(models.TextChoices):
    """Where an entry stands. Members propose; staff publish or decline; only
    published entries are public. A draft is the secretariat's own unfinished
    entry."""

    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")


class IssueStatus(models.TextChoices):
    """An issue moves forward only: draft → scheduled → sending → sent.

    A scheduled issue may go back to draft until its send starts.
    """

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # The subscriber left (unsubscribed, suspended) between the start of the
    # send and their turn.
    SKIPPED = "skipped", _("Skipped")


class SuspensionReason(models.TextChoices):
    HARD_BOUNCE = "hard_bounce", _("Hard bounce")
    COMPLAINT = "complaint", _("Spam complaint")
    OTHER = "other", _("Other")


class MessageStatus(models.TextChoices):
    """A message to an audience moves forward only: draft → sending → sent."""

    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
