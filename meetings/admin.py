"""The secretariat's back office for meetings: agendas, delegations,
registrations (confirm, attendance, participant lists, badges), invitations
(invite an audience, remind, who answered what) and the commitments tracker.

Length: one module because the meeting's admin page gathers the inlines,
actions and forms of everything that happens to a meeting; each class is
short, and splitting them would only add imports between the pieces.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from focalpoints import audiences
from focalpoints.models import Audience, Person
from network.admin.base import NormalisedSearchMixin, TranslatedContentAdmin
from network.core import pdf
from network.core.audit import log_personal_data_export

from . import exports, invitations, letters, services
from .choices import PLACE_HOLDING_STATUSES, MeetingStatus, RegistrationStatus
from .models import (
    ChairTerm,
    Commitment,
    CommitmentUpdate,
    Delegation,
    Invitation,
    LetterTemplate,
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
    fields = ["kind", "title", "url", "file", "language", "published_on", "audience", "order"]


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


class InviteForm(forms.Form):
    """Whom to invite: a saved audience, people picked by name, or both."""

    audience = forms.ModelChoiceField(
        label=_("Audience"), queryset=Audience.objects.all(), required=False
    )
    people = forms.ModelMultipleChoiceField(
        label=_("People"), queryset=Person.objects.all(), required=False
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["people"]
        field.widget = AutocompleteSelectMultiple(Invitation._meta.get_field("person"), admin_site)
        field.widget.choices = field.choices

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("audience") and not cleaned.get("people"):
            raise forms.ValidationError(_("Choose an audience or people to invite."))
        return cleaned

    def chosen_people(self):
        """Everyone named, the audience's and the picked, as one queryset."""
        ids = {person.pk for person in self.cleaned_data.get("people") or ()}
        named = Q(pk__in=ids)
        if self.cleaned_data.get("audience"):
            audience = audiences.audience_people(self.cleaned_data["audience"])
            named |= Q(pk__in=audience.values("pk"))
        return Person.objects.filter(named)


