"""The secretariat's admin site, with optional two-factor authentication.

Staff hold everyone's personal data. A staff user who has registered a TOTP
device (admin › TOTP devices, scanned with any authenticator app) must give a
code from it at every login; with STAFF_REQUIRE_2FA on, every staff user must
have one. Without a device and without that setting, the password suffices.
"""

from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from django_otp.admin import OTPAdminAuthenticationForm


def two_factor_required(user):
    return user_has_device(user) or getattr(settings, "STAFF_REQUIRE_2FA", False)


class OptionalOTPAuthenticationForm(OTPAdminAuthenticationForm):
    """The admin login form: email, password, and the code of the user's device
    when they have one."""

    def _chosen_device(self, user):
        # Most staff have one authenticator: use it without asking them to pick.
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user, confirmed=True))
            if len(devices) == 1:
                device = devices[0]
        return device

    def clean(self):
        self.cleaned_data = super(OTPAdminAuthenticationForm, self).clean()
        user = self.get_user()
        if user is not None and two_factor_required(user):
            self.clean_otp(user)
        return self.cleaned_data


class SecretariatAdminSite(admin.AdminSite):
    site_header = _("WPS Focal Points Network — secretariat")
    site_title = _("WPS Focal Points Network")
    index_title = _("Back office")
    login_form = OptionalOTPAuthenticationForm
    # Without the sidebar a person's appointments and the members' columns fit
    # a 1280 px window; the index and the breadcrumbs lead to every model.
    enable_nav_sidebar = False
    login_template = "otp/admin111/login.html"

    def get_urls(self):
        from django.urls import path

        from network.admin.audit import recent_changes_view

        audit = path(
            "audit/",
            self.admin_view(lambda request: recent_changes_view(request, self)),
            name="audit",
        )
        return [audit, *super().get_urls()]

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label is None and request.user.is_staff:
            # The audit page is a view, not a model: listed beside the network's models.
            for app in app_list:
                if app["app_label"] == "network":
                    app["models"].append(
                        {
                            "name": _("Recent changes to personal data"),
                            "object_name": "Audit",
                            "admin_url": reverse("admin:audit"),
                            "view_only": True,
                            "perms": {"view": True},
                        }
                    )
        return app_list

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        # Asked several times per admin page; the device lookup is two queries.
        cached = getattr(request, "_secretariat_two_factor_ok", None)
        if cached is None:
            user = request.user
            cached = user.is_verified() or not two_factor_required(user)
            request._secretariat_two_factor_ok = cached
        return cached
