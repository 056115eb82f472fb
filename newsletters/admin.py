"""The secretariat's back office for newsletters: entries, composing and
sending issues, subscriptions (with bounces and complaints) and deliveries,
and one-off messages to an audience.

Length: one module because each admin below is the back office of one step
of the same send (write, preview, send, follow the copies); they share the
send service and its wording, and Django finds them in one ``admin.py``.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from network.admin.base import TranslatedContentAdmin

from . import services
from .choices import DeliveryStatus, EntryStatus, MessageStatus, SuspensionReason
from .emails import IssueComposer
from .models import (
    AudienceMessage,
    Delivery,
    Entry,
    Issue,
    IssueEntry,
    MessageDelivery,
    Newsletter,
    Subscription,
)
from .services import messages as message_services


@admin.register(Newsletter)
class NewsletterAdmin(TranslatedContentAdmin):
    list_display = ["name", "slug", "default_language", "open_for_subscription"]
    prepopulated_fields = {"slug": ["name"]}


class EntryForm(forms.ModelForm):
    """The entry form; a proposal is declined only with a note for its author."""

    class Meta:
        model = Entry
        fields = [
            *("kind", "title", "language", "summary", "link", "member", "region", "themes"),
            *("deadline", "status", "source", "review_note"),
        ]

    def clean(self):
        cleaned = super().clean()
        if "_decline" in self.data and not (cleaned.get("review_note") or "").strip():
            self.add_error(
                "review_note",
                _("Say why the proposal is declined: the note is sent to its author."),
            )
        return cleaned


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the proposers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent by email with the decision, in each proposer's language."),
    )


@admin.register(Entry)
class EntryAdmin(TranslatedContentAdmin, SimpleHistoryAdmin):
    """Entries, and the review queue of members' proposals
    (``?status__exact=proposed``): publish as is, edit and publish, or
    decline with a note — always through newsletters.services.proposals."""

    form = EntryForm
    change_form_template = "admin/newsletters/entry/change_form.html"
    list_display = ["title", "kind", "member", "deadline", "status", "proposed_by", "created_at"]
    list_filter = ["status", "kind", "language", "themes"]
    search_fields = ["title", "summary", "member__name", "region__name"]
    autocomplete_fields = ["member"]
    filter_horizontal = ["themes"]
    date_hierarchy = "created_at"
    actions = ["publish_proposals", "decline_proposals"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "language",
                    # The languages side by side; the original is in ``language``.
                    ("title_en", "title_es", "title_fr"),
                    ("summary_en", "summary_es", "summary_fr"),
                    "rendered_summary",
                    "link",
                ]
            },
        ),
        (_("What it concerns"), {"fields": ["member", "region", "themes", "deadline"]}),
        (_("Publication"), {"fields": ["status", "source"]}),
        (
            _("Proposal and review"),
            {
                "fields": [
                    "proposed_by",
                    "proposed_at",
                    "reviewed_by",
                    "reviewed_at",
                    "review_note",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = ["rendered_summary", "proposed_by", "proposed_at", "reviewed_by", "reviewed_at"]
        # A proposal changes state only through its review (so its author is
        # told): its status is not edited by hand, nor set back to proposed.
        if obj is not None and obj.status in (EntryStatus.PROPOSED, EntryStatus.DECLINED):
            fields.append("status")
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            kwargs["choices"] = [
                (value, label)
                for value, label in EntryStatus.choices
                if value in (EntryStatus.DRAFT, EntryStatus.PUBLISHED)
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # An entry may be written in Spanish or French: Entry.clean asks for a
        # title in some language, not necessarily in English.
        if "title_en" in form.base_fields:
            form.base_fields["title_en"].required = False
        return form

    @admin.display(description=_("summary as shown"))
    def rendered_summary(self, entry):
        return format_html("<div>{}</div>", entry.summary_html) if entry.pk else "—"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["is_proposal"] = obj is not None and obj.status == EntryStatus.PROPOSED
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        # Edits are saved first, so "edit and publish" publishes the edited entry.
        note = obj.review_note
        reviewing = obj.status == EntryStatus.PROPOSED
        super().save_model(request, obj, form, change)
        if reviewing and "_publish" in request.POST:
            services.publish_entry(obj, by=request.user, note=note)
        elif reviewing and "_decline" in request.POST:
            services.decline_entry(obj, by=request.user, note=note)

    def _review_each(self, request, queryset, review, done):
        done_count = 0
        for entry in queryset.filter(status=EntryStatus.PROPOSED):
            review(entry)
            done_count += 1
        skipped = queryset.count() - done_count
        self.message_user(request, done % {"count": done_count}, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d entry was not a proposal awaiting review and was left as it was.",
                    "%(count)d entries were not proposals awaiting review "
                    "and were left as they were.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Publish the selected proposals as they are"))
    def publish_proposals(self, request, queryset):
        self._review_each(
            request,
            queryset,
            lambda entry: services.publish_entry(entry, by=request.user),
            _("Proposals published: %(count)d; their authors are told by email."),
        )

    @admin.action(description=_("Decline the selected proposals with a note"))
    def decline_proposals(self, request, queryset):
        form = DeclineForm(request.POST if "note" in request.POST else None)
        if form.is_valid():
            note = form.cleaned_data["note"]
            self._review_each(
                request,
                queryset,
                lambda entry: services.decline_entry(entry, by=request.user, note=note),
                _("Proposals declined: %(count)d; their authors are told by email."),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decline proposals"),
            "form": form,
            "entries": queryset.filter(status=EntryStatus.PROPOSED),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/newsletters/entry/decline.html", context)


class IssueEntryInline(admin.TabularInline):
    model = IssueEntry
    extra = 0
    autocomplete_fields = ["entry"]
    fields = ["position", "entry"]
    ordering = ["position", "id"]

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.is_editable

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_editable

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.is_editable


class IssueForm(forms.ModelForm):
    class Meta:
        model = Issue
        fields = ["newsletter", "number", "language", "title", "intro"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            stored = Issue.objects.filter(pk=self.instance.pk).values_list("status", flat=True)
            Issue.clean_editable(stored.first())
        return cleaned


class ScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Send at (UTC)"),
        required=False,
        help_text=_("YYYY-MM-DD HH:MM. Leave blank to send now."),
    )

    def clean_scheduled_at(self):
        value = self.cleaned_data["scheduled_at"]
        if value is not None and value < timezone.now() - datetime.timedelta(minutes=1):
            raise forms.ValidationError(_("This time has passed; leave it blank to send now."))
        return value


@admin.register(Issue)
class IssueAdmin(SimpleHistoryAdmin):
    form = IssueForm
    inlines = [IssueEntryInline]
    list_display = [
        "__str__",
        "status",
        "scheduled_at",
        "send_started_at",
        "sent_at",
        "delivery_summary",
    ]
    list_filter = ["newsletter", "status", "language"]
    search_fields = ["title", "intro"]
    readonly_fields = [
        "status",
        "scheduled_at",
        "send_started_at",
        "sent_at",
        "delivery_summary",
        "suggestions",
        "sending_tools",
    ]

    def get_fieldsets(self, request, obj=None):
        content = (None, {"fields": ["newsletter", "number", "language", "title", "intro"]})
        if obj is None:
            return [content]
        return [
            content,
            (_("Suggested entries"), {"fields": ["suggestions"]}),
            (
                _("Preview, test and send"),
                {
                    "fields": [
                        "sending_tools",
                        "status",
                        "scheduled_at",
                        "send_started_at",
                        "sent_at",
                        "delivery_summary",
                    ]
                },
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and not obj.is_editable:
            fields += ["newsletter", "number", "language", "title", "intro"]
        return fields

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        newsletter = Newsletter.objects.first()
        if newsletter and "newsletter" not in initial:
            initial["newsletter"] = newsletter.pk
            language = initial.get("language", newsletter.default_language)
            initial.setdefault("number", services.next_issue_number(newsletter, language))
        return initial

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("newsletter")
            .annotate(
                delivery_count=Count("deliveries"),
                sent_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
                failed_count=Count(
                    "deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)
                ),
            )
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable)

    @admin.display(description=_("deliveries"))
    def delivery_summary(self, issue):
        total = getattr(issue, "delivery_count", None)
        if not total:
            return "—"
        url = reverse("admin:newsletters_delivery_changelist") + f"?issue__id__exact={issue.pk}"
        return format_html(
            '<a href="{}">{} sent, {} failed, of {}</a>',
            url,
            issue.sent_count,
            issue.failed_count,
            total,
        )

    @admin.display(description=_("suggestions"))
    def suggestions(self, issue):
        if not issue.is_editable:
            return "—"
        entries = list(services.suggested_entries(issue)[:50])
        if not entries:
            return _("No suggestion: no entry added since the last sent issue, no open deadline.")
        rows = format_html_join(
            "",
            "<li>{} <small>({}{})</small></li>",
            (
                (
                    entry.title,
                    entry.get_kind_display(),
                    f", deadline {entry.deadline:%Y-%m-%d}" if entry.deadline else "",
                )
                for entry in entries
            ),
        )
        add_url = reverse("admin:newsletters_issue_add_suggestions", args=[issue.pk])
        return format_html(
            '<p>{}</p><ul>{}</ul><button type="submit" formaction="{}">{}</button>',
            _("Entries added since the last sent issue and opportunities still open:"),
            rows,
            add_url,
            _("Add all these entries"),
        )

    @admin.display(description=_("actions"))
    def sending_tools(self, issue):
        preview_html = reverse("admin:newsletters_issue_preview", args=[issue.pk, "html"])
        preview_text = reverse("admin:newsletters_issue_preview", args=[issue.pk, "text"])
        links = format_html(
            '<a href="{}" target="_blank">{}</a> · <a href="{}" target="_blank">{}</a>',
            preview_html,
            _("Preview HTML"),
            preview_text,
            _("Preview plain text"),
        )
        send_url = reverse("admin:newsletters_issue_send", args=[issue.pk])
        return format_html(
            '{}<p><a class="button" href="{}">{}</a></p>',
            links,
            send_url,
            _("Send a test, schedule or send…"),
        )

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/preview/<str:part>/",
                self.admin_site.admin_view(self.preview_view),
                name="newsletters_issue_preview",
            ),
            path(
                "<int:pk>/send/",
                self.admin_site.admin_view(self.send_view),
                name="newsletters_issue_send",
            ),
            path(
                "<int:pk>/add-suggestions/",
                self.admin_site.admin_view(require_POST(self.add_suggestions_view)),
                name="newsletters_issue_add_suggestions",
            ),
        ]
        return urls + super().get_urls()

    def _issue_or_404(self, request, pk, *, change=False):
        issue = get_object_or_404(Issue.objects.select_related("newsletter"), pk=pk)
        allowed = (
            self.has_change_permission(request, issue)
            if change
            else self.has_view_permission(request, issue)
        )
        if not allowed:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return issue

    def preview_view(self, request, pk, part):
        """The issue as a subscriber would receive it (with a dummy unsubscribe link)."""
        issue = self._issue_or_404(request, pk)
        message = IssueComposer(issue).test_message(request.user.email)
        if part == "text":
            return HttpResponse(message.body, content_type="text/plain; charset=utf-8")
        html = message.alternatives[0].content
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        # The preview is our own sanitised output; still, no script may run in it.
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src * data:"
        )
        return response

    def add_suggestions_view(self, request, pk):
        issue = self._issue_or_404(request, pk, change=True)
        try:
            services.add_entries(issue, list(services.suggested_entries(issue)[:50]))
        except services.IssueStateError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, _("The suggested entries were added at the end."))
        return HttpResponseRedirect(reverse("admin:newsletters_issue_change", args=[issue.pk]))

    def send_view(self, request, pk):
        """Send a test to oneself, schedule, send now, or unschedule."""
        issue = self._issue_or_404(request, pk, change=request.method == "POST")
        form = ScheduleForm(request.POST or None)
        if request.method == "POST":
            action = request.POST.get("action")
            try:
                if action == "test":
                    services.send_test(issue, request.user.email)
                    self.message_user(
                        request, _("A test was sent to %(email)s.") % {"email": request.user.email}
                    )
                elif action == "schedule" and form.is_valid():
                    services.schedule_issue(issue, at=form.cleaned_data["scheduled_at"])
                    self.message_user(request, _("The issue is scheduled; the worker sends it."))
                    return HttpResponseRedirect(
                        reverse("admin:newsletters_issue_change", args=[issue.pk])
                    )
                elif action == "unschedule":
                    services.unschedule_issue(issue)
                    self.message_user(request, _("The issue is a draft again."))
                    return HttpResponseRedirect(
                        reverse("admin:newsletters_issue_change", args=[issue.pk])
                    )
            except services.IssueStateError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            except Exception as exc:
                self.message_user(
                    request,
                    _("The test could not be sent: %(error)s") % {"error": exc},
                    messages.ERROR,
                )
            issue.refresh_from_db()
        audience = services.audience(issue).count() if issue.is_editable else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "issue": issue,
            "form": form,
            "audience": audience,
            "title": _("Send %(issue)s") % {"issue": issue},
        }
        return TemplateResponse(request, "admin/newsletters/issue/send.html", context)


class SubscriptionStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("active", _("active")),
            ("pending", _("awaiting confirmation")),
            ("unsubscribed", _("unsubscribed")),
            ("suspended", _("suspended")),
            ("bounced", _("suspended after a bounce or a complaint")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "active":
            return queryset.active()
        if value == "pending":
            return queryset.filter(confirmed_at__isnull=True, unsubscribed_at__isnull=True)
        if value == "unsubscribed":
            return queryset.filter(unsubscribed_at__isnull=False)
        if value == "suspended":
            return queryset.filter(suspended_at__isnull=False)
        if value == "bounced":
            return queryset.bounced_or_complained()
        return queryset


@admin.register(Subscription)
class SubscriptionAdmin(SimpleHistoryAdmin):
    list_display = [
        "email",
        "newsletter",
        "language",
        "state",
        "confirmed_at",
        "unsubscribed_at",
        "suspended_at",
        "suspension_reason",
    ]
    list_filter = [SubscriptionStateFilter, "newsletter", "language", "suspension_reason"]
    search_fields = ["email"]
    autocomplete_fields = ["person"]
    readonly_fields = [
        "requested_at",
        "confirmed_at",
        "unsubscribed_at",
        "suspended_at",
        "suspension_reason",
        "suspension_detail",
        "created_at",
        "updated_at",
    ]
    fields = ["newsletter", "email", "person", "language", *readonly_fields]
    actions = ["suspend_hard_bounce", "suspend_complaint", "lift_suspensions", "unsubscribe"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("newsletter")

    def has_add_permission(self, request):
        # Consent comes from the subscriber's own confirmation, never from staff.
        return False

    def _suspend(self, request, queryset, reason):
        count = sum(
            services.suspend_subscription(s, reason, f"by {request.user.email} in the admin")
            for s in queryset
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d subscription suspended.", "%(count)d subscriptions suspended.", count
            )
            % {"count": count},
        )

    @admin.action(description=_("Suspend after a hard bounce"))
    def suspend_hard_bounce(self, request, queryset):
        self._suspend(request, queryset, SuspensionReason.HARD_BOUNCE)

    @admin.action(description=_("Suspend after a complaint"))
    def suspend_complaint(self, request, queryset):
        self._suspend(request, queryset, SuspensionReason.COMPLAINT)

    @admin.action(description=_("Lift the suspension"))
    def lift_suspensions(self, request, queryset):
        count = sum(services.lift_suspension(s) for s in queryset)
        self.message_user(
            request,
            ngettext("%(count)d suspension lifted.", "%(count)d suspensions lifted.", count)
            % {"count": count},
        )

    @admin.action(description=_("Unsubscribe"))
    def unsubscribe(self, request, queryset):
        count = sum(
            services.unsubscribe(s, how=f"staff {request.user.email}").code == "unsubscribed"
            for s in queryset
        )
        self.message_user(
            request,
            ngettext("%(count)d subscription ended.", "%(count)d subscriptions ended.", count)
            % {"count": count},
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["subscription", "issue", "status", "attempts", "sent_at", "next_attempt_at"]
    list_filter = ["status", "issue"]
    search_fields = ["subscription__email", "message_id"]
    list_select_related = ["subscription", "issue__newsletter"]
    readonly_fields = [
        "issue",
        "subscription",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "message_id",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AudienceMessageForm(forms.ModelForm):
    class Meta:
        model = AudienceMessage
        fields = ["audience", "subject", "body", "language", "optional"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}


@admin.register(AudienceMessage)
class AudienceMessageAdmin(admin.ModelAdmin):
    """One-off messages to a saved audience: write, preview (text and HTML,
    whom it reaches, who is left out), send once, follow the progress."""

    form = AudienceMessageForm
    list_display = ["subject", "audience", "status", "send_started_at", "sent_at", "progress"]
    list_filter = ["status", "optional", "audience"]
    list_select_related = ["audience"]
    search_fields = ["subject", "body"]
    readonly_fields = ["status", "send_started_at", "sent_at", "progress", "sending_tools"]
    CONTENT = ["audience", "subject", "body", "language", "optional"]

    def get_fieldsets(self, request, obj=None):
        content = (None, {"fields": self.CONTENT})
        if obj is None:
            return [content]
        return [
            content,
            (
                _("Preview and send"),
                {"fields": ["sending_tools", "status", "send_started_at", "sent_at", "progress"]},
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.status != MessageStatus.DRAFT:
            fields += self.CONTENT  # what went out stays as it went out
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status == MessageStatus.DRAFT)

    def get_queryset(self, request):
        # The list's progress column from one query, not one per message.
        counts = {
            f"copies_{status}": Count("deliveries", filter=Q(deliveries__status=status))
            for status in DeliveryStatus.values
        }
        return super().get_queryset(request).annotate(**counts)

    @admin.display(description=_("progress"))
    def progress(self, message):
        if message.status == MessageStatus.DRAFT:
            return "—"
        if hasattr(message, "copies_pending"):
            counts = {
                status: getattr(message, f"copies_{status}") for status in DeliveryStatus.values
            }
        else:
            counts = message_services.progress(message)
        total = sum(counts.values())
        url = (
            reverse("admin:newsletters_messagedelivery_changelist")
            + f"?audience_message__id__exact={message.pk}"
        )
        done = total - counts[DeliveryStatus.PENDING]
        return format_html(
            '<a href="{}">{}</a>',
            url,
            _(
                "%(done)s of %(total)s done: %(sent)s sent, %(pending)s pending, "
                "%(failed)s failed, %(skipped)s skipped"
            )
            % {"done": done, "total": total, **counts},
        )

    @admin.display(description=_("actions"))
    def sending_tools(self, message):
        url = reverse("admin:newsletters_audiencemessage_send", args=[message.pk])
        label = _("Preview and send…") if message.status == MessageStatus.DRAFT else _("Preview")
        return format_html('<a class="button" href="{}">{}</a>', url, label)

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/send/",
                self.admin_site.admin_view(self.send_view),
                name="newsletters_audiencemessage_send",
            ),
            path(
                "<int:pk>/preview.html",
                self.admin_site.admin_view(self.preview_html_view),
                name="newsletters_audiencemessage_preview_html",
            ),
        ]
        return urls + super().get_urls()

    def _message_or_404(self, request, pk, *, change=False):
        from django.core.exceptions import PermissionDenied

        message = get_object_or_404(AudienceMessage.objects.select_related("audience"), pk=pk)
        allowed = (
            self.has_change_permission(request, message)
            if change
            else self.has_view_permission(request, message)
        )
        if not allowed:
            raise PermissionDenied
        return message

    def preview_html_view(self, request, pk):
        """The HTML copy of the first person reached, for the preview's frame."""
        message = self._message_or_404(request, pk)
        response = HttpResponse(
            message_services.preview(message)["html"], content_type="text/html; charset=utf-8"
        )
        # Our own sanitised output; still, no script may run in it.
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src * data:"
        )
        return response

    def send_view(self, request, pk):
        """GET: whom it reaches, who is left out and why, the text and HTML
        copy. POST: start the send (once; an empty audience is refused)."""
        message = self._message_or_404(request, pk, change=request.method == "POST")
        if request.method == "POST":
            try:
                count = message_services.start_message_send(message)
            except message_services.MessageError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "Sending to %(count)d person; the progress shows below.",
                        "Sending to %(count)d people; the progress shows below.",
                        count,
                    )
                    % {"count": count},
                )
                return HttpResponseRedirect(
                    reverse("admin:newsletters_audiencemessage_change", args=[message.pk])
                )
            message.refresh_from_db()
        preview = message_services.preview(message)
        resolution = preview["resolution"]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "message": message,
            "preview": preview,
            "people": resolution.people[:200],
            "reached": resolution.count,
            "left_out": message_services.left_out_summary(resolution.left_out),
            "progress": self.progress(message),
            "title": _("Send “%(subject)s”") % {"subject": message.subject},
        }
        return TemplateResponse(request, "admin/newsletters/audiencemessage/send.html", context)


@admin.register(MessageDelivery)
class MessageDeliveryAdmin(admin.ModelAdmin):
    list_display = ["person", "email", "audience_message", "status", "attempts", "sent_at"]
    list_filter = ["status", "audience_message"]
    search_fields = ["email", "message_id"]
    list_select_related = ["person", "audience_message"]
    readonly_fields = [
        "audience_message",
        "person",
        "email",
        "reason",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "message_id",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