class InvitationInline(admin.TabularInline):
    """Who was invited, and who answered what (read only: answers come from
    the people, through their links)."""

    model = Invitation
    extra = 0
    can_delete = False
    fields = ["person", "member", "status", "sent_at", "answered_at", "reminder_count"]
    readonly_fields = fields
    ordering = ["status", "person__family_name"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

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
    inlines = [
        SessionInline,
        DelegationInline,
        MeetingDocumentInline,
        RegistrationInline,
        InvitationInline,
    ]
    actions = [
        "export_participants_csv",
        "export_participants_xlsx",
        "print_badges",
        "invite",
        "remind_unanswered",
    ]
    readonly_fields = ["invitations_summary"]
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
        (_("Invitations"), {"fields": ["invitations_summary"]}),
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

    # --- Invitations: invite an audience or picked people, remind, the answers ---

    @admin.display(description=_("invitations"))
    def invitations_summary(self, meeting):
        if not meeting.pk:
            return "—"
        counts = invitations.invitation_counts(meeting)
        text = (
            _(
                "%(invited)d invited: %(accepted)d accepted, %(declined)d declined, "
                "%(unanswered)d not answered"
            )
            % counts
        )
        if counts["unsent"]:
            text += " " + _("(%(unsent)d still being sent)") % counts
        links = format_html(
            ' · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:meetings_meeting_invite", args=[meeting.pk]),
            _("Invite…"),
            reverse("admin:meetings_invitation_changelist") + f"?meeting__id__exact={meeting.pk}",
            _("Who answered what"),
        )
        return format_html("{}{}", text, links)

    @admin.action(description=_("Invite an audience or people…"), permissions=["change"])
    def invite(self, request, queryset):
        selected = list(queryset.values_list("pk", flat=True)[:2])
        if len(selected) != 1:
            self.message_user(
                request, _("Select exactly one meeting to invite to."), messages.WARNING
            )
            return None
        return HttpResponseRedirect(reverse("admin:meetings_meeting_invite", args=[selected[0]]))

    @admin.action(description=_("Remind those who have not answered"), permissions=["change"])
    def remind_unanswered(self, request, queryset):
        for meeting in queryset:
            try:
                count = invitations.remind_unanswered(meeting)
            except ValidationError as error:
                self.message_user(request, f"{meeting}: {' '.join(error.messages)}", messages.ERROR)
                continue
            self.message_user(
                request,
                ngettext(
                    "%(meeting)s: %(count)d reminder is being sent.",
                    "%(meeting)s: %(count)d reminders are being sent.",
                    count,
                )
                % {"meeting": meeting, "count": count},
                messages.SUCCESS if count else messages.INFO,
            )

    def invite_view(self, request, object_id):
        """Choose an audience and/or people, see whom it reaches and whom it
        leaves out, then send: two steps, so nothing goes out unseen."""
        meeting = self.get_object(request, unquote(object_id))
        if meeting is None:
            raise Http404(_("No meeting has that id."))
        if not self.has_change_permission(request, meeting):
            raise PermissionDenied
        change_url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
        problem = invitations.invitation_problem(meeting)
        form = InviteForm(request.POST or None, admin_site=self.admin_site)
        preview = None
        if problem:
            self.message_user(request, problem, messages.ERROR)
            return HttpResponseRedirect(change_url)
        if request.method == "POST" and form.is_valid():
            people = form.chosen_people()
            preview = audiences.split(people)
            already = set(
                Invitation.objects.filter(
                    meeting=meeting, person__in=[p.pk for p in preview.people]
                ).values_list("person_id", flat=True)
            )
            if "send" in request.POST:
                try:
                    report = invitations.invite_people(
                        meeting, people, audience=form.cleaned_data["audience"], by=request.user
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    text = ngettext(
                        "%(count)d invitation is being sent.",
                        "%(count)d invitations are being sent.",
                        report.invited,
                    ) % {"count": report.invited}
                    if report.already:
                        text += " " + ngettext(
                            "%(count)d person was invited before and is not written to again.",
                            "%(count)d people were invited before and are not written to again.",
                            report.already,
                        ) % {"count": report.already}
                    left = invitations.left_out_text(report.left_out)
                    if left:
                        text += f" {left}."
                    self.message_user(request, text, messages.SUCCESS)
                    return HttpResponseRedirect(change_url)
            for person in preview.people:
                person.already_invited = person.pk in already
            preview.left_out_line = invitations.left_out_text(preview.left_out)
            preview.new = sum(1 for person in preview.people if not person.already_invited)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite to %(meeting)s") % {"meeting": meeting},
            "opts": self.opts,
            "original": meeting,
            "form": form,
            "preview": preview,
            "counts": invitations.invitation_counts(meeting),
            "change_url": change_url,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/meetings/meeting/invite.html", context)

    # The participant list and the badges as buttons on a meeting's page: the
    # same exports as the list's actions, for the one meeting being prepared.

    change_form_template = "admin/meetings/meeting/change_form.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                f"<path:object_id>/{name}/",
                self.admin_site.admin_view(view),
                name="{}_{}_{}".format(*info, name.replace("-", "_")),
            )
            for name, view in (
                ("participants-csv", self.participants_csv_view),
                ("participants-xlsx", self.participants_xlsx_view),
                ("badges", self.badges_view),
            )
        ]
        own.append(
            path(
                "<path:object_id>/invite/",
                self.admin_site.admin_view(self.invite_view),
                name="meetings_meeting_invite",
            )
        )
        return [*own, *super().get_urls()]

    def _meeting_registrations(self, request, object_id):
        """The registrations of one meeting, for a staff member who may see them."""
        meeting = self.get_object(request, unquote(object_id))
        if meeting is None:
            raise Http404(_("No meeting has that id."))
        if not (
            self.has_view_permission(request, meeting)
            and request.user.has_perm("meetings.view_registration")
        ):
            raise PermissionDenied
        return Registration.objects.filter(meeting=meeting)

    def participants_csv_view(self, request, object_id):
        """The meeting's participant list as CSV."""
        return _participant_export(
            request, _participants(self._meeting_registrations(request, object_id)), "csv"
        )

    def participants_xlsx_view(self, request, object_id):
        """The meeting's participant list as an Excel workbook."""
        return _participant_export(
            request, _participants(self._meeting_registrations(request, object_id)), "xlsx"
        )

    def badges_view(self, request, object_id):
        """The meeting's badges, ready to print."""
        return _badges_response(request, self._meeting_registrations(request, object_id))


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


