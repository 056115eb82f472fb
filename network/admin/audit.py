"""The audit pages of the back office: the log of personal data exports (read
only) and the recent changes to the records that hold personal data, across
apps, with who made each change and which fields it touched."""

import itertools
from operator import attrgetter

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from network.models import PersonalDataExport

# The records whose every change staff must be able to trace (DESIGN.md:
# "Every change to people, appointments and commitments is kept in history").
AUDITED_MODELS = [
    "focalpoints.person",
    "focalpoints.appointment",
    "meetings.registration",
    "meetings.commitment",
    "meetings.commitmentupdate",
    "newsletters.subscription",
]
CHANGES_PER_PAGE = 50
CHANGE_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@admin.register(PersonalDataExport)
class PersonalDataExportAdmin(admin.ModelAdmin):
    """Who exported which personal data, when and how: read only, for everyone."""

    list_display = [
        "created_at",
        "dataset",
        "export_format",
        "surface",
        "rows",
        "audience",
        "user",
        "partner_token",
        "person_id",
    ]
    list_filter = ["dataset", "export_format", "surface", "audience"]
    list_select_related = ["user", "partner_token"]
    search_fields = ["user__email", "path", "request_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # An audit trail that its readers could prune would prove nothing.
        return False


def audited_models():
    """The audited models that are installed and keep history."""
    models = []
    for label in AUDITED_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if hasattr(model, "history"):
            models.append(model)
    return models


def _history_url(model, object_id):
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[object_id])
    except NoReverseMatch:
        return ""


def _with_changed_fields(model, rows):
    """Give each "changed" row the names of the fields it changed, from one
    query per model for the rows before them."""
    changed = [row for row in rows if row.history_type == "~"]
    if not changed:
        return
    history = model.history.model
    ids = {row.id for row in changed}
    latest = max(row.history_date for row in changed)
    earlier = history.objects.filter(id__in=ids, history_date__lte=latest).order_by(
        "id", "history_date", "history_id"
    )
    tracked = {f.attname for f in history._meta.fields}
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.attname in tracked and f.name not in {"updated_at", "search_text"}
    ]
    for _object_id, versions in itertools.groupby(earlier, key=attrgetter("id")):
        previous = {}
        before = None
        for version in versions:
            previous[version.pk] = before
            before = version
        for row in changed:
            old = previous.get(row.pk)
            if old is not None:
                row.changed_fields = [
                    str(f.verbose_name)
                    for f in fields
                    if getattr(row, f.attname) != getattr(old, f.attname)
                ]


def recent_changes(*, model_label=None, user_id=None, limit=500):
    """The latest history rows of the audited models, newest first."""
    rows = []
    for model in audited_models():
        if model_label and model._meta.label_lower != model_label:
            continue
        history = model.history.select_related("history_user").order_by("-history_date")
        if user_id:
            history = history.filter(history_user_id=user_id)
        for row in history[:limit]:
            row.model = model
            rows.append(row)
    rows.sort(key=attrgetter("history_date"), reverse=True)
    return rows[:limit]


def recent_changes_view(request, admin_site):
    """Staff page: the recent changes to people, appointments, registrations,
    commitments, their updates and subscriptions (``?model=`` and ``?user=``
    filter; each row links to the record's own history page)."""
    if not request.user.is_staff:
        raise PermissionDenied
    models = audited_models()
    labels = {model._meta.label_lower for model in models}
    model_label = request.GET.get("model") if request.GET.get("model") in labels else None
    user = request.GET.get("user") or ""
    user_id = user if user.isascii() and user.isdigit() and len(user) < 19 else None
    page = Paginator(recent_changes(model_label=model_label, user_id=user_id), CHANGES_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    by_model = {}
    for row in page.object_list:
        row.changed_fields = []
        row.change_type = CHANGE_TYPES.get(row.history_type, row.history_type)
        row.history_url = _history_url(row.model, row.id)
        row.model_name = row.model._meta.verbose_name
        by_model.setdefault(row.model, []).append(row)
    for model, rows in by_model.items():
        _with_changed_fields(model, rows)
    context = {
        **admin_site.each_context(request),
        "title": _("Recent changes to personal data"),
        "page": page,
        "models": [(m._meta.label_lower, m._meta.verbose_name_plural) for m in models],
        "model_label": model_label,
        "user_id": user_id,
        "exports_url": reverse("admin:network_personaldataexport_changelist"),
    }
    return TemplateResponse(request, "admin/network/audit.html", context)
