"""The secretariat's back office for the network: members, regions,
organisations, themes and user accounts."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import Language, Member, Organisation, PartnerToken, Region, Theme, User
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


@admin.register(PartnerToken)
class PartnerTokenAdmin(admin.ModelAdmin):
    """Partner API tokens: issued here, shown once, revoked by an action.

    Only the token's prefix and a hash of it are stored, so the page after
    "Save" is the one and only time anybody sees the plaintext.
    """

    list_display = [
        "name",
        "contact_name",
        "key_hint",
        "created_at",
        "expires_at",
        "last_used_at",
        "status",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "contact_name", "contact_email", "prefix"]
    fields = ["name", "contact_name", "contact_email", "expires_at"]
    readonly_fields = ["key_hint", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return [*self.fields, *self.readonly_fields]

    @admin.display(description=_("key"))
    def key_hint(self, token):
        return f"wps_{token.prefix}_…" if token.prefix else "—"

    @admin.display(description=_("status"))
    def status(self, token):
        if token.revoked_at:
            return _("revoked")
        if not token.is_usable():
            return _("expired")
        return _("active")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        issued, plaintext = PartnerToken.objects.issue(
            name=obj.name,
            contact_name=obj.contact_name,
            contact_email=obj.contact_email,
            expires_at=obj.expires_at,
            created_by=request.user,
        )
        obj.pk = issued.pk
        obj.__dict__.update({k: v for k, v in issued.__dict__.items() if not k.startswith("_")})
        # Kept on the request only, for the page rendered right after saving.
        request._partner_token_plaintext = plaintext

    def response_add(self, request, obj, post_url_continue=None):
        plaintext = getattr(request, "_partner_token_plaintext", None)
        if plaintext is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "token": obj,
            "plaintext": plaintext,
            "title": _("Partner token created"),
        }
        response = TemplateResponse(request, "admin/network/partnertoken/created.html", context)
        # The page holds a secret: no cache may keep it.
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke selected tokens"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(
            revoked_at=timezone.now(), updated_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext("%d token revoked.", "%d tokens revoked.", count) % count,
            messages.SUCCESS,
        )


# The action plans' admin, the export log and the recent changes register here.
from . import admin_action_plans, admin_audit  # noqa: E402, F401
