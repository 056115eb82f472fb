"""The secretariat's back office for the network: members, regions,
organisations, themes and user accounts."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Language, Member, Organisation, Region, Theme, User
from .search import search_q


class NormalisedSearchMixin:
    """Admin search that ignores case and accents: "diaz bernardez" finds
    "Adela Díaz Bernárdez". Searches the model's normalised ``search_text``
    column (see network/search.py) instead of Django's ``icontains``."""

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


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "updated_at"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class OrganisationInline(admin.TabularInline):
    model = Organisation
    extra = 0
    fields = ["name", "acronym", "website"]
    show_change_link = True


@admin.register(Member)
class MemberAdmin(NormalisedSearchMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "region", "joined_on", "active", "updated_at"]
    list_filter = ["kind", "active", RegionFilter]
    list_select_related = ["region"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region"]
    inlines = [OrganisationInline]
    fieldsets = [
        (None, {"fields": ["kind", "name", "acronym", "slug", "country", "region"]}),
        (_("Membership"), {"fields": ["joined_on", "active", "website", "notes"]}),
    ]


@admin.register(Organisation)
class OrganisationAdmin(NormalisedSearchMixin, SimpleHistoryAdmin):
    list_display = ["name", "acronym", "member", "updated_at"]
    list_filter = ["member__kind"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


from . import admin_action_plans  # noqa: E402, F401  (action plans register their admin)
