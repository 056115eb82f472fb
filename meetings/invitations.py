"""Invitations to a meeting: invite an audience or picked people, send each
invitation once, take the answers, remind those who have not answered.

Sending never repeats a copy that was recorded and never skips one: each
invitation is claimed by an UPDATE of its ``sent_at`` (a row lock on
PostgreSQL, the write lock on SQLite) in the transaction that sends its mail,
and committed right after the server accepts it. A worker killed before the
commit leaves it unsent, and the next run (the task, the scheduler's resume
job) sends it. As with the newsletter, the one window that cannot be closed is
between the server's acceptance and the commit.
"""

import dataclasses
import datetime
import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, F, Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from focalpoints import audiences
from focalpoints.models import Appointment
from focalpoints.services import contact_address, email_language
from network.core.logs import redact_addresses

from . import services
from .choices import ENDED_STATUSES, InvitationStatus, MeetingStatus, RegistrationStatus
from .models import Invitation, Meeting, Registration, today
from .tokens import make_reply_token

logger = logging.getLogger(__name__)


def invitation_problem(meeting):
    """Why nobody can be invited to ``meeting`` now, or None."""
    if meeting.status == MeetingStatus.CANCELLED:
        return _("This meeting has been cancelled.")
    if meeting.status == MeetingStatus.HELD or meeting.is_past():
        return _("This meeting has already taken place.")
    return None


@dataclasses.dataclass
class InviteReport:
    """What inviting did: invitations written, people invited before (not
    written to again), and people left out by reason."""

    invited: int
    already: int
    left_out: dict


def _members_of(person_ids, on):
    """Person id → the member of their current posts, when there is exactly one."""
    members = {}
    for person_id, member_id in (
        Appointment.objects.current(on)
        .filter(person_id__in=person_ids, member__isnull=False)
        .values_list("person_id", "member_id")
    ):
        members.setdefault(person_id, set()).add(member_id)
    return {pk: next(iter(ids)) for pk, ids in members.items() if len(ids) == 1}


def invite_people(meeting, people, *, audience=None, by=None):
    """Invite ``people`` (a queryset of Person) to ``meeting``: one invitation
    each, sent in the background. People already invited are not written to
    again; people who cannot be written to are left out and counted.

    Raises ValidationError when the meeting is cancelled or over, or when
    nobody could be invited (an empty audience); then nothing is written.
    """
    problem = invitation_problem(meeting)
    if problem:
        raise ValidationError(problem, code="not_invitable")
    resolution = audiences.split(people)
    ids = [person.pk for person in resolution.people]
    already = set(
        Invitation.objects.filter(meeting=meeting, person_id__in=ids).values_list(
            "person_id", flat=True
        )
    )
    new_ids = [pk for pk in ids if pk not in already]
    if not ids:
        left = resolution.left_out_total
        raise ValidationError(
            _("Nobody to invite: the audience names nobody who can be written to")
            + (f" ({left_out_text(resolution.left_out)})." if left else "."),
            code="empty",
        )
    members = _members_of(new_ids, today())
    with transaction.atomic():
        # Another staff member inviting at the same moment: the constraint
        # keeps one invitation per person, ours is skipped.
        Invitation.objects.bulk_create(
            [
                Invitation(
                    meeting=meeting,
                    person_id=pk,
                    member_id=members.get(pk),
                    audience=audience,
                    invited_by=by if getattr(by, "is_authenticated", False) else None,
                )
                for pk in new_ids
            ],
            ignore_conflicts=True,
        )
        meeting_id = meeting.pk
        transaction.on_commit(lambda: send_invitations.enqueue(meeting_id))
    return InviteReport(invited=len(new_ids), already=len(already), left_out=resolution.left_out)


def invite_audience(meeting, audience, *, by=None):
    """Invite everyone ``audience`` reaches (see invite_people)."""
    return invite_people(meeting, audiences.audience_people(audience), audience=audience, by=by)


def left_out_text(left_out):
    """ "2 left out: no email; 1 left out: asked not to be contacted" """
    labels = {
        audiences.DO_NOT_CONTACT: _("asked not to be contacted"),
        audiences.BOUNCED: _("address bounced"),
        audiences.NO_EMAIL: _("no email"),
    }
    return "; ".join(
        _("%(count)d left out: %(reason)s") % {"count": count, "reason": labels[reason]}
        for reason, count in left_out.items()
        if count
    )


def reply_url(invitation):
    return settings.SITE_URL + reverse(
        "meetings:invitation", kwargs={"token": make_reply_token(invitation)}
    )


def _send_one(invitation, *, reminder):
    """Render and send one invitation (or its reminder) in the person's
    language; returns the address written to."""
    person = invitation.person
    address = contact_address(person)
    if not address:
        raise ValueError("no address")
    language = email_language(person)
    context = {
        "invitation": invitation,
        "meeting": invitation.meeting,
        "person": person,
        "link": reply_url(invitation),
        "meeting_url": settings.SITE_URL + invitation.meeting.get_absolute_url(),
        "reminder": reminder,
    }
    with translation.override(language):
        subject = render_to_string("meetings/email/invitation_subject.txt", context)
        body = render_to_string("meetings/email/invitation.txt", context)
    EmailMessage(" ".join(subject.split()), body, to=[address]).send(using="default")
    return address, language


