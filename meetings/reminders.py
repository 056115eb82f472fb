"""Reminders the schedule sends about meetings and commitments.

- a week before a meeting, to everyone registered (registered, waiting,
  confirmed);
- registration closing within REGISTRATION_CLOSING_REMINDER_DAYS, to those
  who have not answered their invitation;
- a commitment due within COMMITMENT_REMINDER_DAYS or past due and still
  pledged or in progress, to the focal points of the member that made it,
  with the link to its progress form.

Each reminder is recorded as a SentReminder under a unique key, in the
transaction that sends it: a job run twice sends once, a send that fails
records nothing and is tried by the next run. People who cannot be written
to (focalpoints.audiences) are skipped.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from focalpoints import audiences
from focalpoints.choices import Role
from focalpoints.models import Appointment, Person
from focalpoints.services import email_language
from network.core.logs import redact_addresses

from .choices import CommitmentStatus, InvitationStatus, MeetingStatus, RegistrationStatus
from .invitations import reply_url
from .models import Commitment, Invitation, Meeting, SentReminder, today

logger = logging.getLogger(__name__)

WEEK_BEFORE = "week_before"
REGISTRATION_CLOSING = "registration_closing"
COMMITMENT_DUE = "commitment_due"

TEMPLATES = {
    WEEK_BEFORE: "meetings/email/reminder_week_before",
    REGISTRATION_CLOSING: "meetings/email/reminder_registration_closing",
    COMMITMENT_DUE: "meetings/email/reminder_commitment_due",
}


def _send_recorded(kind, key, person, context, *, meeting=None, commitment=None):
    """Send one reminder and record it under ``key``, once; True if sent now."""
    if SentReminder.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            SentReminder.objects.create(
                key=key,
                kind=kind,
                person=person,
                meeting=meeting,
                commitment=commitment,
                sent_to=person.address,
            )
            context = {**context, "person": person}
            with translation.override(email_language(person)):
                subject = render_to_string(f"{TEMPLATES[kind]}_subject.txt", context)
                body = render_to_string(f"{TEMPLATES[kind]}.txt", context)
            EmailMessage(" ".join(subject.split()), body, to=[person.address]).send(using="default")
    except IntegrityError:  # another run recorded it first
        return False
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        logger.warning("Reminder %s not sent: %s", key, redact_addresses(str(exc)))
        return False
    return True


def _meeting_context(meeting):
    return {"meeting": meeting, "meeting_url": settings.SITE_URL + meeting.get_absolute_url()}


def remind_week_before(*, on=None):
    """Meetings starting in seven days or fewer: remind everyone registered."""
    on = on or today()
    meetings = Meeting.objects.filter(
        status=MeetingStatus.PLANNED,
        start_date__gt=on,
        start_date__lte=on + datetime.timedelta(days=7),
    )
    sent = 0
    for meeting in meetings:
        registered = Person.objects.filter(
            registrations__meeting=meeting,
            registrations__status__in=[
                RegistrationStatus.REGISTERED,
                RegistrationStatus.WAITING,
                RegistrationStatus.CONFIRMED,
            ],
        )
        context = _meeting_context(meeting)
        for person in audiences.split(registered).people:
            key = f"{WEEK_BEFORE}:m{meeting.pk}:p{person.pk}"
            sent += _send_recorded(WEEK_BEFORE, key, person, context, meeting=meeting)
    return sent


def remind_registration_closing(*, now=None):
    """Registration closing soon: remind those who have not answered their invitation."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(days=settings.REGISTRATION_CLOSING_REMINDER_DAYS)
    meetings = Meeting.objects.filter(
        status=MeetingStatus.PLANNED,
        registration_closes_at__gt=now,
        registration_closes_at__lte=soon,
    )
    sent = 0
    for meeting in meetings:
        unanswered = Person.objects.filter(
            pk__in=Invitation.objects.filter(
                meeting=meeting, status=InvitationStatus.UNANSWERED, sent_at__isnull=False
            ).values("person")
        )
        invitations = {
            i.person_id: i
            for i in Invitation.objects.filter(meeting=meeting, person__in=unanswered)
        }
        for person in audiences.split(unanswered).people:
            context = {**_meeting_context(meeting), "link": reply_url(invitations[person.pk])}
            key = f"{REGISTRATION_CLOSING}:m{meeting.pk}:p{person.pk}"
            sent += _send_recorded(REGISTRATION_CLOSING, key, person, context, meeting=meeting)
    return sent


def commitments_due(on=None):
    """Commitments still open whose due date is past or within COMMITMENT_REMINDER_DAYS."""
    on = on or today()
    return Commitment.objects.filter(
        status__in=[CommitmentStatus.PLEDGED, CommitmentStatus.IN_PROGRESS],
        due_on__isnull=False,
        due_on__lte=on + datetime.timedelta(days=settings.COMMITMENT_REMINDER_DAYS),
    ).select_related("member", "meeting")


def remind_commitments_due(*, on=None):
    """Ask the focal points of each due commitment's member for a progress
    update, once per commitment, focal point and due date."""
    on = on or today()
    sent = 0
    for commitment in commitments_due(on):
        focal_points = Person.objects.filter(
            Q(
                pk__in=Appointment.objects.current(on)
                .filter(member=commitment.member, role__in=[Role.FOCAL_POINT, Role.ALTERNATE])
                .values("person")
            )
        )
        context = {
            "commitment": commitment,
            "meeting": commitment.meeting,
            "link": settings.SITE_URL
            + reverse("meetings:commitment_edit", kwargs={"pk": commitment.pk}),
            "overdue": commitment.due_on < on,
        }
        for person in audiences.split(focal_points).people:
            key = f"{COMMITMENT_DUE}:c{commitment.pk}:p{person.pk}:{commitment.due_on.isoformat()}"
            sent += _send_recorded(COMMITMENT_DUE, key, person, context, commitment=commitment)
    return sent
