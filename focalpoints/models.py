"""People the network knows and the posts they hold for its members."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from network.core.search import normalise
from network.core.validators import LONG_TEXT, single_line, text_cap
from network.core.visibility import viewer_for
from network.models import (
    Language,
    Member,
    Organisation,
    Theme,
    TimeStampedModel,
    VisibleQuerySet,
    today,
)

from .choices import Gender, Role


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
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=settings.VERIFICATION_INTERVAL_DAYS)
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
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            # Lists are in this order: a page of 100,000 people reads 100 index
            # entries instead of sorting the table (docs/performance.md).
            models.Index(fields=["family_name", "given_name", "id"], name="person_name_order"),
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

    def build_search_text(self):
        """The normalised text the directory searches: name, and for each
        appointment its member, organisation and position, plus expertise.

        No email address or phone number: the public may search the people
        who consented to be listed, and a search must not confirm a guessed
        address."""
        parts = [self.given_name, self.family_name]
        if self.pk:
            for appointment in self.appointments.select_related("member", "organisation"):
                parts += [
                    appointment.member.name if appointment.member else "",
                    appointment.member.acronym if appointment.member else "",
                    appointment.organisation.name if appointment.organisation else "",
                    appointment.position,
                ]
            parts += [theme.name for theme in self.expertise.all()]
        return normalise(*parts)

    def refresh_search_text(self):
        """Recompute the search text after appointments or expertise change."""
        text = self.build_search_text()
        if text != self.search_text:
            self.search_text = text
            Person.objects.filter(pk=self.pk).update(search_text=text)

    def save(self, *args, **kwargs):
        if self.pk:
            previous = (
                Person.objects.filter(pk=self.pk).values_list("public_listing", flat=True).first()
            )
            if previous is not None and previous != self.public_listing:
                self.public_listing_changed_at = timezone.now()
        elif self.public_listing:
            self.public_listing_changed_at = timezone.now()
        self.search_text = self.build_search_text()
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
        before it, and not yet ended. ``end_on`` is the first day no longer held."""
        on = on or today()
        return self.filter(
            Q(start_on__isnull=True) | Q(start_on__lte=on),
            Q(end_on__isnull=True) | Q(end_on__gt=on),
        )

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
        return (self.start_on is None or self.start_on <= on) and (
            self.end_on is None or self.end_on > on
        )

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
