"""The back office for action plans: plans with their high-impact checklist and
reports, and the CSV import (the same service as ``manage.py import_action_plans``)."""

import base64

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from network.action_plans.importer import (
    NATIONAL_COLUMNS,
    REGIONAL_COLUMNS,
    import_action_plans,
    max_bytes,
)
from network.admin.base import NormalisedSearchMixin, RegionFilter
from network.choices import HighImpactFeature, PlanStatus
from network.models import ActionPlan, ActionPlanReport, PlanFeatureAssessment

IMPORT_SALT = "network.action-plan-import"
IMPORT_TOKEN_MAX_AGE = 60 * 60  # seconds a previewed file may wait for confirmation


class PlanStatusFilter(admin.SimpleListFilter):
    """The derived status: in preparation, active, expired (as of today)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return PlanStatus.choices

    def queryset(self, request, queryset):
        if self.value() in PlanStatus.values:
            return queryset.filter(status=self.value())
        return queryset


class PlanRegionFilter(RegionFilter):
    region_lookup = "member__region"


class PlanFeatureAssessmentInline(admin.TabularInline):
    """The five features of a high-impact plan; one row each, every answer
    with its source."""

    model = PlanFeatureAssessment
    fields = ["feature", "answer", "source_url", "note"]
    max_num = len(HighImpactFeature.choices)
    formfield_overrides = {
        PlanFeatureAssessment._meta.get_field("note").__class__: {
            "widget": forms.Textarea(attrs={"rows": 2, "cols": 40})
        }
    }

    def get_extra(self, request, obj=None, **kwargs):
        assessed = obj.feature_assessments.count() if obj is not None else 0
        return len(HighImpactFeature.choices) - assessed


class ActionPlanReportInline(admin.TabularInline):
    """Progress reports, shadow reports, hearings: dated links on the plan."""

    model = ActionPlanReport
    fields = ["published_on", "kind", "title", "author", "url"]
    extra = 0


class ActionPlanImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 CSV with the national or the regional columns (see below)."),
    )
    regional = forms.BooleanField(
        label=_("This must be a regional file"),
        required=False,
        help_text=_("The kind is read from the header row; tick this to insist on regional."),
    )
    skip_invalid = forms.BooleanField(
        label=_("Skip invalid rows"),
        required=False,
        help_text=_("Import the valid rows and list the others, instead of refusing the file."),
    )
    create_members = forms.BooleanField(
        label=_("Create unknown members"),
        required=False,
        help_text=_("Add members the file names that the network does not have yet."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(limit)s KB; split it into smaller files.")
                % {"limit": max_bytes() // 1024}
            )
        return upload


@admin.register(ActionPlan)
class ActionPlanAdmin(NormalisedSearchMixin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "member",
        "scope",
        "sequence",
        "adopted_display",
        "period_display",
        "status_display",
        "updated_at",
    ]
    list_filter = ["scope", PlanStatusFilter, PlanRegionFilter, "themes"]
    list_select_related = ["member"]
    autocomplete_fields = ["member", "lead_organisation", "follows"]
    filter_horizontal = ["themes"]
    readonly_fields = ["status_display"]
    inlines = [PlanFeatureAssessmentInline, ActionPlanReportInline]
    change_list_template = "admin/network/actionplan/change_list.html"
    fieldsets = [
        (None, {"fields": ["member", "scope", "sequence", "title", "follows", "status_display"]}),
        (
            _("Dates"),
            {
                "fields": [
                    ("adopted_on", "adopted_precision"),
                    ("period_start", "period_start_precision"),
                    ("period_end", "period_end_precision"),
                ],
                "description": _(
                    "With precision “year”, any day of the year will do: the plan is stored "
                    "as starting on 1 January and ending on 31 December of that year."
                ),
            },
        ),
        (
            _("Content"),
            {
                "fields": [
                    "lead_organisation",
                    "themes",
                    "has_dedicated_budget",
                    "has_monitoring_framework",
                    "has_civil_society_involvement",
                ]
            },
        ),
        (_("Sources"), {"fields": ["document_url", "source_url", "notes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    def get_formset_kwargs(self, request, obj, inline, prefix):
        # Offer the features not yet assessed, so the checklist is complete;
        # rows left at "not known" are unchanged and not saved.
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, PlanFeatureAssessmentInline):
            assessed = (
                set(obj.feature_assessments.values_list("feature", flat=True)) if obj.pk else set()
            )
            kwargs["initial"] = [
                {"feature": value} for value in HighImpactFeature.values if value not in assessed
            ]
        return kwargs

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, plan):
        return plan.get_status_display() if plan.pk else "—"

    @admin.display(description=_("adopted"), ordering="adopted_on")
    def adopted_display(self, plan):
        return plan.adopted_display or "—"

    @admin.display(description=_("period"), ordering="period_start")
    def period_display(self, plan):
        return plan.period_display or "—"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload → check without writing (preview) → confirm → import.

        The previewed file travels to the confirmation inside a signed token,
        so nothing is stored between the two steps and the file cannot be
        swapped on the way.
        """
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import action plans"),
            "national_columns": ",".join(NATIONAL_COLUMNS),
            "regional_columns": ",".join(REGIONAL_COLUMNS),
        }
        changelist = reverse("admin:network_actionplan_changelist")
        if request.method == "POST" and "token" in request.POST:
            try:
                job = signing.loads(
                    request.POST["token"], salt=IMPORT_SALT, max_age=IMPORT_TOKEN_MAX_AGE
                )
            except signing.BadSignature:
                messages.error(request, _("This preview has expired; upload the file again."))
                return redirect(request.path)
            result = import_action_plans(
                base64.b64decode(job["data"]),
                regional=job["regional"],
                skip_invalid=job["skip_invalid"],
                create_members=job["create_members"],
                source_name=job["name"],
            )
            if result.rejected:
                # The data changed since the preview (another import, an edit).
                context.update(form=ActionPlanImportForm(), result=result)
                return TemplateResponse(request, "admin/network/actionplan/import.html", context)
            messages.success(request, result.summary())
            for notice in result.notices:
                messages.warning(request, notice)
            return redirect(changelist)

        form = ActionPlanImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            options = {
                "regional": form.cleaned_data["regional"],
                "skip_invalid": form.cleaned_data["skip_invalid"],
                "create_members": form.cleaned_data["create_members"],
            }
            result = import_action_plans(data, dry_run=True, source_name=upload.name, **options)
            context["result"] = result
            if not result.rejected:
                context["token"] = signing.dumps(
                    {"data": base64.b64encode(data).decode("ascii"), "name": upload.name} | options,
                    salt=IMPORT_SALT,
                    compress=True,
                )
        context["form"] = form
        return TemplateResponse(request, "admin/network/actionplan/import.html", context)


@admin.register(ActionPlanReport)
class ActionPlanReportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "kind", "published_on"]
    list_filter = ["kind"]
    list_select_related = ["plan__member"]
    autocomplete_fields = ["plan"]
    search_fields = ["title", "author", "plan__title", "plan__member__name"]
    date_hierarchy = "published_on"
