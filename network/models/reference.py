"""Reference data: the UN M49 regions, the shared taxonomy of themes, and languages."""

from django.db import models
from django.db.models import Case, Count, Q, Value, When
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from network.choices import (
    UN_OFFICIAL_LANGUAGES,
    RegionLevel,
)
from network.core.search import normalise
from network.core.validators import SHORT_TEXT, text_cap
from network.models.base import TimeStampedModel, VisibleQuerySet
from network.regions import localised_region_name, region_code_for_country


class RegionQuerySet(VisibleQuerySet):
    def with_descendants(self):
        """These regions and every region below them (at most three tiers)."""
        ids = set(self.values_list("pk", flat=True))
        return Region.objects.filter(Q(pk__in=ids) | Q(parent__in=ids) | Q(parent__parent__in=ids))

    def choices(self, levels=None):
        """These regions as ``(M49 code, name in the reader's language)`` for a
        <select>: each tier under its parent, indented, siblings sorted by name.
        ``levels`` keeps only those tiers (e.g. regions and sub-regions)."""
        rows = self.values_list("pk", "code", "name", "parent_id", "level")
        children = {}
        for pk, code, name, parent, level in rows:
            if levels is None or level in levels:
                children.setdefault(parent, []).append((localised_region_name(name), pk, code))
        choices = []

        def walk(parent, depth):
            for name, pk, code in sorted(children.get(parent, []), key=lambda r: normalise(r[0])):
                choices.append((code, "\u2003" * depth + name))
                walk(pk, depth + 1)

        walk(None, 0)
        return choices

    def top_level_names(self):
        """Region id → the name (in the reader's language) of the top-tier
        region it lies in, for figures by region. One query."""
        rows = {
            pk: (name, parent) for pk, name, parent in self.values_list("pk", "name", "parent_id")
        }
        names = {}
        for pk in rows:
            top = pk
            while rows[top][1] is not None and rows[top][1] in rows:
                top = rows[top][1]
            names[pk] = localised_region_name(rows[top][0])
        return names

    def for_country(self, iso2):
        """The most specific region of an ISO 3166 alpha-2 code, or None when
        the M49 table has none."""
        code = region_code_for_country(iso2)
        return self.filter(code=code).first() if code else None


class Region(TimeStampedModel):
    """A geographic region of the UN M49 standard (Africa, Sub-Saharan Africa,
    Western Africa …). Loaded by a data migration from the UN Statistics
    Division's table; members point at the most specific region they are in."""

    code = models.CharField(
        _("M49 code"), max_length=3, unique=True, help_text=_("Three-digit UN M49 code.")
    )
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=12, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The UN's name of the region in the reader's language."""
        return localised_region_name(self.name)

    @property
    def path(self):
        """Names from the top tier down, in the reader's language:
        ["Africa", "Sub-Saharan Africa", …]."""
        names, region = [], self
        while region is not None:
            names.insert(0, region.display_name)
            region = region.parent
        return names


class Theme(TimeStampedModel):
    """A subject of the shared WPS taxonomy (structural barriers, civil society
    engagement, P/CVE, climate …), used by sessions, commitments, action plans,
    newsletter entries and people's expertise."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), validators=[text_cap(SHORT_TEXT)], blank=True)
    # History is registered in translation.py, once the translation columns exist
    # (django-simple-history's documented way with django-modeltranslation).

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)


class LanguageQuerySet(VisibleQuerySet):
    def offered_first(self):
        """The UN's six official languages first (in the UN's order), then the
        languages most people work in, then the rest by name: the short list a
        working-language box opens with."""
        un_rank = Case(
            *(When(code=code, then=Value(rank)) for rank, code in enumerate(UN_OFFICIAL_LANGUAGES)),
            default=Value(len(UN_OFFICIAL_LANGUAGES)),
            output_field=models.IntegerField(),
        )
        return self.annotate(un_rank=un_rank, speakers=Count("people", distinct=True)).order_by(
            "un_rank", "-speakers", "name"
        )


class Language(models.Model):
    """A language a person works in, keyed by its ISO 639-1 code."""

    code = models.CharField(_("code"), max_length=10, primary_key=True)
    name = models.CharField(_("name"), max_length=60)

    objects = LanguageQuerySet.as_manager()

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name"]

    def __str__(self):
        return self.name
