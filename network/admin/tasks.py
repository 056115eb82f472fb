"""Background tasks in the back office: django-tasks-db's list, with a filter
for the tasks that need someone's attention (the dashboard links to it)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from network.core.health import tasks_failed_recently, tasks_waiting_too_long


class TaskAttentionFilter(admin.SimpleListFilter):
    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("failed", _("Failed in the last 7 days")),
            ("waiting", _("Waiting too long to run")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(pk__in=tasks_failed_recently().values("pk"))
        if self.value() == "waiting":
            return queryset.filter(pk__in=tasks_waiting_too_long().values("pk"))
        return queryset


class TaskResultAdmin(DBTaskResultAdmin):
    list_filter = (TaskAttentionFilter, *DBTaskResultAdmin.list_filter)


if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
