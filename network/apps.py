from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The network itself: members, regions, organisations, themes, action plans."""

    default = True
    name = "network"
    verbose_name = _("Network")


class SecretariatAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the secretariat's site (optional two-factor login)."""

    default = False  # named explicitly in INSTALLED_APPS; network's own config is the default
    default_site = "network.admin_site.SecretariatAdminSite"
