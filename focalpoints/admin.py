"""The secretariat's back office for people and their appointments.

Length: the person, appointment and member admins share their filters, inlines
and hand-over forms; each class is short, and splitting them would only add
imports between the pieces.
"""

import csv
import io

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm
from simple_history.admin import SimpleHistoryAdmin

from network.admin.base import NormalisedSearchMixin, RegionFilter
from network.admin.members import MemberAdmin
from network.core.audit import log_personal_data_export
from network.models import Member

from . import services
from .admin_actions import (
    erase_people,
    export_person_data,
    send_invitation,
    send_verification_request,
)
from .choices import Role
from .models import Appointment, Person, today
from .resources import AppointmentResource, PersonResource

# --- Import and export ---------------------------------------------------------------


class AutocompleteLabelsMedia:
    """Gives the admin's search-as-you-type boxes an accessible name (see the script)."""

    class Media:
        js = ["focalpoints/admin-autocomplete-labels.js"]


def count_spreadsheet_rows(data):
    """Data rows (after the header) of a CSV or XLSX file's bytes."""
    if data[:4] == b"PK\x03\x04":  # a zip: XLSX
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), read_only=True).active
        return max((sheet.max_row or 1) - 1, 0)
    text = data.decode("utf-8-sig", errors="replace")
    return max(sum(1 for cells in csv.reader(io.StringIO(text)) if any(cells)) - 1, 0)


class LimitedImportForm(ImportForm):
    """import-export's upload form, refusing files over the size and row limits
    (SPREADSHEET_IMPORT_MAX_BYTES, SPREADSHEET_IMPORT_MAX_ROWS) with a message
    at the file field, before anything is read into a preview."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.SPREADSHEET_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s KB; split it into smaller files.")
                % {"limit": limit // 1024}
            )
        data = upload.read()
        upload.seek(0)
        try:
            count = count_spreadsheet_rows(data)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise forms.ValidationError(
                _("The file cannot be read as CSV or XLSX: %(error)s") % {"error": error}
            ) from error
        if count > settings.SPREADSHEET_IMPORT_MAX_ROWS:
            raise forms.ValidationError(
                _("The file has %(count)s rows, more than %(limit)s; split it into smaller files.")
                % {"count": count, "limit": settings.SPREADSHEET_IMPORT_MAX_ROWS}
            )
        return upload


class SpreadsheetAdminMixin(ImportExportMixin):
    """CSV and XLSX import (with a preview) and export.

    The preview is a dry run that is always rolled back and offers no
    confirmation while any row has an error. The confirmation imports the file
    again for real; should a row fail then (the data changed in between),
    everything is rolled back too — import-export would otherwise keep the
    valid rows — and the staff member is told which rows and why.
    """

    formats = [base_formats.CSV, base_formats.XLSX]
    import_form_class = LimitedImportForm
    import_template_name = "admin/focalpoints/import.html"

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # Every spreadsheet of people or appointments is on the export log.
        log_personal_data_export(
            request,
            dataset=self.model,
            export_format=file_format.get_title().lower(),
            surface="admin",
            rows=queryset.count() if hasattr(queryset, "query") else len(queryset),
        )
        return super().get_export_data(file_format, request, queryset, **kwargs)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        self.message_user(
            request,
            _("Nothing was imported: %(problems)s") % {"problems": " ".join(_problems(result))},
            messages.ERROR,
        )
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))


def _problems(result):
    """Each failed row of an import result as "Row N: column: message", N
    counted as the spreadsheet does (the header is row 1)."""
    lines = [str(error.error) for error in result.base_errors]
    for row in result.invalid_rows:
        for column, errors in row.error_dict.items():
            label = "" if column == NON_FIELD_ERRORS else f"{column}: "
            lines.append(f"{_('Row')} {row.number + 1}: {label}{' '.join(errors)}")
    for number, errors in result.row_errors():
        lines += [f"{_('Row')} {number + 1}: {error.error}" for error in errors]
    return lines


# --- Filters ---------------------------------------------------------------------------


class AppointmentRegionFilter(RegionFilter):
    region_lookup = "member__region"


class PersonRegionFilter(RegionFilter):
    """People holding a post for a member in the region (or below it)."""

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        regions = self.regions()
        # A subquery rather than a join: a person with two posts in the region
        # would otherwise be listed twice.
        posts = Appointment.objects.filter(member__region__in=regions).values("person")
        return queryset.filter(pk__in=posts)


class CurrentFilter(admin.SimpleListFilter):
    """Appointments held today, or ended."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("current", _("Current")), ("former", _("Former"))]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.current()
        if self.value() == "former":
            return queryset.former()
        return queryset


