"""What incremental sync needs beyond ``updated_since``: a record of objects
that were deleted or left the public view."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.choices import TombstoneReason
from network.models.base import VisibleQuerySet


class Tombstone(models.Model):
    """One object that a partner's mirror must drop: its API resource
    (``people``), its id, when and why (deleted, or no longer public — a
    consent to public listing withdrawn, an entry unpublished).

    Nothing personal is kept: a resource name and a number say only that
    some row went away. Every viewer may read them (``/api/v1/deletions/``),
    which is what lets a public mirror forget what it may no longer hold.
    """

    resource = models.CharField(
        _("resource"), max_length=40, help_text=_("The API resource, e.g. people.")
    )
    object_id = models.BigIntegerField(_("object id"), help_text=_("The object's id there."))
    removed_at = models.DateTimeField(
        _("removed at"),
        default=timezone.now,
        db_index=True,
        help_text=_("When the object was deleted or left the public view."),
    )
    reason = models.CharField(
        _("reason"),
        max_length=20,
        choices=TombstoneReason.choices,
        help_text=_("deleted, or withdrawn: no longer public (it may still exist)."),
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("deletion record")
        verbose_name_plural = _("deletion records")
        ordering = ["removed_at", "id"]
        indexes = [models.Index(fields=["resource", "object_id"], name="tombstone_object")]

    def __str__(self):
        return f"{self.resource}/{self.object_id} ({self.reason})"