class TravelVisaFilter(admin.SimpleListFilter):
    """Registrations whose travel or visa request the secretariat has yet to
    settle (the dashboard links here)."""

    title = _("travel and visa")
    parameter_name = "travel_visa"

    def lookups(self, request, model_admin):
        return [("pending", _("Travel or visa request not yet settled"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.travel_or_visa_pending()
        return queryset


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
    list_filter = ["meeting", "status", TravelVisaFilter, "travel_support", "visa_letter"]
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

    # The visa support letter of one registration, a button on its page: the
    # admin's own view, so the site's staff and second-factor checks apply.
    change_form_template = "admin/meetings/registration/change_form.html"

    def get_urls(self):
        own = path(
            "<path:object_id>/visa-letter/<int:template_id>/",
            self.admin_site.admin_view(self.visa_letter_view),
            name="meetings_registration_visa_letter",
        )
        return [own, *super().get_urls()]

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None and obj.visa_letter:
            context["letter_templates"] = LetterTemplate.objects.order_by("name", "language")
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def visa_letter_view(self, request, object_id, template_id):
        """The registration's visa support letter as PDF, from a template,
        logged as an export of the person's data before it leaves."""
        registration = self.get_object(request, unquote(object_id))
        if registration is None:
            raise Http404(_("No registration has that id."))
        if not self.has_view_permission(request, registration):
            raise PermissionDenied
        template = LetterTemplate.objects.filter(pk=template_id).first()
        if template is None:
            raise Http404(_("No visa letter template has that id."))
        if not registration.visa_letter:
            self.message_user(
                request, _("This registration did not ask for a visa letter."), messages.ERROR
            )
            return HttpResponseRedirect(
                reverse("admin:meetings_registration_change", args=[registration.pk])
            )
        letter = letters.render_letter(registration, template)
        with translation.override(template.language):
            html = render_to_string(
                "admin/meetings/registration/visa_letter.html",
                {**letter, "template": template, "registration": registration},
            )
        return pdf.staff_pdf_response(
            request,
            html,
            filename=f"visa-letter-{registration.pk}-{template.language}.pdf",
            dataset=Registration,
            surface="admin",
            rows=1,
            person_id=registration.person_id,
        )

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


class FollowUpFilter(admin.SimpleListFilter):
    """Commitments past their due date with no progress reported since (the
    dashboard links here)."""

    title = _("follow-up")
    parameter_name = "follow_up"

    def lookups(self, request, model_admin):
        return [("overdue", _("Past due, no update since"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        return queryset


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
    list_filter = ["status", FollowUpFilter, "meeting", "member", "themes"]
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


class AwaitingAnswerFilter(admin.SimpleListFilter):
    """Invitations sent and not answered for a meeting still ahead (the
    dashboard links here; Invitation.objects.awaiting_answer)."""

    title = _("answer")
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        return [("waiting", _("Awaited, meeting ahead"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.awaiting_answer()
        return queryset


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Every invitation and its answer; invitations are made from the meeting."""

    list_display = [
        "person",
        "meeting",
        "member",
        "status",
        "sent_at",
        "answered_at",
        "reminder_count",
    ]
    list_filter = [AwaitingAnswerFilter, "status", "meeting"]
    list_select_related = ["person", "meeting", "member"]
    search_fields = ["person__search_text", "meeting__title"]
    readonly_fields = [
        "meeting",
        "person",
        "member",
        "audience",
        "status",
        "language",
        "sent_to",
        "sent_at",
        "answered_at",
        "reminded_at",
        "reminder_count",
        "registration",
        "invited_by",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(LetterTemplate)
class LetterTemplateAdmin(SimpleHistoryAdmin):
    """The visa support letters staff edit: plain text with placeholders,
    checked when saved (meetings/letters.py)."""

    list_display = ["name", "language", "subject", "signatory_name", "updated_at"]
    list_filter = ["language"]
    search_fields = ["name", "subject"]
    fields = ["name", "language", "subject", "body", "signatory_name", "signatory_title"]
