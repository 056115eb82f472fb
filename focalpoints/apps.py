from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FocalPointsConfig(AppConfig):
    """People and their appointments: the database of focal points."""

    name = "focalpoints"
    verbose_name = _("Focal points")

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
