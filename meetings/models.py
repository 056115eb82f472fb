"""Meetings of the network, their agendas and delegations, who registers for
them, the commitments members pledge there and how those commitments fare.

Length: one module because the meeting, its sessions, registrations and
commitments are one aggregate whose rules (capacity, the waiting list, a
commitment's status from its updates) refer to each other; splitting it would
spread one model's save() over several files.
"""

import datetime
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from focalpoints.models import Audience, Person
from network.choices import DocumentAudience
from network.core import uploads
from network.core.search import normalise
from network.core.translations import every_text
from network.core.validators import DOCUMENT_TEXT, LONG_TEXT, SHORT_TEXT, text_cap
from network.core.visibility import viewer_for
from network.models import (
    DocumentQuerySet,
    Member,
    Theme,
    TimeStampedModel,
    VisibleQuerySet,
    today,
)

from . import letters
from .choices import (
    PLACE_HOLDING_STATUSES,
    CommitmentStatus,
    DocumentKind,
    InvitationStatus,
    MeetingKind,
    MeetingStatus,
    RegistrationStatus,
    SessionKind,
    SessionRoleKind,
)


def validate_time_zone(value):
    """An IANA time zone name that this machine's tz database knows."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValidationError(
            _("%(value)r is not an IANA time zone name such as Europe/Madrid."),
            params={"value": value},
            code="invalid_time_zone",
        ) from None


class MeetingQuerySet(VisibleQuerySet):
    def upcoming(self, on=None):
        """Meetings that have not ended by ``on`` (today by default), including
        planned meetings whose dates are not fixed yet; soonest first."""
        on = on or today()
        return self.filter(
            Q(end_date__gte=on) | Q(start_date__isnull=True, status=MeetingStatus.PLANNED)
        ).order_by(F("start_date").asc(nulls_last=True), "title")

    def past(self, on=None):
        """Meetings that ended before ``on``, and held meetings whose exact dates
        the record does not give; most recent first."""
        on = on or today()
        return self.filter(
            Q(end_date__lt=on) | (Q(start_date__isnull=True) & ~Q(status=MeetingStatus.PLANNED))
        ).order_by(F("year").desc(nulls_last=True), F("start_date").desc(nulls_first=True))


class Meeting(TimeStampedModel):
    """A gathering of the network: a capital-level network meeting, a
    ministerial or expert meeting, a briefing, a side event or a virtual
    session. It has hosts and chairs (members), a place and a time zone, dates
    (unknown for some past meetings: the public record does not always give
    them), an agenda of Sessions, the delegations of the members that took
    part, individual Registrations when the secretariat runs registration,
    and the Commitments members pledged there."""

    kind = models.CharField(
        _("kind"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.NETWORK
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    hosts = models.ManyToManyField(
        Member, verbose_name=_("hosts"), blank=True, related_name="hosted_meetings"
    )
    chairs = models.ManyToManyField(
        Member, verbose_name=_("chairs"), blank=True, related_name="chaired_meetings"
    )
    chairs_note = models.CharField(
        _("note on the chairs"),
        max_length=200,
        blank=True,
        help_text=_("How the source describes them, e.g. “co-organisers” or “troika”."),
    )
    participants = models.ManyToManyField(
        Member,
        verbose_name=_("members that took part"),
        through="Delegation",
        blank=True,
        related_name="meetings_attended",
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("IANA name, e.g. Europe/Madrid; session times are local to it."),
    )
    start_date = models.DateField(_("first day"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Set from the first day; give it alone when only the year is known."),
    )
    dates_note = models.CharField(
        _("note on the dates"),
        max_length=255,
        blank=True,
        help_text=_("Say so when the record gives no exact dates."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Places for registrations; blank for no limit. When full, people wait."),
    )
    registration_open = models.BooleanField(_("registration open"), default=False)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    summary = models.TextField(_("summary"), validators=[text_cap(DOCUMENT_TEXT)], blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    search_text = models.TextField(editable=False, default="")
    # History is registered in translation.py, once the translation columns exist
    # (django-simple-history's documented way with django-modeltranslation).

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = [F("start_date").desc(nulls_last=True), "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True, end_date__isnull=True)
                | Q(
                    start_date__isnull=False, end_date__isnull=False, end_date__gte=F("start_date")
                ),
                name="meeting_ends_on_or_after_it_starts",
                violation_error_message=_("A meeting's last day cannot come before its first."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="meeting_registration_closes_after_it_opens",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="meeting_capacity_positive",
                violation_error_message=_("Capacity must be at least one place."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:meeting", kwargs={"slug": self.slug})

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def days(self):
        """Every day of the meeting, first to last (empty when dates are unknown)."""
        if not self.start_date or not self.end_date:
            return []
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + datetime.timedelta(days=n) for n in range(count)]

    @property
    def place(self):
        return ", ".join(str(part) for part in (self.city, self.country.name) if part)

    def is_past(self, on=None):
        on = on or today()
        if self.end_date:
            return self.end_date < on
        return self.status != MeetingStatus.PLANNED

    def registration_problem(self, now=None):
        """Why registration is not possible now, or None when it is."""
        now = now or timezone.now()
        if self.status == MeetingStatus.CANCELLED:
            return _("This meeting has been cancelled.")
        if self.status == MeetingStatus.HELD or (self.end_date and self.end_date < today()):
            return _("This meeting has already taken place.")
        if not self.registration_open:
            return _("Registration for this meeting is not open.")
        if self.registration_opens_at and now < self.registration_opens_at:
            return _("Registration for this meeting has not opened yet.")
        if self.registration_closes_at and now >= self.registration_closes_at:
            return _("Registration for this meeting has closed.")
        return None

    def is_registration_open(self, now=None):
        return self.registration_problem(now) is None

    # Paths under /meetings/ that a meeting's slug must not take.
    RESERVED_SLUGS = frozenset({"my-registrations"})

    @staticmethod
    def clean_slug(slug):
        if slug in Meeting.RESERVED_SLUGS:
            raise ValidationError({"slug": _("This slug is reserved; choose another.")})

    @property
    def dates_display(self):
        """ "26–27 April 2017", "30 March – 2 April 2025", or the year alone."""
        start, end = self.start_date, self.end_date
        if not start:
            return str(self.year) if self.year else ""
        # Date formats (Django's letters) are translated: "26 de abril de 2017".
        day_month_year, day_month = gettext("j F Y"), gettext("j F")
        if not end or end == start:
            return date_format(start, day_month_year)
        if (start.year, start.month) == (end.year, end.month):
            return f"{date_format(start, 'j')}–{date_format(end, day_month_year)}"
        if start.year == end.year:
            return f"{date_format(start, day_month)} – {date_format(end, day_month_year)}"
        return f"{date_format(start, day_month_year)} – {date_format(end, day_month_year)}"

    @staticmethod
    def clean_dates(start_date, end_date, year):
        if end_date and not start_date:
            raise ValidationError({"start_date": _("Give the first day as well as the last.")})
        if start_date and end_date and end_date < start_date:
            raise ValidationError(
                {"end_date": _("A meeting's last day cannot come before its first.")}
            )
        if start_date and year and year != start_date.year:
            raise ValidationError({"year": _("The year must be the year of the first day.")})

    @staticmethod
    def clean_registration_window(opens_at, closes_at):
        if opens_at and closes_at and closes_at <= opens_at:
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )

    @staticmethod
    def clean_sessions_within(meeting_pk, start_date, end_date):
        """Changing a meeting's dates must not strand sessions outside them."""
        if not meeting_pk:
            return
        sessions = Session.objects.filter(meeting_id=meeting_pk)
        if start_date and end_date:
            outside = sessions.filter(Q(day__lt=start_date) | Q(day__gt=end_date))
        else:
            outside = sessions
        if outside.exists():
            raise ValidationError(
                {
                    "start_date": ngettext_lazy(
                        "%(count)d session would fall outside the meeting's dates; move it first.",
                        "%(count)d sessions would fall outside the meeting's dates; "
                        "move them first.",
                        "count",
                    )
                    % {"count": outside.count()}
                }
            )

    def clean(self):
        super().clean()
        if self.start_date and not self.end_date:
            self.end_date = self.start_date
        if self.start_date:
            # The year follows the first day; it is given alone only without dates.
            self.year = self.start_date.year
        self.clean_slug(self.slug)
        self.clean_dates(self.start_date, self.end_date, self.year)
        self.clean_registration_window(self.registration_opens_at, self.registration_closes_at)
        self.clean_sessions_within(self.pk, self.start_date, self.end_date)

    def save(self, *args, **kwargs):
        if self.start_date and not self.end_date:
            self.end_date = self.start_date
        if self.start_date:
            self.year = self.start_date.year
        self.search_text = normalise(
            *every_text(self, "title"),
            self.city,
            self.country.name if self.country else "",
            self.venue,
        )
        super().save(*args, **kwargs)


