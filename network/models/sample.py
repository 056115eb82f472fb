"""The sample layer: which rows are fictional demonstration data."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.models.base import VisibleQuerySet


class SampleRecordQuerySet(VisibleQuerySet):
    def mark(self, *rows):
        """Record ``rows`` as sample data (once each); returns the first row."""
        for row in rows:
            self.get_or_create(
                content_type=ContentType.objects.get_for_model(type(row)), object_id=row.pk
            )
        return rows[0] if rows else None

    def of_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def ids_of(self, model):
        """The primary keys of ``model``'s rows that are sample data."""
        return self.of_model(model).values("object_id")


class SampleRecord(models.Model):
    """One row of the sample layer: a fictional person, post, registration,
    newsletter issue … made by ``load_demo --sample`` so that a newcomer can try
    every workflow, and removed, exactly, by ``remove_sample``. Real facts are
    never marked; a marked row is never presented as a fact."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of row"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("row"))
    row = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SampleRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("sample record")
        verbose_name_plural = _("sample records")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="sample_record_once_per_row"
            )
        ]

    def __str__(self):
        return f"{self.content_type.model} #{self.object_id}"