class PersonStatusFilter(admin.SimpleListFilter):
    """People with a current post, or only past ones."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("current", _("Holds a current post")), ("former", _("Former only"))]

    def queryset(self, request, queryset):
        current = Appointment.objects.current().values("person")
        if self.value() == "current":
            return queryset.filter(pk__in=current)
        if self.value() == "former":
            held = Appointment.objects.values("person")
            return queryset.filter(pk__in=held).exclude(pk__in=current)
        return queryset


class VerificationFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        # VERIFICATION_INTERVAL_DAYS is 365 unless configured otherwise.
        months = max(1, round(settings.VERIFICATION_INTERVAL_DAYS * 12 / 365))
        due = ngettext(
            "Not verified for %(months)d month", "Not verified for %(months)d months", months
        ) % {"months": months}
        return [("due", due), ("recent", _("Verified recently"))]

    def queryset(self, request, queryset):
        due = Person.objects.due_for_verification().values("pk")
        if self.value() == "due":
            return queryset.filter(pk__in=due)
        if self.value() == "recent":
            return queryset.exclude(pk__in=due)
        return queryset


class FocalPointFilter(admin.SimpleListFilter):
    """Members with or without a current focal point: who needs chasing."""

    title = _("focal point")
    parameter_name = "focal_point"

    def lookups(self, request, model_admin):
        return [("yes", _("Has a current focal point")), ("no", _("No current focal point"))]

    def queryset(self, request, queryset):
        held = Appointment.objects.current().filter(role=Role.FOCAL_POINT).values("member")
        if self.value() == "yes":
            return queryset.filter(pk__in=held)
        if self.value() == "no":
            return queryset.exclude(pk__in=held)
        return queryset


# --- Inlines ---------------------------------------------------------------------------


def _periods_overlap(a, b):
    """Whether two half-open periods [start_on, end_on) share a day; blank is unbounded."""
    return (a.start_on is None or b.end_on is None or a.start_on < b.end_on) and (
        b.start_on is None or a.end_on is None or b.start_on < a.end_on
    )


class AppointmentInlineFormSet(BaseInlineFormSet):
    """Appointments edited together on a person's or a member's page.

    ``Appointment.clean()`` checks each row against the database, but not
    against the unsaved rows beside it: two new rows giving one person the same
    role for the same member at once would reach the database constraint as a
    server error. This check names them instead.
    """

    def clean(self):
        super().clean()
        # Rows that will be kept: filled in (blank extra rows have no data),
        # valid on their own and not marked for deletion.
        kept = [
            form.instance
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and not form.errors
        ]
        for index, first in enumerate(kept):
            for second in kept[index + 1 :]:
                same_post = (first.person_id, first.member_id, first.role) == (
                    second.person_id,
                    second.member_id,
                    second.role,
                )
                if first.member_id and same_post and _periods_overlap(first, second):
                    raise ValidationError(
                        _(
                            "Two rows give the same person the role “%(role)s” for "
                            "%(member)s in overlapping periods."
                        )
                        % {"role": first.get_role_display(), "member": first.member}
                    )


class PersonAppointmentInline(admin.TabularInline):
    model = Appointment
    formset = AppointmentInlineFormSet
    extra = 0
    fields = [
        "member",
        "role",
        "organisation",
        "position",
        "work_email",
        "phone",
        "start_on",
        "end_on",
    ]
    autocomplete_fields = ["member", "organisation"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "organisation")


class MemberAppointmentInline(PersonAppointmentInline):
    fields = ["person", "role", "organisation", "position", "start_on", "end_on"]
    autocomplete_fields = ["person", "organisation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "organisation")


# --- Members (the network app's admin, with the floor above's appointments) ----------

# The member admin lives in network, which imports no other app; the
# appointments inline and the focal point column are added here.
admin.site.unregister(Member)


@admin.register(Member)
class MemberWithAppointmentsAdmin(AutocompleteLabelsMedia, MemberAdmin):
    inlines = [*MemberAdmin.inlines, MemberAppointmentInline]
    list_display = [
        *MemberAdmin.list_display[:4],
        "current_focal_points",
        *MemberAdmin.list_display[4:],
    ]
    list_filter = [*MemberAdmin.list_filter, FocalPointFilter]

    def get_queryset(self, request):
        on = today()
        held_today = (
            Q(appointments__role=Role.FOCAL_POINT)
            & (Q(appointments__start_on__isnull=True) | Q(appointments__start_on__lte=on))
            & (Q(appointments__end_on__isnull=True) | Q(appointments__end_on__gt=on))
        )
        return (
            super()
            .get_queryset(request)
            .annotate(current_focal_point_count=Count("appointments", filter=held_today))
        )

    @admin.display(description=_("focal points"), ordering="current_focal_point_count")
    def current_focal_points(self, member):
        return member.current_focal_point_count


# --- People ----------------------------------------------------------------------------


@admin.register(Person)
class PersonAdmin(
    AutocompleteLabelsMedia, NormalisedSearchMixin, SpreadsheetAdminMixin, SimpleHistoryAdmin
):
    resource_classes = [PersonResource]
    search_help_text = _(
        "Name, email, member, organisation, position or expertise; ignores case and accents."
    )
    list_display = [
        "name",
        "honorific",
        "current_posts",
        "email",
        "public_listing",
        "verified_at",
        "updated_at",
    ]
    list_filter = [
        PersonStatusFilter,
        VerificationFilter,
        "appointments__role",
        PersonRegionFilter,
        "appointments__member",
        "public_listing",
    ]
    filter_horizontal = ["languages", "expertise"]
    readonly_fields = ["public_listing_changed_at", "created_at", "updated_at"]
    autocomplete_fields = ["user"]
    inlines = [PersonAppointmentInline]
    actions = [
        "mark_verified",
        send_invitation,
        send_verification_request,
        export_person_data,
        erase_people,
    ]
    fieldsets = [
        (None, {"fields": ["honorific", "given_name", "family_name", "gender"]}),
        (_("Contact"), {"fields": ["email", "phone"]}),
        (_("Profile"), {"fields": ["languages", "expertise", "bio"]}),
        (
            _("Consent and verification"),
            {"fields": ["public_listing", "public_listing_changed_at", "verified_at"]},
        ),
        (_("Account and notes"), {"fields": ["user", "notes", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("appointments__member", "appointments__organisation")
        )

    @admin.display(description=_("current posts"))
    def current_posts(self, person):
        on = today()
        return "; ".join(
            f"{a.get_role_display()}, {a.member or a.organisation}"
            for a in person.appointments.all()
            if a.is_current_on(on)
        )

    @admin.action(
        description=_("Mark selected people's details as verified"), permissions=["change"]
    )
    def mark_verified(self, request, queryset):
        count = services.mark_people_verified(queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%d person marked verified.", "%d people marked verified.", count) % count,
            messages.SUCCESS,
        )


# --- Appointments ----------------------------------------------------------------------


class EndAppointmentsForm(forms.Form):
    """The day the selected appointments end."""

    on = forms.DateField(
        label=_("Until"),
        initial=today,
        widget=AdminDateWidget,
        help_text=_(
            "The first day the post is no longer held: a handover on that day starts the "
            "successor's appointment."
        ),
    )


class HandOverForm(forms.Form):
    """Who takes the post over, from which day, and with which position."""

    on = forms.DateField(
        label=_("From"),
        initial=today,
        widget=AdminDateWidget,
        help_text=_("The successor's first day; the current holder's appointment ends that day."),
    )
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    work_email = forms.EmailField(label=_("Work email"), required=False)
    phone = forms.CharField(label=_("Work phone"), max_length=40, required=False)

    def __init__(self, *args, appointment, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        # The admin's own search-as-you-type box (people are too many for a list).
        self.fields["successor"] = forms.ModelChoiceField(
            label=_("Successor"),
            queryset=Person.objects.all(),
            widget=AutocompleteSelect(Appointment._meta.get_field("person"), admin_site),
            help_text=_("Search by name."),
        )
        self.order_fields(["successor"])
        self.fields["position"].help_text = _("Leave blank to keep “%(position)s”.") % {
            "position": appointment.position or "—"
        }


# Which field of the hand-over form a service's error is about.
HAND_OVER_ERROR_FIELDS = {
    "successor": "successor",
    "person": "successor",
    "role": "successor",
    "start_on": "on",
    "end_on": "on",
    "position": "position",
    "work_email": "work_email",
    "phone": "phone",
}


def add_service_errors(form, error, field_map):
    """Show a service's ValidationError on ``form``, each message at its field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(field_map.get(name), errors)


