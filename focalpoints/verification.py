"""The verification round on a schedule: ask the people whose entries are due
(VERIFICATION_INTERVAL_DAYS) to confirm their details, remind the unanswered
after VERIFICATION_REMINDER_AFTER_DAYS at most VERIFICATION_REMINDER_MAX_COUNT
times, and count requests sent, answered and unanswered per member.

Each job is idempotent: a person has at most one unanswered request (the
database says so), so a job run twice asks once; a reminder is due only
after the interval, so it reminds once.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from network.models import Member, today

from . import audiences
from .models import Appointment, Person, VerificationRequest
from .services import send_verification_request

logger = logging.getLogger(__name__)


def people_to_ask(now=None):
    """People due for verification who hold a post now and have no
    unanswered request."""
    open_request = VerificationRequest.objects.filter(
        person=OuterRef("pk"), answered_at__isnull=True
    )
    holds_post = Appointment.objects.current().filter(person=OuterRef("pk"))
    return (
        Person.objects.due_for_verification(now)
        .filter(Exists(holds_post))
        .exclude(Exists(open_request))
    )


def _send(person, *, by_schedule, now=None):
    try:
        send_verification_request(person, by_schedule=by_schedule, at=now)
    except (ValidationError, smtplib.SMTPException, OSError) as exc:
        # Not recorded: the next run tries again. Ids only in logs.
        logger.warning("Verification request to person %s not sent: %s", person.pk, type(exc))
        return False
    return True


def request_due_verifications(*, now=None, limit=None):
    """Send a verification request to each person due (at most ``limit``, by
    default VERIFICATION_BATCH_SIZE, a run); returns how many were sent."""
    limit = settings.VERIFICATION_BATCH_SIZE if limit is None else limit
    reachable = audiences.split(people_to_ask(now)).people[:limit]
    return sum(_send(person, by_schedule=True, now=now) for person in reachable)


def reminders_due(now=None):
    """Unanswered requests sent (or last reminded) long enough ago, reminded
    fewer than the maximum."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.VERIFICATION_REMINDER_AFTER_DAYS)
    return VerificationRequest.objects.unanswered().filter(
        Q(reminded_at__isnull=True, sent_at__lte=cutoff) | Q(reminded_at__lte=cutoff),
        reminder_count__lt=settings.VERIFICATION_REMINDER_MAX_COUNT,
    )


def remind_unanswered_verifications(*, now=None):
    """Remind each unanswered request that is due (reminders_due); returns how many."""
    due = reminders_due(now).select_related("person")
    people = Person.objects.filter(pk__in=due.values("person"))
    reachable = audiences.split(people).people
    return sum(_send(person, by_schedule=True, now=now) for person in reachable)


def summary_per_member(on=None):
    """Requests sent, answered and unanswered per member of the people's
    current posts: ``[(member, sent, answered, unanswered)]``, members with
    requests only."""
    on = on or today()
    rows = (
        Member.objects.filter(
            appointments__in=Appointment.objects.current(on),
            appointments__person__verification_requests__isnull=False,
        )
        .annotate(
            sent=Count("appointments__person__verification_requests", distinct=True),
            answered=Count(
                "appointments__person__verification_requests",
                filter=Q(appointments__person__verification_requests__answered_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("name")
    )
    return [
        (member, member.sent, member.answered, member.sent - member.answered) for member in rows
    ]
