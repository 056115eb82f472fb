"""The document library's own documents: action plan texts, guidance, reports
that belong to no meeting (a meeting's documents are meetings.MeetingDocument;
the library at /library/ lists both)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from network.choices import DocumentAudience, LibraryDocumentKind
from network.core import uploads
from network.core.search import normalise
from network.core.validators import SHORT_TEXT, text_cap
from network.core.visibility import document_audiences

from .action_plans import ActionPlan
from .base import TimeStampedModel, VisibleQuerySet
from .members import Member


def library_upload_path(document, filename):
    # A random name: the stored path tells nothing and cannot be guessed.
    return f"library/{uuid.uuid4().hex}.{uploads.extension_of(filename)}"


class DocumentQuerySet(VisibleQuerySet):
    """Documents by audience: the public reads the public ones, members and
    staff every one (network.core.visibility.document_audiences)."""

    def visible_to(self, viewer):
        return self.filter(audience__in=document_audiences(viewer))


class LibraryDocument(TimeStampedModel):
    """A document of the network that belongs to no meeting: the text of an
    action plan, guidance, a report or research — a link to where it is
    published, or an uploaded file served through the storage backend. Public,
    or for members of the network only."""

    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=LibraryDocumentKind.choices,
        default=LibraryDocumentKind.OTHER,
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), validators=[text_cap(SHORT_TEXT)], blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=library_upload_path, blank=True)
    language = models.CharField(
        _("language"), max_length=10, blank=True, help_text=_("ISO 639-1 code, e.g. en.")
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="library_documents",
    )
    action_plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_documents",
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    audience = models.CharField(
        _("who may read it"),
        max_length=10,
        choices=DocumentAudience.choices,
        default=DocumentAudience.PUBLIC,
    )
    search_text = models.TextField(editable=False, default="")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("library document")
        verbose_name_plural = _("library documents")
        ordering = ["-published_on", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""),
                name="library_document_has_url_or_file",
                violation_error_message=_("A document needs an address or a file."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def href(self):
        """Where to read it: an uploaded file through the library's file view
        (which checks who may read it), else its address."""
        if self.file:
            return reverse("network:library_file", kwargs={"source": "library", "pk": self.pk})
        return self.url

    def clean(self):
        super().clean()
        if not self.url and not self.file:
            raise ValidationError({"url": _("A document needs an address or a file.")})
        if self.file and not getattr(self.file, "_committed", True):
            uploads.check_document_upload(self.file, max_bytes=settings.LIBRARY_DOCUMENT_MAX_BYTES)

    def save(self, *args, **kwargs):
        self.search_text = normalise(
            self.title, self.description, self.member.name if self.member_id else ""
        )
        super().save(*args, **kwargs)
