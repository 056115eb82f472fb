from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The network itself: members, regions, organisations, themes, action plans."""

    name = "network"
    verbose_name = _("Network")
