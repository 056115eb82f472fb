"""The back office for user accounts and partner tokens."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from network.models import PartnerToken, User


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
        "requests",
        "status",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "contact_name", "contact_email", "prefix"]
    fields = ["name", "contact_name", "contact_email", "expires_at", "resources"]
    readonly_fields = [
        "key_hint",
        "created_by",
        "created_at",
        "last_used_at",
        "requests",
        "revoked_at",
    ]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return [*self.fields, *self.readonly_fields]

    @admin.display(description=_("key"))
    def key_hint(self, token):
        return f"wps_{token.prefix}_…" if token.prefix else "—"

    @admin.display(description=_("requests"))
    def requests(self, token):
        # The row's count plus what the cache counted since its last write.
        return token.request_count + token.pending_uses()

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
