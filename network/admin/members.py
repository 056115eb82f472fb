"""The back office for the network's members, regions, organisations, themes and
languages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from network.admin.base import NormalisedSearchMixin, RegionFilter, TranslatedContentAdmin
from network.models import Language, Member, Membership, Organisation, Region, Theme


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]


@admin.register(Theme)
class ThemeAdmin(TranslatedContentAdmin, SimpleHistoryAdmin):
    list_display = ["name", "slug", "updated_at"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]

    def get_search_results(self, request, queryset, search_term):
        # A working-language box (the admin's autocomplete) opens with the
        # short list: the UN's six, then the languages people use; typing
        # finds any other. The change list orders by its own columns after.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.offered_first(), may_have_duplicates


class OrganisationInline(admin.TabularInline):
    model = Organisation
    extra = 0
    fields = ["name", "acronym", "website"]
    show_change_link = True


class MembershipInline(admin.TabularInline):
    """The member's dated memberships, each with the document that shows it."""

    model = Membership
    extra = 0
    fields = ["joined_on", "left_on", "source_title", "source_url"]


@admin.register(Member)
class MemberAdmin(NormalisedSearchMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "region", "joined_on", "active", "updated_at"]
    list_filter = ["kind", "active", RegionFilter]
    list_select_related = ["region"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region"]
    inlines = [MembershipInline, OrganisationInline]
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