@admin.register(Appointment)
class AppointmentAdmin(AutocompleteLabelsMedia, SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [AppointmentResource]
    list_display = [
        "person",
        "member",
        "role",
        "position",
        "organisation",
        "start_on",
        "end_on",
        "is_current",
    ]
    list_filter = [CurrentFilter, "role", AppointmentRegionFilter, "member"]
    list_select_related = ["person", "member", "organisation"]
    search_fields = ["person__search_text"]  # shows the search box; the lookup is ours
    search_help_text = _(
        "Person's name, member, organisation or position; ignores case and accents."
    )
    autocomplete_fields = ["person", "member", "organisation"]
    date_hierarchy = "start_on"
    actions = ["end_appointments", "hand_over"]

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(person__in=Person.objects.search(search_term)), False

    @admin.display(description=_("current"), boolean=True)
    def is_current(self, appointment):
        return appointment.is_current

    # Hand over and end, from the list (actions) and from an appointment's page.

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/hand-over/",
                self.admin_site.admin_view(self.hand_over_view),
                name="{}_{}_hand_over".format(*info),
            ),
            path(
                "<path:object_id>/end/",
                self.admin_site.admin_view(self.end_view),
                name="{}_{}_end".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        appointment = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "can_end": appointment is not None
            and (appointment.end_on is None or appointment.end_on > today()),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("End selected appointments…"), permissions=["change"])
    def end_appointments(self, request, queryset):
        appointments = list(queryset.select_related("person", "member", "organisation"))
        form = EndAppointmentsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                count = services.end_appointments(
                    appointments, on=form.cleaned_data["on"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    ngettext("%d appointment ended.", "%d appointments ended.", count) % count,
                    messages.SUCCESS,
                )
                return None  # back to the list
        return self._render_end_form(request, form, appointments, action="end_appointments")

    @admin.action(
        description=_("Hand over the selected appointment…"), permissions=["change", "add"]
    )
    def hand_over(self, request, queryset):
        selected = list(queryset.values_list("pk", flat=True)[:2])
        if len(selected) != 1:
            self.message_user(
                request, _("Select exactly one appointment to hand over."), messages.WARNING
            )
            return None
        info = self.opts.app_label, self.opts.model_name
        return HttpResponseRedirect(
            reverse("admin:{}_{}_hand_over".format(*info), args=[selected[0]])
        )

    def _appointment_or_404(self, request, object_id):
        appointment = self.get_object(request, unquote(object_id))
        if appointment is None:
            raise Http404(_("No appointment has that id."))
        if not self.has_change_permission(request, appointment):
            raise PermissionDenied
        return appointment

    def _change_url(self, appointment):
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_change".format(*info), args=[appointment.pk])

    def end_view(self, request, object_id):
        """End one appointment on a day the staff member chooses."""
        appointment = self._appointment_or_404(request, object_id)
        form = EndAppointmentsForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.end_appointment(appointment, on=form.cleaned_data["on"], by=request.user)
            except ValidationError as error:
                add_service_errors(form, error, {"end_on": "on"})
            else:
                self.message_user(
                    request,
                    _("%(appointment)s ends on %(day)s.")
                    % {"appointment": appointment, "day": form.cleaned_data["on"].isoformat()},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(appointment))
        return self._render_end_form(request, form, [appointment], original=appointment)

    def _render_end_form(self, request, form, appointments, action=None, original=None):
        context = {
            **self.admin_site.each_context(request),
            "title": _("End appointments"),
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "appointments": appointments,
            "action_name": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "original": original,
        }
        return TemplateResponse(
            request, "admin/focalpoints/appointment/end_appointments.html", context
        )

    def hand_over_view(self, request, object_id):
        """Hand one appointment's post over to a successor (services.hand_over)."""
        appointment = self._appointment_or_404(request, object_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = HandOverForm(
            request.POST or None, appointment=appointment, admin_site=self.admin_site
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                successor_post = services.hand_over(
                    appointment,
                    data["successor"],
                    on=data["on"],
                    position=data["position"] or None,
                    work_email=data["work_email"],
                    phone=data["phone"],
                    by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error, HAND_OVER_ERROR_FIELDS)
            else:
                self.message_user(
                    request,
                    _("%(successor)s takes over from %(holder)s on %(day)s.")
                    % {
                        "successor": successor_post.person,
                        "holder": appointment.person,
                        "day": data["on"].isoformat(),
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(successor_post))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Hand over: %(appointment)s") % {"appointment": appointment},
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "original": appointment,
        }
        return TemplateResponse(request, "admin/focalpoints/appointment/hand_over.html", context)
