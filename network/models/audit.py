"""The audit trail's own rows: one per export of personal data."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from network.models.accounts import PartnerToken
from network.models.base import TimeStampedModel, VisibleQuerySet

# --- security and data protection ---------------------------------------------------


class PersonalDataExport(TimeStampedModel):
    """One export of personal data: who took which rows out of the system,
    when, through which surface and in which format (a CSV of people, an
    XLSX of participants, the Popolo directory, a vCard, one person's data
    export …). Written by ``network.core.audit.log_personal_data_export`` only,
    which every export calls before its data leaves; staff read it in the
    admin and nobody edits it. It holds identifiers, never the exported data,
    and free-text search terms are not kept."""

    # A log no page or API answer shows: writing it voids no cached rendering
    # (network.core.caching.bump_data_generation).
    voids_cached_data = False

    class Audience(models.TextChoices):
        PUBLIC = "public", _("public")
        PARTNER = "partner", _("partner (API token)")
        MEMBER = "member", _("member")
        STAFF = "staff", _("staff")
        COMMAND = "command", _("management command")

    user = models.ForeignKey(
        "network.User",
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    partner_token = models.ForeignKey(
        PartnerToken,
        verbose_name=_("partner token"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    surface = models.CharField(
        _("surface"), max_length=60, help_text=_("Where: api, admin, site, command …")
    )
    dataset = models.CharField(
        _("data"), max_length=100, help_text=_("The model exported, e.g. focalpoints.person.")
    )
    export_format = models.CharField(_("format"), max_length=20)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    # A plain id, not a foreign key: network knows no Person (focalpoints does),
    # and the record must outlive an erased or deleted person.
    person_id = models.PositiveBigIntegerField(
        _("person"), null=True, blank=True, help_text=_("When the export is about one person.")
    )
    parameters = models.JSONField(_("filters"), default=dict, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["dataset", "created_at"], name="export_log_dataset")]

    def __str__(self):
        return f"{self.dataset} ({self.export_format}) {self.created_at:%Y-%m-%d %H:%M}"
