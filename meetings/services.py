"""Changes to meetings, registrations and commitments that are more than a plain edit.

Pages, the admin, the API and the demo loader all call these functions, so the
rules hold whatever the door: registration only while open, one registration
per person and meeting, capacity with a waiting list (the meeting row is
locked, so two people cannot take the last place at once), sessions within
their meeting's dates, progress updates only on one's own member's commitments.
Bad input raises ValidationError (or PermissionDenied) naming the field, and
nothing is written.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from network.core.visibility import may_update_commitment, viewer_for

from . import tasks
from .choices import (
    CANCELLABLE_STATUSES,
    ENDED_STATUSES,
    CommitmentStatus,
    MeetingStatus,
    RegistrationStatus,
)
from .models import (
    Commitment,
    CommitmentUpdate,
    Meeting,
    Registration,
    Session,
    SessionRole,
    today,
)


def _set_history_user(instance, by):
    # django-simple-history takes the author from the request in views; the
    # services may run outside one (admin actions, commands, tasks).
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by


def _lock_meeting(meeting):
    """The meeting row, locked until the transaction ends: every change to
    its places goes through here, one at a time."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _email_after_commit(registration, what):
    # Only once the change is committed, and off the request: a slow or
    # failing mail server must not undo or delay the registration.
    registration_id = registration.pk
    transaction.on_commit(lambda: tasks.send_registration_email.enqueue(registration_id, what))


def _places_taken(meeting):
    return Registration.objects.filter(meeting=meeting).holding_places().count()


def _has_free_place(meeting):
    return meeting.capacity is None or _places_taken(meeting) < meeting.capacity


def _next_waiting_position(meeting):
    last = Registration.objects.filter(meeting=meeting).aggregate(last=Max("waiting_position"))
    return (last["last"] or 0) + 1


def _default_member(person):
    """The member a person registers for: the one of their current posts, when
    there is exactly one."""
    member_ids = {a.member_id for a in person.appointments.current() if a.member_id}
    return next(iter(member_ids)) if len(member_ids) == 1 else None


def _promote_waiting(meeting, *, by=None):
    """Give free places to the people waiting, first come first served, and
    tell each by email. The caller holds the meeting's lock."""
    promoted = []
    while _has_free_place(meeting):
        first = (
            Registration.objects.select_for_update()
            .filter(meeting=meeting, status=RegistrationStatus.WAITING)
            .order_by("waiting_position")
            .first()
        )
        if first is None:
            break
        first.status = RegistrationStatus.REGISTERED
        first.waiting_position = None
        _set_history_user(first, by)
        first.save(update_fields=["status", "waiting_position", "updated_at"])
        _email_after_commit(first, "promoted")
        promoted.append(first)
    return promoted


@transaction.atomic
def register(
    meeting,
    person,
    *,
    member=None,
    travel_support=False,
    visa_letter=False,
    arrival_on=None,
    departure_on=None,
    access_needs="",
    by=None,
    now=None,
    ignore_window=False,
):
    """Register ``person`` for ``meeting``. With a free place they are
    registered; when the meeting is full they join the end of the waiting list.

    Refused (ValidationError) when the meeting is cancelled or over, when
    registration is closed (staff may pass ``ignore_window``), when the person
    already holds a registration, or when the stay does not fit the meeting.
    An invitation is accepted by registering; a cancelled or declined
    registration is taken up again. Returns the registration.
    """
    meeting = _lock_meeting(meeting)
    problem = meeting.registration_problem(now)
    if problem and not (
        ignore_window and not meeting.is_past() and meeting.status == MeetingStatus.PLANNED
    ):
        raise ValidationError(problem, code="registration_closed")
    existing = (
        Registration.objects.select_for_update().filter(meeting=meeting, person=person).first()
    )
    if existing is not None and existing.status not in (
        *ENDED_STATUSES,
        RegistrationStatus.INVITED,
    ):
        raise ValidationError(
            _("%(person)s is already registered for this meeting (%(status)s).")
            % {"person": person, "status": existing.get_status_display()},
            code="already_registered",
        )
    Registration.clean_stay(meeting, arrival_on, departure_on)

    # People already waiting come before newcomers when places free up.
    _promote_waiting(meeting, by=by)
    registration = existing or Registration(meeting=meeting, person=person)
    registration.member_id = (
        member.pk if member is not None else registration.member_id or _default_member(person)
    )
    registration.travel_support = bool(travel_support)
    registration.visa_letter = bool(visa_letter)
    registration.arrival_on = arrival_on
    registration.departure_on = departure_on
    registration.access_needs = access_needs or ""
    registration.registered_at = now or timezone.now()
    registration.confirmed_at = None
    registration.cancelled_at = None
    if _has_free_place(meeting):
        registration.status = RegistrationStatus.REGISTERED
        registration.waiting_position = None
    else:
        registration.status = RegistrationStatus.WAITING
        registration.waiting_position = _next_waiting_position(meeting)
    _set_history_user(registration, by)
    registration.save()
    return registration


