"""The secretariat's back office for meetings: agendas, delegations,
registrations (confirm, attendance, participant lists, badges) and the
commitments tracker."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from network.admin.base import NormalisedSearchMixin, TranslatedContentAdmin
from network.core.audit import log_personal_data_export

from . import exports, services
from .choices import PLACE_HOLDING_STATUSES, MeetingStatus, RegistrationStatus
from .models import (
    ChairTerm,
    Commitment,
    CommitmentUpdate,
    Delegation,
    Meeting,
    MeetingDocument,
    Registration,
    Session,
    SessionRole,
    today,
)


def _run_each(modeladmin, request, queryset, action, done_message):
    """Apply a service to each selected row; report successes and, by name,
    the rows it refused."""
    done = 0
    for obj in queryset:
        try:
            action(obj)
        except ValidationError as error:
            modeladmin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)


def _participants(registrations):
    return (
        registrations.exclude(
            status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED]
        )
        .select_related("meeting", "member", "person__user")
        .order_by("meeting__start_date", "person__family_name", "person__given_name")
    )


def _participant_export(request, registrations, export_format):
    """The participant list as CSV or XLSX, logged as an export of personal data."""
    log_personal_data_export(
        request,
        dataset=Registration,
        export_format=export_format,
        surface="admin",
        rows=registrations.count(),
    )
    if export_format == "csv":
        return exports.csv_response(
            "participants.csv", exports.PARTICIPANT_HEADER, exports.participant_rows(registrations)
        )
    return exports.xlsx_response(
        "participants.xlsx",
        exports.PARTICIPANT_HEADER,
        exports.participant_rows(registrations),
        title="Participants",
    )


def _badges_response(request, registrations):
    badges = (
        registrations.filter(status__in=PLACE_HOLDING_STATUSES)
        .select_related("meeting", "member", "person")
        .prefetch_related("person__appointments__organisation")
        .order_by("meeting__start_date", "person__family_name", "person__given_name")
    )
    log_personal_data_export(
        request, dataset=Registration, export_format="badges", surface="admin", rows=badges.count()
    )
    return TemplateResponse(request, "admin/meetings/badges.html", {"badges": badges})


class DelegationInline(admin.TabularInline):
    model = Delegation
    extra = 0
    fields = ["member", "source"]
    autocomplete_fields = ["member"]


class MeetingDocumentInline(admin.TabularInline):
    model = MeetingDocument
    extra = 0
    fields = ["kind", "title", "url", "file", "language", "published_on", "order"]


class SessionInline(TranslationTabularInline):
    model = Session
    extra = 0
    # "title" becomes one column per language (title_en, title_es, title_fr).
    fields = ["day", "start_time", "end_time", "order", "kind", "title", "room"]
    show_change_link = True


class RegistrationInlineFormSet(forms.BaseInlineFormSet):
    """New registrations from the meeting page go through services.register
    (capacity and waiting list); refuse them here when that would fail."""

    def clean(self):
        super().clean()
        meeting = self.instance
        for form in self.forms:
            if form.instance.pk or not form.has_changed() or not form.cleaned_data:
                continue
            if meeting.status != MeetingStatus.PLANNED or meeting.is_past():
                form.add_error(
                    None, _("Registrations can be added only to a planned meeting still to come.")
                )


class RegistrationInline(admin.TabularInline):
    model = Registration
    formset = RegistrationInlineFormSet
    extra = 0
    can_delete = False
    fields = [
        "person",
        "member",
        "status",
        "waiting_position",
        "travel_support",
        "visa_letter",
        "arrival_on",
        "departure_on",
        "access_needs",
    ]
    readonly_fields = ["status", "waiting_position"]
    autocomplete_fields = ["person", "member"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "member")


@admin.register(Meeting)
class MeetingAdmin(NormalisedSearchMixin, TranslatedContentAdmin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "kind",
        "dates",
        "city",
        "country",
        "status",
        "registration_open",
        "places",
    ]
    list_filter = ["kind", "status", "registration_open", "year"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["hosts", "chairs"]
    inlines = [SessionInline, DelegationInline, MeetingDocumentInline, RegistrationInline]
    actions = ["export_participants_csv", "export_participants_xlsx", "print_badges"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    # The languages side by side; English is the original.
                    ("title_en", "title_es", "title_fr"),
                    "slug",
                    "status",
                    ("summary_en", "summary_es", "summary_fr"),
                    "source_url",
                ]
            },
        ),
        (_("Hosts and chairs"), {"fields": ["hosts", "chairs", "chairs_note"]}),
        (
            _("Place and time"),
            {
                "fields": [
                    "city",
                    "country",
                    "venue",
                    "time_zone",
                    "start_date",
                    "end_date",
                    "year",
                    "dates_note",
                ]
            },
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "capacity",
                    "registration_open",
                    "registration_opens_at",
                    "registration_closes_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                places_taken=Count(
                    "registrations",
                    filter=Q(registrations__status__in=PLACE_HOLDING_STATUSES),
                    distinct=True,
                )
            )
        )

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, meeting):
        return meeting.dates_display or "—"

    @admin.display(description=_("places taken"))
    def places(self, meeting):
        if meeting.capacity:
            return f"{meeting.places_taken} / {meeting.capacity}"
        return meeting.places_taken

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            promoted = services.fill_free_places(obj, by=request.user)
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d person moved from the waiting list to a place.",
                        "%(count)d people moved from the waiting list to places.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Registration:
            return super().save_formset(request, form, formset, change)
        for instance in formset.save(commit=False):
            if instance.pk:
                instance.save()
                continue
            services.register(
                form.instance,
                instance.person,
                member=instance.member,
                travel_support=instance.travel_support,
                visa_letter=instance.visa_letter,
                arrival_on=instance.arrival_on,
                departure_on=instance.departure_on,
                access_needs=instance.access_needs,
                by=request.user,
                ignore_window=True,
            )
        formset.save_m2m()

    @admin.action(description=_("Export the participant list (CSV)"))
    def export_participants_csv(self, request, queryset):
        return _participant_export(
            request, _participants(Registration.objects.filter(meeting__in=queryset)), "csv"
        )

    @admin.action(description=_("Export the participant list (Excel)"))
    def export_participants_xlsx(self, request, queryset):
        return _participant_export(
            request, _participants(Registration.objects.filter(meeting__in=queryset)), "xlsx"
        )

    @admin.action(description=_("Print badges"))
    def print_badges(self, request, queryset):
        return _badges_response(request, Registration.objects.filter(meeting__in=queryset))


class SessionRoleInline(admin.TabularInline):
    model = SessionRole
    extra = 0
    fields = ["order", "role", "person", "member", "affiliation", "contribution"]
    autocomplete_fields = ["person", "member"]


@admin.register(Session)
class SessionAdmin(TranslatedContentAdmin):
    list_display = ["title", "meeting", "day", "start_time", "end_time", "kind"]
    list_filter = ["kind", "meeting"]
    list_select_related = ["meeting"]
    search_fields = ["title", "meeting__title"]
    autocomplete_fields = ["meeting"]
    filter_horizontal = ["themes"]
    inlines = [SessionRoleInline]


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = [
        "person",
        "meeting",
        "member",
        "status",
        "waiting_position",
        "travel_support",
        "visa_letter",
        "arrival_on",
        "departure_on",
        "registered_at",
    ]
    list_filter = ["meeting", "status", "travel_support", "visa_letter"]
    list_select_related = ["person", "meeting", "member"]
    search_fields = ["person__search_text"]
    autocomplete_fields = ["person", "member", "meeting"]
    readonly_fields = [
        "status",
        "waiting_position",
        "registered_at",
        "confirmed_at",
        "cancelled_at",
        "created_at",
        "updated_at",
    ]
    actions = [
        "confirm",
        "mark_attended",
        "cancel",
        "export_participants_csv",
        "export_participants_xlsx",
        "print_badges",
    ]

    def has_add_permission(self, request):
        # New registrations go through the meeting's inline or the site, so
        # that capacity and the waiting list apply.
        return False

    @admin.action(description=_("Confirm the selected registrations"))
    def confirm(self, request, queryset):
        _run_each(
            self,
            request,
            queryset.select_related("person", "meeting"),
            lambda r: services.confirm_registration(r, by=request.user),
            lambda n: ngettext("%d registration confirmed.", "%d registrations confirmed.", n) % n,
        )

    @admin.action(description=_("Mark the selected people as attending"))
    def mark_attended(self, request, queryset):
        _run_each(
            self,
            request,
            queryset.select_related("person", "meeting"),
            lambda r: services.mark_attended(r, by=request.user, on=today()),
            lambda n: ngettext("%d attendance recorded.", "%d attendances recorded.", n) % n,
        )

    @admin.action(description=_("Cancel the selected registrations"))
    def cancel(self, request, queryset):
        _run_each(
            self,
            request,
            queryset.select_related("person", "meeting"),
            lambda r: services.cancel_registration(r, by=request.user),
            lambda n: ngettext("%d registration cancelled.", "%d registrations cancelled.", n) % n,
        )

    @admin.action(description=_("Export the participant list (CSV)"))
    def export_participants_csv(self, request, queryset):
        return _participant_export(request, _participants(queryset), "csv")

    @admin.action(description=_("Export the participant list (Excel)"))
    def export_participants_xlsx(self, request, queryset):
        return _participant_export(request, _participants(queryset), "xlsx")

    @admin.action(description=_("Print badges"))
    def print_badges(self, request, queryset):
        return _badges_response(request, queryset)


class CommitmentUpdateInline(admin.StackedInline):
    model = CommitmentUpdate
    extra = 0
    fields = ["reported_on", "new_status", "text", "reported_at", "author"]
    readonly_fields = ["author"]
    autocomplete_fields = ["reported_at"]


@admin.register(Commitment)
class CommitmentAdmin(NormalisedSearchMixin, TranslatedContentAdmin, SimpleHistoryAdmin):
    """The commitments tracker."""

    list_display = [
        "short_text",
        "member",
        "meeting",
        "status",
        "due_on",
        "update_count",
        "updated_at",
    ]
    list_filter = ["status", "meeting", "member", "themes"]
    list_select_related = ["member", "meeting"]
    autocomplete_fields = ["member", "meeting"]
    filter_horizontal = ["themes"]
    inlines = [CommitmentUpdateInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(update_count=Count("updates"))

    @admin.display(description=_("commitment"))
    def short_text(self, commitment):
        return commitment.text[:100]

    @admin.display(description=_("updates"), ordering="update_count")
    def update_count(self, commitment):
        return commitment.update_count

    def save_formset(self, request, form, formset, change):
        if formset.model is not CommitmentUpdate:
            return super().save_formset(request, form, formset, change)
        for instance in formset.save(commit=False):
            services.record_commitment_update(instance, by=request.user)
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()
        services.sync_commitment_status(form.instance, by=request.user)


@admin.register(CommitmentUpdate)
class CommitmentUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["commitment", "reported_on", "new_status", "reported_at", "author"]
    list_filter = ["new_status", "reported_at", "commitment__member"]
    list_select_related = ["commitment__member", "reported_at", "author"]
    search_fields = ["text", "commitment__search_text"]
    autocomplete_fields = ["commitment", "reported_at"]
    readonly_fields = ["author"]

    def save_model(self, request, obj, form, change):
        services.record_commitment_update(obj, by=request.user)


@admin.register(ChairTerm)
class ChairTermAdmin(admin.ModelAdmin):
    list_display = ["label", "chairs", "note"]
    filter_horizontal = ["members"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members")

    @admin.display(description=_("chairs"))
    def chairs(self, term):
        return ", ".join(member.name for member in term.members.all())
