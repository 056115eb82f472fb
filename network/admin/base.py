"""Admin machinery the apps share: search that ignores case and accents, the
region filter that includes the tiers below, and the languages of translated
content side by side with the ones still missing."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Q
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from network.core.search import search_q
from network.core.translations import CONTENT_LANGUAGES, missing_languages, translated_fields
from network.models import Region


class NormalisedSearchMixin:
    """Admin search that ignores case and accents: "diaz bernardez" finds
    "Adela Díaz Bernárdez". Searches the model's normalised ``search_text``
    column (see network/core/search.py) instead of Django's ``icontains``."""

    search_fields = ["search_text"]  # shows the search box; the lookup is ours
    search_help_text = _("Ignores case and accents.")

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(search_q(search_term)), False


class RegionFilter(admin.SimpleListFilter):
    """Filter by a region of any tier, including the regions below it."""

    title = _("region")
    parameter_name = "region"
    region_lookup = "region"

    def lookups(self, request, model_admin):
        regions = (
            Region.objects.filter(Q(level__in=["region", "subregion"]) | Q(members__isnull=False))
            .select_related("parent__parent")
            .distinct()
        )
        # Keyed by M49 code, as the API's region filter is: ?region=150 is Europe.
        return sorted(((r.code, " › ".join(r.path)) for r in regions), key=lambda item: item[1])

    def regions(self):
        """The chosen region and every region below it."""
        chosen = Region.objects.filter(code=self.value())
        # A value naming no region is a bad lookup: the admin then redirects
        # to the unfiltered list (?e=1) instead of failing or showing nothing.
        if not chosen.exists():
            raise IncorrectLookupParameters(f"No region has the M49 code {self.value()!r}.")
        return chosen.with_descendants()

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(**{f"{self.region_lookup}__in": self.regions()})


def _has_text(field):
    return ~Q(**{f"{field}__isnull": True}) & ~Q(**{field: ""})


class MissingTranslationFilter(admin.SimpleListFilter):
    """Rows with a text (title, summary …) that has no version yet in the
    chosen language, for staff working through what is left to translate."""

    title = _("missing translation")
    parameter_name = "missing_translation"

    def lookups(self, request, model_admin):
        return [(code, get_language_info(code)["name_translated"]) for code in CONTENT_LANGUAGES]

    def queryset(self, request, queryset):
        code = self.value()
        if code is None:
            return queryset
        if code not in CONTENT_LANGUAGES:
            raise IncorrectLookupParameters(code)
        missing = Q(pk__in=[])
        for field in translated_fields(queryset.model):
            written = Q(pk__in=[])
            for other in CONTENT_LANGUAGES:
                written |= _has_text(build_localized_fieldname(field, other))
            missing |= written & ~_has_text(build_localized_fieldname(field, code))
        return queryset.filter(missing)


class TranslatedContentAdmin(TranslationAdmin):
    """An admin whose translated fields (network.core.translations) show one
    column per language side by side — give them as a tuple in the fieldsets —
    with a "missing translation" filter and column."""

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "translations_missing"]

    @admin.display(description=_("translation missing"))
    def translations_missing(self, obj):
        return ", ".join(missing_languages(obj)) or "—"