@transaction.atomic
def invite(meeting, person, *, member=None, by=None):
    """Record that the secretariat invited ``person``; they accept by registering."""
    meeting = _lock_meeting(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting has been cancelled."), code="cancelled")
    if Registration.objects.filter(meeting=meeting, person=person).exists():
        raise ValidationError(
            _("%(person)s already has a registration for this meeting.") % {"person": person},
            code="already_registered",
        )
    registration = Registration(
        meeting=meeting,
        person=person,
        member_id=member.pk if member is not None else _default_member(person),
        status=RegistrationStatus.INVITED,
    )
    _set_history_user(registration, by)
    registration.save()
    return registration


@transaction.atomic
def cancel_registration(registration, *, by=None, now=None):
    """Cancel a registration. If it held a place, the first person on the
    waiting list is promoted and told by email. Returns the cancelled
    registration and the list of people promoted."""
    meeting = _lock_meeting(registration.meeting)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in CANCELLABLE_STATUSES:
        raise ValidationError(
            _("This registration cannot be cancelled: it is %(status)s.")
            % {"status": registration.get_status_display().lower()},
            code="not_cancellable",
        )
    registration.status = RegistrationStatus.CANCELLED
    registration.waiting_position = None
    registration.cancelled_at = now or timezone.now()
    _set_history_user(registration, by)
    registration.save(update_fields=["status", "waiting_position", "cancelled_at", "updated_at"])
    promoted = []
    if meeting.status == MeetingStatus.PLANNED:
        promoted = _promote_waiting(meeting, by=by)
    return registration, promoted


@transaction.atomic
def confirm_registration(registration, *, by=None, now=None, notify=True):
    """The secretariat confirms a registration (or an invitation accepted
    outside the site). A person on the waiting list cannot be confirmed until
    a place frees up. The person is told by email."""
    meeting = _lock_meeting(registration.meeting)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CONFIRMED:
        return registration
    if registration.status == RegistrationStatus.INVITED and not _has_free_place(meeting):
        raise ValidationError(
            _("The meeting is full: %(person)s cannot be confirmed.")
            % {"person": registration.person},
            code="full",
        )
    if registration.status not in (RegistrationStatus.REGISTERED, RegistrationStatus.INVITED):
        raise ValidationError(
            _("%(person)s cannot be confirmed: the registration is %(status)s.")
            % {
                "person": registration.person,
                "status": registration.get_status_display().lower(),
            },
            code="not_confirmable",
        )
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now or timezone.now()
    _set_history_user(registration, by)
    registration.save(update_fields=["status", "confirmed_at", "updated_at"])
    if notify:
        _email_after_commit(registration, "confirmed")
    return registration


@transaction.atomic
def mark_attended(registration, *, by=None, on=None):
    """Record that a registered or confirmed person attended the meeting."""
    registration = (
        Registration.objects.select_for_update().select_related("meeting").get(pk=registration.pk)
    )
    meeting = registration.meeting
    on = on or today()
    if meeting.start_date and on < meeting.start_date:
        raise ValidationError(
            _("The meeting has not started yet: attendance cannot be recorded."),
            code="not_started",
        )
    if registration.status == RegistrationStatus.ATTENDED:
        return registration
    if registration.status not in (RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED):
        raise ValidationError(
            _("%(person)s cannot be marked as attending: the registration is %(status)s.")
            % {
                "person": registration.person,
                "status": registration.get_status_display().lower(),
            },
            code="not_attendable",
        )
    registration.status = RegistrationStatus.ATTENDED
    _set_history_user(registration, by)
    registration.save(update_fields=["status", "updated_at"])
    return registration


@transaction.atomic
def fill_free_places(meeting, *, by=None):
    """After capacity is raised, promote people waiting into the new places."""
    meeting = _lock_meeting(meeting)
    if meeting.status != MeetingStatus.PLANNED:
        return []
    return _promote_waiting(meeting, by=by)


@transaction.atomic
def schedule_session(meeting, *, title, day, roles=(), themes=(), **fields):
    """Add a session to ``meeting``'s agenda, within its dates, with its
    people: ``roles`` is a sequence of dicts of SessionRole fields."""
    meeting = _lock_meeting(meeting)
    session = Session(meeting=meeting, title=title, day=day, **fields)
    session.full_clean()
    session.save()
    if themes:
        session.themes.set(themes)
    for order, role in enumerate(roles, start=1):
        role = SessionRole(session=session, order=role.pop("order", order), **role)
        role.full_clean()
        role.save()
    return session


@transaction.atomic
def record_commitment(
    meeting, member, text, *, themes=(), status=None, due_on=None, order=0, by=None
):
    """Record a commitment ``member`` pledged at ``meeting``."""
    commitment = Commitment(
        meeting=meeting,
        member=member,
        text=(text or "").strip(),
        status=status or CommitmentStatus.PLEDGED,
        due_on=due_on,
        order=order,
    )
    commitment.full_clean()
    _set_history_user(commitment, by)
    commitment.save()
    if themes:
        commitment.themes.set(themes)
    return commitment


@transaction.atomic
def add_commitment_update(
    commitment, *, by, text="", new_status="", reported_on=None, reported_at=None
):
    """Report progress on ``commitment``: an update with what happened and,
    optionally, the status it moved to, which becomes the commitment's status.

    Only staff and the focal points of the member that made the commitment may
    report on it (network.core.visibility.may_update_commitment); anyone else gets
    PermissionDenied and nothing is written.
    """
    update = CommitmentUpdate(
        commitment=commitment,
        text=(text or "").strip(),
        new_status=new_status or "",
        reported_on=reported_on or today(),
        reported_at=reported_at,
    )
    return record_commitment_update(update, by=by)


@transaction.atomic
def record_commitment_update(update, *, by):
    """Save a new or changed progress update (from ``add_commitment_update``,
    the admin's forms), with the same checks: who may report, the model's
    rules, the history's author, and the commitment's status kept in step."""
    commitment = (
        Commitment.objects.select_for_update()
        .select_related("meeting", "member")
        .get(pk=update.commitment_id)
    )
    if not may_update_commitment(viewer_for(by), commitment):
        raise PermissionDenied(
            _(
                "Only the focal points of %(member)s or the secretariat may report on "
                "this commitment."
            )
            % {"member": commitment.member}
        )
    if update.pk is None and update.author_id is None and getattr(by, "is_authenticated", False):
        update.author = by
    update.full_clean()
    _set_history_user(update, by)
    update.save()
    sync_commitment_status(commitment, by=by)
    return update


def sync_commitment_status(commitment, *, by=None):
    """Make the commitment's status the one its latest dated update reported,
    so a back-dated update does not overwrite a later one. Used after any
    change to updates (services, admin)."""
    latest = commitment.updates.exclude(new_status="").order_by("-reported_on", "-pk").first()
    if latest is not None and latest.new_status != commitment.status:
        commitment.status = latest.new_status
        _set_history_user(commitment, by)
        commitment.save(update_fields=["status", "updated_at"])
    return commitment
