"""People the network knows and the posts they hold for its members, the
audiences that name parts of them, and the requests to confirm their details.

Length: one module because the person, their posts, the audiences built from
those posts and the verification requests are read together by every query
of the directory; each class is short.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from network.choices import MemberKind
from network.core.search import normalise
from network.core.validators import LONG_TEXT, SHORT_TEXT, single_line, text_cap
from network.core.visibility import viewer_for
from network.models import (
    Language,
    Member,
    Organisation,
    Region,
    Theme,
    TimeStampedModel,
    VisibleQuerySet,
    today,
)

from .choices import Gender, Role


def verification_cutoff(now=None):
    """Details confirmed before this moment are due for verification again."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.VERIFICATION_INTERVAL_DAYS)


class PersonQuerySet(VisibleQuerySet):
    def visible_to(self, viewer):
        """Members and staff see everyone; the public and partners see only
        people who consented to public listing."""
        viewer = viewer_for(viewer)
        if viewer.is_member:
            return self.all()
        return self.filter(public_listing=True)

    def focal_points(self, on=None):
        """People holding a current focal point appointment."""
        return self.filter(
            pk__in=Appointment.objects.current(on).filter(role=Role.FOCAL_POINT).values("person")
        )

    def due_for_verification(self, now=None):
        """People whose details nobody has confirmed within the verification interval."""
        cutoff = verification_cutoff(now)
        return self.filter(Q(verified_at__isnull=True) | Q(verified_at__lt=cutoff))


