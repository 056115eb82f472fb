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
