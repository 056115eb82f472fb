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
from django_otp import user_has_device
from django_otp.admin import OTPAdminAuthenticationForm

from network.core.security import SingleDeviceMixin
from network.core.visibility import staff_is_verified

# The admin's front page lists models by the work they serve, with the names a
# coordinator uses; the libraries' internal ones (axes, otp, tasks) go under
# "Security and system". A model not named here falls into "Other", so a new
# model never disappears from the index. Names of models other branches are
# adding (invitations, audiences, verification requests, the library) are
# listed already; a name with no model is ignored.
MODEL_GROUPS = {
    "directory": (
        _("Directory"),
        [
            "focalpoints.person",
            "focalpoints.appointment",
            "focalpoints.verificationrequest",
            "focalpoints.audience",
            "network.member",
            "network.organisation",
            "network.region",
            "network.theme",
            "network.language",
        ],
    ),
    "meetings": (
        _("Meetings"),
        [
            "meetings.meeting",
            "meetings.session",
            "meetings.registration",
            "meetings.invitation",
            "meetings.chairterm",
            "meetings.lettertemplate",
            "network.librarydocument",
        ],
    ),
    "commitments": (_("Commitments"), ["meetings.commitment", "meetings.commitmentupdate"]),
    "action_plans": (_("Action plans"), ["network.actionplan", "network.actionplanreport"]),
    "newsletters": (
        _("Newsletters"),
        [
            "newsletters.newsletter",
            "newsletters.entry",
            "newsletters.issue",
            "newsletters.subscription",
            "newsletters.delivery",
            "newsletters.audiencemessage",
            "newsletters.messagedelivery",
        ],
    ),
    "partners": (_("Partners"), ["network.partnertoken"]),
    "system": (
        _("Security and system"),
        [
            "network.user",
            "auth.group",
            "network.personaldataexport",
            "network.audit",
            "otp_totp.totpdevice",
            "otp_static.staticdevice",
            "axes.accessattempt",
            "axes.accessfailurelog",
            "axes.accesslog",
            "django_tasks_database.dbtaskresult",
        ],
    ),
}
OTHER_GROUP = ("other", _("Other"))


def group_models(app_list):
    """Django's apps-and-models list regrouped by MODEL_GROUPS, in its order;
    models no group names end in "Other"."""
    place = {
        label: (key, position)
        for key, (_title, labels) in MODEL_GROUPS.items()
        for position, label in enumerate(labels)
    }
    grouped = {key: [] for key in [*MODEL_GROUPS, OTHER_GROUP[0]]}
    for app in app_list:
        for model in app["models"]:
            label = f"{app['app_label']}.{model['object_name'].lower()}"
            key, position = place.get(label, (OTHER_GROUP[0], len(grouped[OTHER_GROUP[0]])))
            grouped[key].append((position, model))
    titles = {key: title for key, (title, _labels) in MODEL_GROUPS.items()}
    titles[OTHER_GROUP[0]] = OTHER_GROUP[1]
    index_url = reverse("admin:index")
    return [
        {
            "name": titles[key],
            "app_label": f"group-{key}",
            "app_url": index_url,
            "has_module_perms": True,
            "models": [model for _position, model in sorted(models, key=lambda pair: pair[0])],
        }
        for key, models in grouped.items()
        if models
    ]


def two_factor_required(user):
    return user_has_device(user) or getattr(settings, "STAFF_REQUIRE_2FA", False)


class OptionalOTPAuthenticationForm(SingleDeviceMixin, OTPAdminAuthenticationForm):
    """The admin login form: email, password, and the code of the user's device
    when they have one."""

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
        if app_label is None:
            # The index and the side bar: by the work the models serve.
            return group_models(app_list)
        return app_list

    def index(self, request, extra_context=None):
        from network.core.dashboard import dashboard_for

        context = {"dashboard": dashboard_for(request), **(extra_context or {})}
        return super().index(request, context)

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        # Asked several times per admin page; the device lookup is two queries.
        cached = getattr(request, "_secretariat_two_factor_ok", None)
        if cached is None:
            # One rule with the visibility policy: a staff login counts once verified.
            cached = staff_is_verified(request.user)
            request._secretariat_two_factor_ok = cached
        return cached