class Person(TimeStampedModel):
    """Anyone the network knows: focal points, alternates, speakers,
    civil-society guests, secretariat staff. What they do for whom is in their
    Appointments; a focal point is a Person with a current focal point
    appointment."""

    honorific = models.CharField(
        _("honorific"),
        max_length=40,
        blank=True,
        validators=[single_line],
        help_text=_("Ms., Mr., Ambassador, Senator …"),
    )
    # One line each: a name goes into email headers, vCards and logs.
    given_name = models.CharField(_("given name"), max_length=100, validators=[single_line])
    family_name = models.CharField(
        _("family name"), max_length=100, blank=True, validators=[single_line]
    )
    gender = models.CharField(
        _("gender"),
        max_length=12,
        choices=Gender.choices,
        blank=True,
        help_text=_("Optional; seen by staff and the person only."),
    )
    email = models.EmailField(_("email"), blank=True, help_text=_("Main contact address."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.ManyToManyField(
        Language, verbose_name=_("working languages"), blank=True, related_name="people"
    )
    expertise = models.ManyToManyField(
        Theme, verbose_name=_("expertise"), blank=True, related_name="experts"
    )
    bio = models.TextField(_("biography"), validators=[text_cap(LONG_TEXT)], blank=True)
    public_listing = models.BooleanField(
        _("listed publicly"),
        default=False,
        help_text=_("The person consents to their name and position appearing on public pages."),
    )
    public_listing_changed_at = models.DateTimeField(
        _("public listing consent changed"), null=True, blank=True, editable=False
    )
    verified_at = models.DateTimeField(_("details verified"), null=True, blank=True)
    do_not_contact = models.BooleanField(
        _("do not contact"),
        default=False,
        help_text=_(
            "The person asked not to be written to: audiences leave them out of "
            "invitations and messages."
        ),
    )
    email_bounced_at = models.DateTimeField(
        _("address bounced"),
        null=True,
        blank=True,
        help_text=_(
            "When mail to their address last bounced for good; audiences leave them out "
            "until it is cleared."
        ),
    )
    optional_mail_opted_out_at = models.DateTimeField(
        _("opted out of optional mail"),
        null=True,
        blank=True,
        help_text=_(
            "When they unsubscribed from optional messages to audiences; operational mail "
            "(invitations, verification) still reaches them."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    notes = models.TextField(
        _("notes"), validators=[text_cap(LONG_TEXT)], blank=True, help_text=_("Seen by staff only.")
    )
    search_text = models.TextField(editable=False, default="")
    # What the public may find a person by: the search text less expertise
    # (a members' field), so that a public search neither reveals it nor
    # scans every post for it (build_search_texts).
    public_search_text = models.TextField(editable=False, default="")
    history = HistoricalRecords(excluded_fields=["search_text", "public_search_text"])

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            # Lists are in this order: a page of 100,000 people reads 100 index
            # entries instead of sorting the table (docs/performance.md).
            models.Index(fields=["family_name", "given_name", "id"], name="person_name_order"),
            # The public's count of people (the API's lists) reads this small
            # index alone instead of the table: 31 → 5 ms at 100,000 people,
            # for the first reader after any save (docs/performance.md, run 8).
            models.Index(fields=["id"], condition=Q(public_listing=True), name="person_public_ids"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def full_name(self):
        """The name with its honorific, as a programme prints it."""
        return " ".join(part for part in (self.honorific, self.name) if part)

    def get_absolute_url(self):
        return reverse("focalpoints:person", kwargs={"pk": self.pk})

    @staticmethod
    def url_format():
        """The URL of a person's page with ``{}`` for the id: lists of hundreds
        of people reverse it once rather than once a person."""
        return reverse("focalpoints:person", kwargs={"pk": 4321}).replace("4321", "{}")

    def build_search_texts(self):
        """The normalised texts the directory searches: for the public, the
        name and, for each appointment, its member, organisation and position;
        for members, the same plus expertise (``search_text``).

        No email address or phone number: the public may search the people
        who consented to be listed, and a search must not confirm a guessed
        address."""
        parts = [self.given_name, self.family_name]
        expertise = []
        if self.pk:
            for appointment in self.appointments.select_related("member", "organisation"):
                parts += [
                    appointment.member.name if appointment.member else "",
                    appointment.member.acronym if appointment.member else "",
                    appointment.organisation.name if appointment.organisation else "",
                    appointment.position,
                ]
            expertise = [theme.name for theme in self.expertise.all()]
        return normalise(*parts), normalise(*parts, *expertise)

    def refresh_search_text(self):
        """Recompute the search texts after appointments or expertise change."""
        public, text = self.build_search_texts()
        if (public, text) != (self.public_search_text, self.search_text):
            self.public_search_text, self.search_text = public, text
            Person.objects.filter(pk=self.pk).update(search_text=text, public_search_text=public)

    def save(self, *args, **kwargs):
        if self.pk:
            previous = (
                Person.objects.filter(pk=self.pk).values_list("public_listing", flat=True).first()
            )
            if previous is not None and previous != self.public_listing:
                self.public_listing_changed_at = timezone.now()
        elif self.public_listing:
            self.public_listing_changed_at = timezone.now()
        self.public_search_text, self.search_text = self.build_search_texts()
        super().save(*args, **kwargs)


class AppointmentQuerySet(VisibleQuerySet):
    def visible_to(self, viewer):
        """The public and partners see appointments of publicly listed people."""
        viewer = viewer_for(viewer)
        if viewer.is_member:
            return self.all()
        return self.filter(person__public_listing=True)

    def current(self, on=None):
        """Appointments held on the given day (today by default): started on or
        before it, and not yet ended. ``end_on`` is the first day no longer held.
        A post known only from a dated record (``as_of``) is not current: the
        record shows it then, not now."""
        on = on or today()
        return self.filter(
            Q(start_on__isnull=True) | Q(start_on__lte=on),
            Q(end_on__isnull=True) | Q(end_on__gt=on),
            as_of__isnull=True,
        )

    def dated(self):
        """Posts known only from a dated record ("as of April 2017")."""
        return self.filter(as_of__isnull=False, end_on__isnull=True)

    def former(self, on=None):
        on = on or today()
        return self.filter(end_on__lte=on)


class Appointment(TimeStampedModel):
    """A post a Person holds for a Member: focal point, alternate, delegate,
    secretariat or observer, in an organisation and with a position title,
    from ``start_on`` until ``end_on`` (exclusive; blank while held). Guests
    from organisations outside the network (researchers, NGOs) hold an
    observer post with an organisation and no member.

    Rotation ends one appointment and starts another, so history stays — as in
    Popolo's Membership. Work contact details belong to the post, not the
    person: they change when the person moves on.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="appointments"
    )
    # Blank for guests whose organisation is not a member of the network
    # (researchers, NGOs); then the organisation says where they work.
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    work_email = models.EmailField(_("work email"), blank=True)
    phone = models.CharField(_("work phone"), max_length=40, blank=True)
    start_on = models.DateField(_("from"), null=True, blank=True)
    end_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("The first day the post is no longer held.")
    )
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Where these facts come from.")
    )
    as_of = models.DateField(
        _("as of"),
        null=True,
        blank=True,
        help_text=_(
            "For a post known only from a dated record: the day that record shows it held. "
            "Such a post is never shown as current; clear this once its holder confirms it."
        ),
    )
    as_of_source = models.CharField(
        _("as of, according to"),
        max_length=100,
        blank=True,
        help_text=_("The record's short name, e.g. “Chair's Summary”."),
    )
    notes = models.TextField(
        _("notes"), validators=[text_cap(LONG_TEXT)], blank=True, help_text=_("Seen by staff only.")
    )
    history = HistoricalRecords()

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["member__name", "role", "-start_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True)
                | Q(start_on__isnull=True)
                | Q(end_on__gt=F("start_on")),
                name="appointment_ends_after_it_starts",
                violation_error_message=_("An appointment must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | Q(organisation__isnull=False),
                name="appointment_has_member_or_organisation",
                violation_error_message=_("An appointment needs a member or an organisation."),
            ),
            models.UniqueConstraint(
                fields=["person", "member", "role"],
                condition=Q(end_on__isnull=True),
                name="appointment_one_open_per_person_member_role",
                violation_error_message=_("This person already holds this role for this member."),
            ),
        ]
        indexes = [
            models.Index(fields=["member", "role"], name="appointment_member_role"),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}, {self.member or self.organisation}"

    def get_absolute_url(self):
        return self.person.get_absolute_url()

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The directory searches people by the posts they hold.
        self.person.refresh_search_text()

    def delete(self, *args, **kwargs):
        person = self.person
        result = super().delete(*args, **kwargs)
        person.refresh_search_text()
        return result

    def is_current_on(self, on=None):
        on = on or today()
        return (
            self.as_of is None
            and (self.start_on is None or self.start_on <= on)
            and (self.end_on is None or self.end_on > on)
        )

    @property
    def is_dated(self):
        """Known only from a dated record, and not recorded as ended."""
        return self.as_of is not None and self.end_on is None

    @property
    def as_of_display(self):
        """ "as of April 2017 (Chair's Summary)"."""
        when = date_format(self.as_of, "YEAR_MONTH_FORMAT")
        if self.as_of_source:
            return _("as of %(date)s (%(source)s)") % {"date": when, "source": self.as_of_source}
        return _("as of %(date)s") % {"date": when}

    @property
    def is_current(self):
        return self.is_current_on()

    @staticmethod
    def clean_period(start_on, end_on):
        """An appointment ends after it starts (the check constraint's rule)."""
        if start_on and end_on and end_on <= start_on:
            raise ValidationError({"end_on": _("An appointment must end after it starts.")})

    @staticmethod
    def clean_overlap(person, member, role, start_on, end_on, exclude_pk=None):
        """A person cannot hold the same role for the same member twice at once."""
        if person is None or member is None or not role:
            return
        others = Appointment.objects.filter(person=person, member=member, role=role)
        if exclude_pk:
            others = others.exclude(pk=exclude_pk)
        if end_on:
            others = others.filter(Q(start_on__isnull=True) | Q(start_on__lt=end_on))
        if start_on:
            others = others.filter(Q(end_on__isnull=True) | Q(end_on__gt=start_on))
        if others.exists():
            # Named on the role, as the database constraint that backs this rule
            # names it: full_clean() then skips that constraint instead of
            # repeating the message, and forms and import previews can point at
            # a field.
            raise ValidationError(
                {
                    "role": _("%(person)s already holds this role for %(member)s in that period.")
                    % {"person": person, "member": member}
                }
            )

    def clean(self):
        super().clean()
        if not self.member_id and not self.organisation_id:
            raise ValidationError(
                {"member": _("An appointment needs a member or an organisation.")}
            )
        self.clean_period(self.start_on, self.end_on)
        self.clean_overlap(
            self.person if self.person_id else None,
            self.member if self.member_id else None,
            self.role,
            self.start_on,
            self.end_on,
            exclude_pk=self.pk,
        )


class Audience(TimeStampedModel):
    """A named part of the directory that invitations and messages go to: the
    focal points of Western Africa, the delegations of the 2017 meeting, the
    members without an active plan …

    Criteria of one kind are alternatives (any of the chosen regions); criteria
    of different kinds must all hold. The post criteria (member, kind, region,
    role, without an active plan) must hold for one and the same post. Who it
    reaches is computed when it is used (focalpoints.audiences.resolve), never
    stored: the directory changes between two sends."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), validators=[text_cap(SHORT_TEXT)], blank=True)
    members = models.ManyToManyField(
        Member, verbose_name=_("members"), blank=True, related_name="audiences"
    )
    member_kinds = models.JSONField(
        _("kinds of member"), default=list, blank=True, help_text=_("Any of these kinds.")
    )
    regions = models.ManyToManyField(
        Region,
        verbose_name=_("regions"),
        blank=True,
        related_name="audiences",
        help_text=_("Members in these regions or any region below them."),
    )
    roles = models.JSONField(
        _("roles"), default=list, blank=True, help_text=_("Posts of any of these roles.")
    )
    current_posts_only = models.BooleanField(
        _("current posts only"),
        default=True,
        help_text=_("Leave on to reach who holds the post now, not who held it before."),
    )
    without_active_plan = models.BooleanField(
        _("members without an active plan"),
        default=False,
        help_text=_("Only posts of members with no active national or regional action plan."),
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("working languages"), blank=True, related_name="audiences"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("expertise"), blank=True, related_name="audiences"
    )
    # By name, not import: the directory sits on a floor below the meetings.
    meetings = models.ManyToManyField(
        "meetings.Meeting",
        verbose_name=_("took part in"),
        blank=True,
        related_name="audiences",
        help_text=_(
            "People registered for these meetings, and the posts of the members whose "
            "delegations took part."
        ),
    )
    working_group = models.ForeignKey(
        "meetings.Session",
        verbose_name=_("working group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audiences",
        limit_choices_to={"kind": "working_group"},
        help_text=_("People with a part in this working group session."),
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @staticmethod
    def clean_choices(member_kinds, roles):
        """Kinds and roles are lists of the known values."""
        errors = {}
        kinds = {value for value, _label in MemberKind.choices}
        if not isinstance(member_kinds, list) or set(member_kinds) - kinds:
            errors["member_kinds"] = _("Choose kinds of member from the list.")
        known_roles = {value for value, _label in Role.choices}
        if not isinstance(roles, list) or set(roles) - known_roles:
            errors["roles"] = _("Choose roles from the list.")
        if errors:
            raise ValidationError(errors)

    def clean(self):
        super().clean()
        self.clean_choices(self.member_kinds, self.roles)


class VerificationRequestQuerySet(VisibleQuerySet):
    def visible_to(self, viewer):
        """Who was asked to confirm their details, and when: staff only."""
        viewer = viewer_for(viewer)
        return self.all() if viewer.is_staff else self.none()

    def unanswered(self):
        return self.filter(answered_at__isnull=True)


class VerificationRequest(TimeStampedModel):
    """One request to a person to confirm their details through a signed
    link: sent by staff or by the scheduled job when the entry is due
    (VERIFICATION_INTERVAL_DAYS), reminded while unanswered, answered when the
    person confirms (focalpoints.services.mark_verified). A person has at most
    one unanswered request, so the job run twice asks once."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="verification_requests",
    )
    sent_to = models.EmailField(_("sent to"), blank=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    by_schedule = models.BooleanField(_("sent by the schedule"), default=False)

    objects = VerificationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("verification request")
        verbose_name_plural = _("verification requests")
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(answered_at__isnull=True),
                name="verification_request_one_open_per_person",
                violation_error_message=_("This person already has an unanswered request."),
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.sent_at:%Y-%m-%d}"