class Delegation(TimeStampedModel):
    """A member's taking part in a meeting, as the record states it. Past
    meetings are often known only by the countries and organisations present
    (a joint communiqué's list), not by the people, so this stands apart from
    individual registrations."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="delegations"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="delegations"
    )
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Where this presence is recorded.")
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="delegation_unique_per_meeting_and_member",
                violation_error_message=_("This member is already recorded at this meeting."),
            )
        ]

    def __str__(self):
        return f"{self.member} — {self.meeting}"


class MeetingDocument(TimeStampedModel):
    """A document of a meeting: agenda, concept note, chair's summary, joint
    communiqué, report — a link to where it is published, or an uploaded file."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("address"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="meetings/documents/%Y/", blank=True)
    language = models.CharField(
        _("language"), max_length=10, blank=True, help_text=_("ISO 639-1 code, e.g. en.")
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    audience = models.CharField(
        _("who may read it"),
        max_length=10,
        choices=DocumentAudience.choices,
        default=DocumentAudience.PUBLIC,
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""),
                name="meeting_document_has_url_or_file",
                violation_error_message=_("A document needs an address or a file."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def href(self):
        """An uploaded file through the library's file view (which checks who
        may read it), else the document's address."""
        if self.file:
            return reverse("network:library_file", kwargs={"source": "meeting", "pk": self.pk})
        return self.url

    # Documents, spreadsheets, slides and pictures (network.core.uploads).
    FILE_EXTENSIONS = uploads.FILE_EXTENSIONS

    @staticmethod
    def clean_file(file):
        """An upload is one of FILE_EXTENSIONS, shows it by its first bytes, and
        is at most MEETING_DOCUMENT_MAX_BYTES."""
        uploads.check_document_upload(
            file, max_bytes=getattr(settings, "MEETING_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
        )

    def clean(self):
        super().clean()
        if not self.url and not self.file:
            raise ValidationError({"url": _("A document needs an address or a file.")})
        if self.file and not getattr(self.file, "_committed", True):
            # Only a new upload: a stored file was checked when it came in.
            self.clean_file(self.file)


class Session(TimeStampedModel):
    """One item of a meeting's agenda — a plenary, working group, panel or the
    closing — on one day of the meeting. Clock times are optional and local to
    the meeting's time zone: records of past meetings often give the order of
    sessions in a day but not their times, and none are invented."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="sessions"
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=SessionKind.choices, default=SessionKind.PLENARY
    )
    title = models.CharField(_("title"), max_length=255)
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("starts"), null=True, blank=True)
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Place in the day when times are not known.")
    )
    room = models.CharField(_("room"), max_length=100, blank=True)
    description = models.TextField(_("description"), validators=[text_cap(LONG_TEXT)], blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="sessions"
    )
    # The iCalendar UID: stable across edits, exports and database restores.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["day", F("start_time").asc(nulls_last=True), "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__gt=F("start_time")),
                name="session_ends_after_it_starts",
                violation_error_message=_("A session must end after it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#session-{self.pk}"

    @property
    def starts_at(self):
        """The aware start, in the meeting's time zone (None without a time)."""
        if self.start_time is None:
            return None
        return datetime.datetime.combine(self.day, self.start_time, tzinfo=self.meeting.zone)

    @property
    def ends_at(self):
        if self.end_time is None:
            return None
        return datetime.datetime.combine(self.day, self.end_time, tzinfo=self.meeting.zone)

    @staticmethod
    def clean_times(start_time, end_time):
        if end_time is not None and start_time is None:
            raise ValidationError({"start_time": _("Give the start time as well as the end.")})
        if start_time is not None and end_time is not None and end_time <= start_time:
            raise ValidationError({"end_time": _("A session must end after it starts.")})

    @staticmethod
    def clean_day_within_meeting(meeting, day):
        """A session lies within its meeting's dates."""
        if meeting is None or day is None:
            return
        if not meeting.start_date or not meeting.end_date:
            raise ValidationError(
                {"day": _("Set the meeting's dates before adding sessions to its agenda.")}
            )
        if not meeting.start_date <= day <= meeting.end_date:
            raise ValidationError(
                {
                    "day": _(
                        "The session's day must fall within the meeting (%(start)s to %(end)s)."
                    )
                    % {"start": meeting.start_date.isoformat(), "end": meeting.end_date.isoformat()}
                }
            )

    def clean(self):
        super().clean()
        self.clean_times(self.start_time, self.end_time)
        self.clean_day_within_meeting(self.meeting if self.meeting_id else None, self.day)


class SessionRole(TimeStampedModel):
    """Someone's part in a session as the agenda states it: moderator,
    facilitator, speaker, panellist, rapporteur, an intervention … with the
    affiliation the agenda gives. When the record names only a country or an
    organisation ("a representative from Germany"), the role names the member
    and no person. People in a public agenda are shown by name and role even
    without public-listing consent (DESIGN.md, Visibility)."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="roles"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="session_roles",
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member represented"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="session_roles",
    )
    role = models.CharField(_("role"), max_length=16, choices=SessionRoleKind.choices)
    affiliation = models.CharField(
        _("affiliation"),
        max_length=500,
        blank=True,
        help_text=_("Position and organisation as the agenda states them."),
    )
    contribution = models.CharField(
        _("contribution"),
        max_length=255,
        blank=True,
        help_text=_("What they did, e.g. “Welcoming remarks”."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("session role")
        verbose_name_plural = _("session roles")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(member__isnull=False),
                name="session_role_names_person_or_member",
                violation_error_message=_("A role needs a person or the member they represent."),
            ),
            models.UniqueConstraint(
                fields=["session", "person", "role"],
                condition=Q(person__isnull=False),
                name="session_role_unique_per_person",
                violation_error_message=_("This person already has this role in this session."),
            ),
        ]

    def __str__(self):
        return f"{self.display_name} — {self.get_role_display()}"

    @property
    def display_name(self):
        """The person's name with honorific, or the member when no person is named."""
        if self.person_id:
            return self.person.full_name
        return _("Representative of %(member)s") % {"member": self.member}

    def clean(self):
        super().clean()
        if not self.person_id and not self.member_id:
            raise ValidationError(
                {"person": _("A role needs a person or the member they represent.")}
            )


class RegistrationQuerySet(VisibleQuerySet):
    def visible_to(self, viewer):
        """Registrations are personal (travel, access needs): a member sees
        their own, staff see all, the public none."""
        viewer = viewer_for(viewer)
        if viewer.is_staff:
            return self.all()
        if viewer.person_id is None:
            return self.none()
        return self.filter(person_id=viewer.person_id)

    def holding_places(self):
        return self.filter(status__in=PLACE_HOLDING_STATUSES)

    def waiting(self):
        return self.filter(status=RegistrationStatus.WAITING).order_by("waiting_position")

    def travel_or_visa_pending(self, on=None):
        """Registrations for a meeting not over by ``on`` (today) that ask for
        travel support or a visa letter and that the secretariat has not yet
        settled: still registered or waiting, not confirmed (staff confirm a
        registration once its travel and visa are decided)."""
        on = on or today()
        return self.filter(
            Q(travel_support=True) | Q(visa_letter=True),
            Q(meeting__end_date__gte=on)
            | Q(meeting__end_date__isnull=True, meeting__status=MeetingStatus.PLANNED),
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
        ).exclude(meeting__status=MeetingStatus.CANCELLED)


class Registration(TimeStampedModel):
    """A person's registration for a meeting: from invitation through
    registration (or the waiting list when the meeting is full) and the
    secretariat's confirmation to attendance — or declined, cancelled. It
    carries what the secretariat needs to organise the trip: travel support,
    a visa letter, arrival and departure, access needs. Personal: only the
    person and staff see it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="registrations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="registrations"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("delegation of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    waiting_position = models.PositiveIntegerField(
        _("place on the waiting list"),
        null=True,
        blank=True,
        help_text=_("Lower is sooner; set while waiting, and only then."),
    )
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    travel_support = models.BooleanField(_("asks for travel support"), default=False)
    visa_letter = models.BooleanField(_("needs a visa invitation letter"), default=False)
    arrival_on = models.DateField(_("arrival"), null=True, blank=True)
    departure_on = models.DateField(_("departure"), null=True, blank=True)
    access_needs = models.TextField(
        _("access needs"),
        validators=[text_cap(SHORT_TEXT)],
        blank=True,
        help_text=_("Accessibility, dietary or other needs. Seen by the secretariat only."),
    )
    notes = models.TextField(
        _("notes"), validators=[text_cap(LONG_TEXT)], blank=True, help_text=_("Seen by staff only.")
    )
    history = HistoricalRecords()

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["status", "waiting_position", "registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="registration_unique_per_person_and_meeting",
                violation_error_message=_("This person is already registered for this meeting."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "waiting_position"],
                condition=Q(waiting_position__isnull=False),
                name="registration_unique_waiting_position",
                violation_error_message=_("Two people cannot share a place on the waiting list."),
            ),
            models.CheckConstraint(
                condition=Q(status=RegistrationStatus.WAITING, waiting_position__isnull=False)
                | (~Q(status=RegistrationStatus.WAITING) & Q(waiting_position__isnull=True)),
                name="registration_waiting_position_only_while_waiting",
                violation_error_message=_("Only a waiting registration has a waiting-list place."),
            ),
            models.CheckConstraint(
                condition=Q(arrival_on__isnull=True)
                | Q(departure_on__isnull=True)
                | Q(departure_on__gte=F("arrival_on")),
                name="registration_departs_on_or_after_arrival",
                violation_error_message=_("Departure cannot come before arrival."),
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status"], name="registration_meeting_status")]

    def __str__(self):
        return f"{self.person} — {self.meeting} ({self.get_status_display()})"

    @property
    def holds_place(self):
        return self.status in PLACE_HOLDING_STATUSES

    @staticmethod
    def clean_stay(meeting, arrival_on, departure_on):
        """Departure after arrival, and a stay that overlaps the meeting."""
        if arrival_on and departure_on and departure_on < arrival_on:
            raise ValidationError({"departure_on": _("Departure cannot come before arrival.")})
        if meeting is None or not meeting.start_date:
            return
        if arrival_on and arrival_on > meeting.end_date:
            raise ValidationError(
                {"arrival_on": _("Arrival cannot be after the meeting's last day.")}
            )
        if departure_on and departure_on < meeting.start_date:
            raise ValidationError(
                {"departure_on": _("Departure cannot be before the meeting's first day.")}
            )

    def clean(self):
        super().clean()
        self.clean_stay(
            self.meeting if self.meeting_id else None, self.arrival_on, self.departure_on
        )


class CommitmentQuerySet(VisibleQuerySet):
    def overdue(self, on=None):
        """Commitments still open (pledged or in progress) whose due date passed
        before ``on`` (today) with no progress reported since that date."""
        on = on or today()
        reported_since_due = CommitmentUpdate.objects.filter(
            commitment=models.OuterRef("pk"), reported_on__gte=models.OuterRef("due_on")
        )
        return self.filter(
            due_on__lt=on,
            status__in=[CommitmentStatus.PLEDGED, CommitmentStatus.IN_PROGRESS],
        ).exclude(models.Exists(reported_since_due))


class Commitment(TimeStampedModel):
    """A pledge a Member made at a Meeting ("Review the monitoring and
    evaluation framework …"), with its themes, its current status and a due
    date. Its CommitmentUpdates tell its story from one meeting to the next;
    the status here is the latest one they reported."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="commitments"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("made at"), on_delete=models.PROTECT, related_name="commitments"
    )
    text = models.TextField(_("commitment"), validators=[text_cap(LONG_TEXT)])
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="commitments"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PLEDGED,
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Place in the meeting's list of commitments.")
    )
    search_text = models.TextField(editable=False, default="")
    # History is registered in translation.py, once the translation columns exist
    # (django-simple-history's documented way with django-modeltranslation).

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = [F("meeting__start_date").desc(nulls_last=True), "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="commitment_has_text",
                violation_error_message=_("A commitment needs its text."),
            )
        ]

    def __str__(self):
        return f"{self.member}: {self.text[:80]}"

    def get_absolute_url(self):
        return reverse("meetings:commitment", kwargs={"pk": self.pk})

    @property
    def latest_update(self):
        """The last progress report (uses prefetched updates when there are)."""
        updates = list(self.updates.all())
        return max(updates, key=lambda u: (u.reported_on, u.pk)) if updates else None

    @staticmethod
    def clean_due_on(meeting, due_on):
        if meeting is not None and meeting.start_date and due_on and due_on < meeting.start_date:
            raise ValidationError(
                {"due_on": _("A commitment cannot fall due before the meeting it was made at.")}
            )

    def clean(self):
        super().clean()
        if not (self.text or "").strip():
            raise ValidationError({"text": _("A commitment needs its text.")})
        self.clean_due_on(self.meeting if self.meeting_id else None, self.due_on)

    def save(self, *args, **kwargs):
        # The text and who pledged it, so "norway civil society" finds it.
        self.search_text = normalise(
            *every_text(self, "text"), self.member.name, self.member.acronym, self.member.key
        )
        super().save(*args, **kwargs)


class CommitmentUpdate(TimeStampedModel):
    """A progress report on a commitment: what happened, the status it moved
    to (if it changed), when, at which later meeting it was reported, and who
    wrote it. Public, like the commitment; the author is shown to members."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="updates"
    )
    text = models.TextField(_("progress"), validators=[text_cap(LONG_TEXT)], blank=True)
    new_status = models.CharField(
        _("new status"),
        max_length=16,
        choices=CommitmentStatus.choices,
        blank=True,
        help_text=_("Leave blank if the status did not change."),
    )
    reported_on = models.DateField(_("reported on"), default=today)
    reported_at = models.ForeignKey(
        Meeting,
        verbose_name=_("reported at meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitment_updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitment_updates",
    )
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment update")
        verbose_name_plural = _("commitment updates")
        ordering = ["reported_on", "pk"]
        get_latest_by = ["reported_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(new_status=""),
                name="commitment_update_says_something",
                violation_error_message=_("An update needs a report of progress or a new status."),
            )
        ]

    def __str__(self):
        return f"{self.commitment} — {self.reported_on}"

    @staticmethod
    def clean_content(text, new_status):
        if not (text or "").strip() and not new_status:
            raise ValidationError(
                {"text": _("Describe the progress, or choose the commitment's new status.")}
            )

    @staticmethod
    def clean_reported_at(commitment, reported_at):
        """An update is reported at a later meeting than the one the pledge was made at."""
        if commitment is None or reported_at is None:
            return
        made_at = commitment.meeting
        if reported_at.pk == made_at.pk:
            raise ValidationError(
                {
                    "reported_at": _(
                        "Choose a later meeting than the one the commitment was made at."
                    )
                }
            )
        if (
            made_at.start_date
            and reported_at.start_date
            and reported_at.start_date < made_at.start_date
        ):
            raise ValidationError(
                {
                    "reported_at": _(
                        "Choose a later meeting than the one the commitment was made at."
                    )
                }
            )

    @staticmethod
    def clean_reported_on(commitment, reported_on):
        if commitment is None or reported_on is None:
            return
        if commitment.meeting.start_date and reported_on < commitment.meeting.start_date:
            raise ValidationError(
                {"reported_on": _("An update cannot be dated before the commitment was made.")}
            )
        if reported_on > today():
            raise ValidationError({"reported_on": _("An update cannot be dated in the future.")})

    def clean(self):
        super().clean()
        commitment = self.commitment if self.commitment_id else None
        self.clean_content(self.text, self.new_status)
        self.clean_reported_at(commitment, self.reported_at)
        self.clean_reported_on(commitment, self.reported_on)


class ChairTermQuerySet(VisibleQuerySet):
    def covering(self, year):
        return self.filter(start_year__lte=year, end_year__gte=year)


class ChairTerm(TimeStampedModel):
    """The network's chairs (or co-chairs) for a year, or for consecutive years
    ("2020/2021: Canada and Uruguay"). The troika — outgoing, current and
    incoming chairs — is derived from these terms, not stored."""

    start_year = models.PositiveSmallIntegerField(_("from year"), unique=True)
    end_year = models.PositiveSmallIntegerField(_("to year"))
    members = models.ManyToManyField(Member, verbose_name=_("chairs"), related_name="chair_terms")
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("What the source does and does not say, when it is not plain."),
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)

    objects = ChairTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("chair term")
        verbose_name_plural = _("chairs by year")
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="chair_term_ends_on_or_after_it_starts",
                violation_error_message=_("A term cannot end before the year it starts."),
            )
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        if self.end_year == self.start_year:
            return str(self.start_year)
        return f"{self.start_year}/{self.end_year}"

    @staticmethod
    def clean_years(start_year, end_year, exclude_pk=None):
        if start_year and end_year and end_year < start_year:
            raise ValidationError({"end_year": _("A term cannot end before the year it starts.")})
        if start_year and end_year:
            overlapping = ChairTerm.objects.filter(
                start_year__lte=end_year, end_year__gte=start_year
            )
            if exclude_pk:
                overlapping = overlapping.exclude(pk=exclude_pk)
            if overlapping.exists():
                raise ValidationError(
                    {"start_year": _("Another term already covers part of these years.")}
                )

    def clean(self):
        super().clean()
        self.clean_years(self.start_year, self.end_year, exclude_pk=self.pk)


class InvitationQuerySet(VisibleQuerySet):
    def visible_to(self, viewer):
        """Invitations are personal: staff see all, a person their own, the public none."""
        viewer = viewer_for(viewer)
        if viewer.is_staff:
            return self.all()
        if viewer.person_id is None:
            return self.none()
        return self.filter(person_id=viewer.person_id)

    def unanswered(self):
        return self.filter(status=InvitationStatus.UNANSWERED)

    def awaiting_answer(self):
        """Sent, not answered, for a meeting still ahead and not cancelled:
        the ones worth a reminder (the staff dashboard counts them)."""
        ahead = Meeting.objects.upcoming().exclude(status=MeetingStatus.CANCELLED)
        return self.unanswered().filter(sent_at__isnull=False, meeting__in=ahead.values("pk"))

    def unsent(self):
        return self.filter(sent_at__isnull=True)


class Invitation(TimeStampedModel):
    """The secretariat's invitation of one person to one meeting, sent by email
    in the person's working language with signed links to accept or decline.

    One per person and meeting (the database refuses a second), so inviting an
    audience again writes only to the people not yet invited. ``sent_at`` is
    set in the transaction that sends the mail: a send interrupted by a killed
    worker resumes with the rows still unsent. Accepting registers the person
    (``registration``), within the meeting's capacity or on its waiting list."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="invitations"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("delegation of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )
    audience = models.ForeignKey(
        Audience,
        verbose_name=_("audience"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        help_text=_("The audience the person was invited as part of, if any."),
    )
    status = models.CharField(
        _("answer"),
        max_length=12,
        choices=InvitationStatus.choices,
        default=InvitationStatus.UNANSWERED,
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    sent_to = models.EmailField(_("sent to"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting", "person__family_name", "person__given_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="invitation_once_per_meeting_and_person",
                violation_error_message=_("This person is already invited to this meeting."),
            ),
            models.CheckConstraint(
                condition=Q(status=InvitationStatus.UNANSWERED, answered_at__isnull=True)
                | (~Q(status=InvitationStatus.UNANSWERED) & Q(answered_at__isnull=False)),
                name="invitation_answer_has_time",
                violation_error_message=_("An answer needs its time, and only then."),
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status"], name="invitation_meeting_status")]

    def __str__(self):
        return f"{self.person} — {self.meeting} ({self.get_status_display()})"


class SentReminderQuerySet(VisibleQuerySet):
    def visible_to(self, viewer):
        """Which reminders went to whom: staff only."""
        viewer = viewer_for(viewer)
        return self.all() if viewer.is_staff else self.none()


class SentReminder(TimeStampedModel):
    """A scheduled reminder that went out: a meeting a week away to someone
    registered, registration closing to someone who has not answered an
    invitation, a commitment falling due to a focal point of its member.
    ``key`` names what it was for (kind, rows, and the due date for a
    commitment), unique, so that a job run twice sends once."""

    key = models.CharField(_("what for"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=32)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="reminders"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    sent_to = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    objects = SentReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]

    def __str__(self):
        return self.key


class LetterTemplate(TimeStampedModel):
    """The text of a visa support letter, in one language, that staff edit in
    the back office and print for a registration that asked for one. Subject
    and body hold plain text with the placeholders of meetings.letters
    (``{participant_name}``, ``{meeting_title}`` …), never template syntax:
    both are checked when saved (meetings/letters.py says why)."""

    name = models.CharField(_("name"), max_length=100, validators=[text_cap(SHORT_TEXT)])
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    subject = models.CharField(
        _("subject line"), max_length=255, validators=[letters.validate_letter_text]
    )
    body = models.TextField(
        _("body"),
        validators=[text_cap(LONG_TEXT), letters.validate_letter_text],
        help_text=format_lazy(
            "{} {}",
            _("Plain text; a blank line starts a new paragraph. Placeholders:"),
            letters.placeholder_help(),
        ),
    )
    signatory_name = models.CharField(_("signatory"), max_length=200)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visa letter template")
        verbose_name_plural = _("visa letter templates")
        ordering = ["name", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "language"],
                name="letter_template_unique_name_language",
                violation_error_message=_("A template of this name exists in this language."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.get_language_display()})"

    def save(self, *args, **kwargs):
        # Saved from code as well as the admin's form: the text is checked
        # either way, so no letter ever holds template syntax.
        letters.validate_letter_text(self.subject)
        letters.validate_letter_text(self.body)
        super().save(*args, **kwargs)
