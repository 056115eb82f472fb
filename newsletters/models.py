"""Newsletters: entries, the newsletters and their issues, subscriptions and
deliveries (DESIGN.md, Domain model), and one-off messages to an audience
with their copies.

Length: one module because the models are one small schema — an issue and a
message go out as copies with the same columns, read by one send loop
(services/sending.py) — and each is short; a package would be seven files
of one class.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from network.core.search import normalise
from network.core.translations import every_text, stored_text, text_in
from network.core.validators import DOCUMENT_TEXT, LONG_TEXT, SHORT_TEXT, text_cap
from network.core.visibility import viewer_for
from network.models import Member, Region, Theme, TimeStampedModel, VisibleQuerySet

from .choices import (
    DeliveryStatus,
    EntryKind,
    EntryStatus,
    IssueStatus,
    MessageStatus,
    SuspensionReason,
)
from .markup import render_markdown

# Links in entries are shown to the public and put in emails: web pages only.
web_url_validator = URLValidator(schemes=["http", "https"])


def new_token():
    return secrets.token_urlsafe(32)


class Newsletter(TimeStampedModel):
    """A newsletter of the secretariat, with its own numbering of issues and
    its own subscribers. The network has one; the model allows a second (a
    regional digest, say) without changing anything else."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), validators=[text_cap(SHORT_TEXT)], blank=True)
    default_language = models.CharField(
        _("default language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Subscribers whose language has no version of an issue receive this language."),
    )
    open_for_subscription = models.BooleanField(_("open for subscription"), default=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["name"]

    def __str__(self):
        return self.name


class EntryQuerySet(VisibleQuerySet):
    def visible_to(self, viewer):
        """Published entries are public; drafts, proposals and declined
        entries are staff's, except that a member sees what they proposed."""
        viewer = viewer_for(viewer)
        if viewer.is_staff:
            return self.all()
        if viewer.is_member and viewer.user_id is not None:
            return self.filter(Q(status=EntryStatus.PUBLISHED) | Q(proposed_by_id=viewer.user_id))
        return self.published()

    def published(self):
        return self.filter(status=EntryStatus.PUBLISHED)

    def awaiting_review(self):
        """Proposals from members that staff have not yet published or declined."""
        return self.filter(status=EntryStatus.PROPOSED)

    def open_opportunities(self, on=None):
        """Entries whose deadline has not passed (today counts)."""
        on = on or timezone.localdate()
        return self.filter(deadline__gte=on)


class Entry(TimeStampedModel):
    """An item the newsletter promotes or maps: new research, a best practice,
    a funding or capacity-building opportunity, a national or regional
    initiative, an event. Public once published; the public list of entries is
    the map of national and regional WPS actions."""

    kind = models.CharField(_("kind"), max_length=24, choices=EntryKind.choices)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(
        _("summary"),
        validators=[text_cap(LONG_TEXT)],
        blank=True,
        help_text=_("Markdown. Scripts and raw HTML are removed."),
    )
    summary_html = models.TextField(editable=False, default="")
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the title and summary are written in."),
    )
    link = models.URLField(_("link"), max_length=500, blank=True, validators=[web_url_validator])
    source = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("Where the facts come from (a public document or page)."),
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="entries"
    )
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("Closing date of an opportunity, or the date of an event."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EntryStatus.choices, default=EntryStatus.PUBLISHED
    )
    # Who proposed and who reviewed an entry: kept for the secretariat (never
    # shown to the public), so a coordinator can thank or ask the proposer.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="proposed_entries",
    )
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="reviewed_entries",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True, editable=False)
    review_note = models.TextField(
        _("note to the proposer"),
        validators=[text_cap(LONG_TEXT)],
        blank=True,
        help_text=_("Sent to the proposer with the decision (why it was declined, say)."),
    )
    search_text = models.TextField(editable=False, default="")
    # History is registered in translation.py, once the translation columns exist
    # (django-simple-history's documented way with django-modeltranslation).

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "status"], name="entry_kind_status")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("newsletters:entry", kwargs={"pk": self.pk})

    @property
    def is_published(self):
        return self.status == EntryStatus.PUBLISHED

    @property
    def deadline_passed(self):
        return self.deadline is not None and self.deadline < timezone.localdate()

    def clean(self):
        super().clean()
        if not text_in(self, "title")[0].strip():
            raise ValidationError(_("An entry needs a title in at least one language."))

    @property
    def original_language(self):
        """The language the entry was first written in (network.core.translations)."""
        return self.language

    def save(self, *args, **kwargs):
        # Code that writes ``entry.title`` in an English context puts the text
        # in the English column; an entry written in Spanish keeps its original
        # in the Spanish one, so that no page calls it an English text.
        if self.language != "en":
            for field in ("title", "summary"):
                english = stored_text(self, field, "en")
                if english and not stored_text(self, field, self.language):
                    setattr(self, f"{field}_{self.language}", english)
                    setattr(self, f"{field}_en", None)
        # The stored HTML is the original's; translations render on display.
        self.summary_html = render_markdown(text_in(self, "summary", self.language)[0])
        self.search_text = normalise(
            *every_text(self, "title"),
            *every_text(self, "summary"),
            self.member.name if self.member_id else "",
            self.region.name if self.region_id else "",
        )
        super().save(*args, **kwargs)


