from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The network itself: members, regions, organisations, themes, action plans."""

    default = True
    name = "network"
    verbose_name = _("Network")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from network.api import schema  # noqa: F401  (registers the OpenAPI extensions)
        from network.core import (
            checks,  # noqa: F401  (registers the deploy checks)
            security,  # noqa: F401  (connects the staff session expiry)
        )
        from network.core.caching import bump_data_generation

        # Any write to the network's data voids the API's cached list counts.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(bump_data_generation, dispatch_uid=f"api-count-{signal!r}")

        # Deletions and withdrawals leave tombstones for incremental sync.
        from network.core import tombstones

        tombstones.connect()

        # Each app's part of a person's data (network/core/privacy.py), found the
        # way the admin finds admin modules.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("privacy")
        # Each app's items on the staff dashboard (network/core/dashboard.py).
        autodiscover_modules("dashboard")


class SecretariatAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the secretariat's site (optional two-factor login)."""

    default = False  # named explicitly in INSTALLED_APPS; network's own config is the default
    default_site = "network.admin_site.SecretariatAdminSite"