def send_pending_invitations(meeting_id=None):
    """Send every invitation not sent yet (of one meeting, or all); returns
    how many were sent. Run twice, sends once."""
    pending = Invitation.objects.unsent().filter(meeting__status=MeetingStatus.PLANNED)
    if meeting_id is not None:
        pending = pending.filter(meeting_id=meeting_id)
    sent = 0
    for pk in list(pending.order_by("pk").values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                # The claim: whoever updates the row first sends it.
                now = timezone.now()
                if not Invitation.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=now):
                    continue
                invitation = Invitation.objects.select_related("meeting", "person").get(pk=pk)
                address, language = _send_one(invitation, reminder=False)
                Invitation.objects.filter(pk=pk).update(sent_to=address, language=language)
        except (smtplib.SMTPException, OSError, ValueError) as exc:
            # Rolled back: still unsent, tried again by the next run.
            logger.warning("Invitation %s not sent: %s", pk, redact_addresses(str(exc)))
            continue
        sent += 1
    return sent


@task()
def send_invitations(meeting_id=None):
    """Send a meeting's unsent invitations off the request."""
    return {"sent": send_pending_invitations(meeting_id)}


def reminder_due(now=None):
    """Invitations that may be reminded now: sent, unanswered, for a meeting
    still to come, reminded fewer than INVITATION_REMINDER_MAX_COUNT times and
    not within INVITATION_REMINDER_AFTER_DAYS (of the invitation or the last
    reminder)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.INVITATION_REMINDER_AFTER_DAYS)
    return (
        Invitation.objects.unanswered()
        .filter(sent_at__isnull=False, sent_at__lte=cutoff, meeting__status=MeetingStatus.PLANNED)
        .filter(Q(meeting__end_date__isnull=True) | Q(meeting__end_date__gte=today()))
        .filter(reminder_count__lt=settings.INVITATION_REMINDER_MAX_COUNT)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=cutoff))
    )


def send_reminders(meeting_id=None, *, now=None):
    """Remind the people who have not answered (see reminder_due); returns how
    many were reminded. Run twice, reminds once."""
    due = reminder_due(now)
    if meeting_id is not None:
        due = due.filter(meeting_id=meeting_id)
    sent = 0
    for pk in list(due.order_by("pk").values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                # The claim, as for sending: the row must still be due.
                stamp = timezone.now()
                claimed = reminder_due(now).filter(pk=pk)
                if not claimed.update(reminded_at=stamp, reminder_count=F("reminder_count") + 1):
                    continue
                invitation = Invitation.objects.select_related("meeting", "person").get(pk=pk)
                _send_one(invitation, reminder=True)
        except (smtplib.SMTPException, OSError, ValueError) as exc:
            logger.warning("Reminder of invitation %s not sent: %s", pk, redact_addresses(str(exc)))
            continue
        sent += 1
    return sent


@task()
def send_invitation_reminders(meeting_id=None):
    """Remind the unanswered invitations of a meeting off the request."""
    return {"reminded": send_reminders(meeting_id)}


def remind_unanswered(meeting):
    """Staff ask for reminders to those who have not answered ``meeting``'s
    invitation; returns how many are due one (they are sent in the background)."""
    problem = invitation_problem(meeting)
    if problem:
        raise ValidationError(problem, code="not_invitable")
    count = reminder_due().filter(meeting=meeting).count()
    if count:
        meeting_id = meeting.pk
        transaction.on_commit(lambda: send_invitation_reminders.enqueue(meeting_id))
    return count


def answer_problem(invitation):
    """Why ``invitation`` cannot be answered now, or None."""
    if invitation.status != InvitationStatus.UNANSWERED:
        return _("You have already answered this invitation: %(answer)s.") % {
            "answer": invitation.get_status_display().lower()
        }
    return invitation_problem(invitation.meeting)


@transaction.atomic
def answer_invitation(invitation, *, accept, details=None, now=None):
    """The invited person accepts (and registers, with ``details``: the
    registration form's fields) or declines. Capacity and the waiting list
    apply to an acceptance (meetings.services.register). Raises
    ValidationError when the invitation was answered already or the meeting
    is cancelled or over; then nothing is written."""
    now = now or timezone.now()
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("meeting", "person")
        .get(pk=invitation.pk)
    )
    problem = answer_problem(invitation)
    if problem:
        raise ValidationError(problem, code="not_answerable")
    if accept:
        existing = (
            Registration.objects.filter(meeting=invitation.meeting, person=invitation.person)
            .exclude(status__in=[*ENDED_STATUSES, RegistrationStatus.INVITED])
            .first()
        )
        invitation.registration = existing or services.register(
            invitation.meeting,
            invitation.person,
            member=invitation.member,
            ignore_window=True,
            now=now,
            **(details or {}),
        )
        invitation.status = InvitationStatus.ACCEPTED
    else:
        invitation.status = InvitationStatus.DECLINED
    invitation.answered_at = now
    invitation.save(update_fields=["status", "answered_at", "registration", "updated_at"])
    return invitation


def invitation_counts(meeting):
    """Invited, accepted, declined, unanswered and not yet sent, in one query."""
    return Invitation.objects.filter(meeting=meeting).aggregate(
        invited=Count("pk"),
        accepted=Count("pk", filter=Q(status=InvitationStatus.ACCEPTED)),
        declined=Count("pk", filter=Q(status=InvitationStatus.DECLINED)),
        unanswered=Count("pk", filter=Q(status=InvitationStatus.UNANSWERED)),
        unsent=Count("pk", filter=Q(sent_at__isnull=True)),
    )


def meetings_to_invite():
    """Meetings people can still be invited to (the admin's choice)."""
    return Meeting.objects.upcoming().filter(status=MeetingStatus.PLANNED)