class IssueQuerySet(VisibleQuerySet):
    def visible_to(self, viewer):
        """Issues are public once they go out; drafts and scheduled issues are
        the secretariat's."""
        if viewer_for(viewer).is_staff:
            return self.all()
        return self.published()

    def published(self):
        return self.filter(status__in=[IssueStatus.SENDING, IssueStatus.SENT])


class Issue(TimeStampedModel):
    """One numbered edition of a newsletter in one language. The versions of
    an edition in English, Spanish and French share its number; each
    subscriber receives one version of an edition (their language where it
    exists, else the newsletter's default language).

    Status moves draft → scheduled → sending → sent through
    ``newsletters.services`` only; constraints make the states consistent.
    """

    newsletter = models.ForeignKey(
        Newsletter, verbose_name=_("newsletter"), on_delete=models.PROTECT, related_name="issues"
    )
    number = models.PositiveIntegerField(_("number"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    title = models.CharField(_("title"), max_length=255)
    intro = models.TextField(
        _("introduction"),
        validators=[text_cap(DOCUMENT_TEXT)],
        blank=True,
        help_text=_("Markdown."),
    )
    intro_html = models.TextField(editable=False, default="")
    entries = models.ManyToManyField(
        Entry, through="IssueEntry", verbose_name=_("entries"), related_name="issues"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=IssueStatus.choices,
        default=IssueStatus.DRAFT,
        editable=False,
    )
    scheduled_at = models.DateTimeField(_("scheduled for"), null=True, blank=True, editable=False)
    send_started_at = models.DateTimeField(_("sending started"), null=True, editable=False)
    send_progress_at = models.DateTimeField(_("last sending progress"), null=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, editable=False)
    history = HistoricalRecords(excluded_fields=["intro_html", "send_progress_at"])

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["-number", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "number", "language"],
                name="issue_number_unique_per_newsletter_language",
                violation_error_message=_(
                    "This newsletter already has an issue with this number in this language."
                ),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="issue_number_positive"),
            models.CheckConstraint(
                condition=~Q(status=IssueStatus.SCHEDULED) | Q(scheduled_at__isnull=False),
                name="issue_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[IssueStatus.SENDING, IssueStatus.SENT])
                | Q(send_started_at__isnull=False),
                name="issue_sending_has_start",
            ),
            models.CheckConstraint(
                condition=~Q(status=IssueStatus.SENT) | Q(sent_at__isnull=False),
                name="issue_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.newsletter} No. {self.number} ({self.language}): {self.title}"

    def get_absolute_url(self):
        return reverse(
            "newsletters:issue",
            kwargs={"slug": self.newsletter.slug, "number": self.number, "language": self.language},
        )

    @property
    def is_published(self):
        return self.status in (IssueStatus.SENDING, IssueStatus.SENT)

    @property
    def is_editable(self):
        return self.status in (IssueStatus.DRAFT, IssueStatus.SCHEDULED)

    @staticmethod
    def clean_editable(status):
        """Once its send has started, an issue is a record: it cannot change."""
        if status in (IssueStatus.SENDING, IssueStatus.SENT):
            raise ValidationError(_("This issue has gone out and can no longer be changed."))

    def clean(self):
        super().clean()
        if self.pk:
            stored = Issue.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            self.clean_editable(stored)

    def save(self, *args, **kwargs):
        self.intro_html = render_markdown(self.intro)
        super().save(*args, **kwargs)


class IssueEntry(models.Model):
    """An entry's place in an issue."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="issue_entries")
    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="issue_entries"
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("entry of the issue")
        verbose_name_plural = _("entries of the issue")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "entry"], name="issue_entry_once"),
        ]

    def __str__(self):
        return str(self.entry)


class SubscriptionQuerySet(VisibleQuerySet):
    def visible_to(self, viewer):
        """Subscriptions are personal data: staff see all, a member sees their
        own (linked to their Person), everyone else none."""
        viewer = viewer_for(viewer)
        if viewer.is_staff:
            return self.all()
        if viewer.person_id is not None:
            return self.filter(person_id=viewer.person_id)
        return self.none()

    def bounced_or_complained(self):
        """Addresses suspended after a hard bounce or a spam complaint and not
        unsubscribed since: someone should find the person a working address."""
        return self.filter(
            suspended_at__isnull=False,
            unsubscribed_at__isnull=True,
            suspension_reason__in=[SuspensionReason.HARD_BOUNCE, SuspensionReason.COMPLAINT],
        )

    def active(self):
        """Confirmed, not unsubscribed, not suspended: who receives issues."""
        return self.filter(
            confirmed_at__isnull=False, unsubscribed_at__isnull=True, suspended_at__isnull=True
        )


class Subscription(TimeStampedModel):
    """An address that asked for a newsletter. It receives issues once
    confirmed (double opt-in) and until it unsubscribes or is suspended after
    a hard bounce or a complaint. ``token`` is the secret of its personal
    unsubscribe link."""

    newsletter = models.ForeignKey(
        Newsletter,
        verbose_name=_("newsletter"),
        on_delete=models.PROTECT,
        related_name="subscriptions",
    )
    email = models.EmailField(_("email"))
    person = models.ForeignKey(
        "focalpoints.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    requested_at = models.DateTimeField(
        _("consent requested"), default=timezone.now, editable=False
    )
    confirmed_at = models.DateTimeField(_("consent confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)
    suspension_reason = models.CharField(
        _("suspension reason"), max_length=16, choices=SuspensionReason.choices, blank=True
    )
    suspension_detail = models.TextField(
        _("suspension detail"), validators=[text_cap(SHORT_TEXT)], blank=True
    )
    # The nonce of the confirmation link last sent: a link is good once, and
    # only the newest one is.
    confirmation_nonce = models.CharField(max_length=32, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["token", "confirmation_nonce"])

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "email"],
                name="subscription_one_per_address",
                violation_error_message=_("This address already has a subscription."),
            ),
            models.CheckConstraint(
                condition=Q(suspended_at__isnull=True, suspension_reason="")
                | (Q(suspended_at__isnull=False) & ~Q(suspension_reason="")),
                name="subscription_suspension_has_reason",
                violation_error_message=_("A suspension needs its reason, and only then."),
            ),
        ]

    def __str__(self):
        return self.email

    @property
    def is_active(self):
        return bool(self.confirmed_at and not self.unsubscribed_at and not self.suspended_at)

    @property
    def state(self):
        if self.suspended_at:
            return _("suspended")
        if self.unsubscribed_at:
            return _("unsubscribed")
        if self.confirmed_at:
            return _("active")
        return _("awaiting confirmation")

    @property
    def masked_email(self):
        """The address as a page shows it to whoever holds the link: enough to
        recognise, not enough to harvest."""
        local, _at, domain = self.email.partition("@")
        return f"{local[:1]}…@{domain}"

    def unsubscribe_url(self):
        return settings.SITE_URL + reverse("newsletters:unsubscribe", kwargs={"token": self.token})

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)


def normalise_email(address):
    """Addresses are compared without case: "Ana@Example.org" is ana@example.org."""
    return (address or "").strip().lower()


class DeliveryQuerySet(VisibleQuerySet):
    def visible_to(self, viewer):
        viewer = viewer_for(viewer)
        if viewer.is_staff:
            return self.all()
        if viewer.person_id is not None:
            return self.filter(subscription__person_id=viewer.person_id)
        return self.none()

    def due(self, now=None):
        """Pending deliveries whose next attempt time has come."""
        now = now or timezone.now()
        return self.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)


class Delivery(TimeStampedModel):
    """One copy of an issue for one subscription: created for every active
    subscriber when the send starts, then sent once by the worker.

    The database refuses a second delivery of an issue to a subscription, and
    a second language version of the same edition (``newsletter``, ``number``
    copy the issue's) to the same subscription.
    """

    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.PROTECT, related_name="deliveries"
    )
    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("edition"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), validators=[text_cap(SHORT_TEXT)], blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Assigned when the delivery is created, so that a copy sent again after
    # a crash carries the same Message-ID (mailbox providers fold duplicates).
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscription"], name="delivery_once_per_issue_subscription"
            ),
            models.UniqueConstraint(
                fields=["subscription", "newsletter", "number"],
                name="delivery_one_version_per_edition",
            ),
            models.CheckConstraint(
                condition=~Q(status=DeliveryStatus.SENT) | Q(sent_at__isnull=False),
                name="delivery_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["issue", "status", "next_attempt_at"], name="delivery_due"),
        ]

    def __str__(self):
        return f"{self.issue_id} → {self.subscription_id} ({self.status})"


class AudienceMessage(TimeStampedModel):
    """A one-off message from the secretariat to a saved audience ("to every
    focal point of Western Africa"), outside the newsletter: written in
    Markdown (sanitised like the newsletter's), previewed, then sent once to
    each person the audience reaches when the send starts.

    *Optional* messages carry an unsubscribe link and leave out people who
    opted out of optional mail; a message that is not optional is
    operational (a practical notice about a meeting) and has no such link.
    """

    audience = models.ForeignKey(
        "focalpoints.Audience",
        verbose_name=_("audience"),
        on_delete=models.PROTECT,
        related_name="messages",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("message"),
        validators=[text_cap(DOCUMENT_TEXT)],
        help_text=_("Markdown: *emphasis*, lists, [links](…)."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    optional = models.BooleanField(
        _("optional"),
        default=True,
        help_text=_(
            "Optional messages carry an unsubscribe link and leave out people who opted "
            "out of optional mail. Untick only for operational mail."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.DRAFT
    )
    send_started_at = models.DateTimeField(_("send started"), null=True, blank=True)
    send_progress_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("message to an audience")
        verbose_name_plural = _("messages to an audience")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @property
    def body_html(self):
        return render_markdown(self.body)


class MessageDeliveryQuerySet(VisibleQuerySet):
    def visible_to(self, viewer):
        viewer = viewer_for(viewer)
        if viewer.is_staff:
            return self.all()
        if viewer.person_id is not None:
            return self.filter(person_id=viewer.person_id)
        return self.none()


class MessageDelivery(TimeStampedModel):
    """One copy of a message to an audience for one person: created for each
    person reached in the transaction that starts the send, then sent once
    by the newsletter's worker (newsletters.services.sending). The database
    refuses a second copy of a message to a person.

    ``email`` and ``reason`` (the footer's "you receive this as …") are the
    ones of the moment the send started."""

    audience_message = models.ForeignKey(
        AudienceMessage,
        verbose_name=_("message"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    person = models.ForeignKey(
        "focalpoints.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="message_deliveries",
    )
    email = models.EmailField(_("email"), max_length=254)
    reason = models.CharField(_("why they receive it"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), validators=[text_cap(SHORT_TEXT)], blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # As for Delivery: a copy sent again after a crash keeps its Message-ID.
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)

    objects = MessageDeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("copy of a message")
        verbose_name_plural = _("copies of messages")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["audience_message", "person"], name="message_delivery_once_per_person"
            ),
            models.CheckConstraint(
                condition=~Q(status=DeliveryStatus.SENT) | Q(sent_at__isnull=False),
                name="message_delivery_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["audience_message", "status", "next_attempt_at"],
                name="message_delivery_due",
            ),
        ]

    def __str__(self):
        return f"{self.audience_message_id} → {self.person_id} ({self.status})"
