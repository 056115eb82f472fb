"""The system's part of the staff dashboard (network/core/dashboard.py):
background tasks that failed or wait too long."""

from django.utils.translation import gettext_lazy as _

from network.core import dashboard
from network.core.health import tasks_failed_recently, tasks_waiting_too_long

dashboard.register(
    "tasks-failed",
    _("Background tasks failed in the last 7 days"),
    count=tasks_failed_recently,
    model="django_tasks_database.dbtaskresult",
    query={"attention": "failed"},
    order=80,
)
dashboard.register(
    "tasks-waiting",
    _("Background tasks waiting too long to run"),
    count=tasks_waiting_too_long,
    model="django_tasks_database.dbtaskresult",
    query={"attention": "waiting"},
    order=90,
)
