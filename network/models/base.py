"""The base every model of the network builds on: timestamps and querysets that
know their viewer."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.core.search import search_q


def today():
    """The site's date (TIME_ZONE): the default of date fields, and what "current"
    means for posts, plans and meetings."""
    return timezone.localdate()


class TimeStampedModel(models.Model):
    """Abstract base: when a row was created and last changed.

    ``updated_at`` is indexed because partners synchronise incrementally with
    ``updated_since`` on every API list.
    """

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class VisibleQuerySet(models.QuerySet):
    """A queryset that knows which of its rows a viewer may see.

    Public network data is visible to everyone, so this default returns every
    row; models holding personal data override it (see network/core/visibility.py).
    """

    def visible_to(self, viewer):
        return self.all()

    def search(self, term):
        """Rows whose normalised search text holds every word of ``term``."""
        return self.filter(search_q(term)) if term and term.strip() else self
