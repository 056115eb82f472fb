"""Changes to the directory that are more than a plain edit.

Admin actions, pages, the API, imports and management commands all call these
functions, so the rules (a period ends after it starts, one open post per
person, member and role, history kept) hold whatever the door.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Appointment, today


def _set_history_user(instance, by):
    # django-simple-history takes the author from the request in views; the
    # services may run outside one (commands, tasks), so they say it outright.
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by


@transaction.atomic
def appoint_person(
    person,
    member,
    role,
    *,
    start_on=None,
    end_on=None,
    organisation=None,
    position="",
    work_email="",
    phone="",
    source="",
    by=None,
):
    """Give ``person`` a post (``role``) for ``member`` from ``start_on``.

    Raises ValidationError naming the field when the period runs backwards or
    the person already holds that role for that member in the period.
    """
    appointment = Appointment(
        person=person,
        member=member,
        role=role,
        start_on=start_on,
        end_on=end_on,
        organisation=organisation,
        position=position or "",
        work_email=work_email or "",
        phone=phone or "",
        source=source or "",
    )
    appointment.full_clean()
    _set_history_user(appointment, by)
    appointment.save()
    return appointment


@transaction.atomic
def end_appointment(appointment, *, on=None, by=None):
    """End ``appointment`` on ``on`` (today by default): from that day on the
    person no longer holds the post. The row stays, as history."""
    on = on or today()
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.end_on is not None and appointment.end_on <= on:
        raise ValidationError({"end_on": _("This appointment has already ended.")})
    Appointment.clean_period(appointment.start_on, on)
    appointment.end_on = on
    _set_history_user(appointment, by)
    appointment.save(update_fields=["end_on", "updated_at"])
    return appointment


@transaction.atomic
def hand_over(appointment, successor, *, on=None, position=None, work_email="", phone="", by=None):
    """Hand ``appointment``'s post over to ``successor`` on ``on``.

    The outgoing holder's appointment ends that day and the successor's starts
    that day, with the same member, role and organisation (and position unless
    another is given). Both rows stay in history. Returns the new appointment.
    """
    on = on or today()
    if successor.pk == appointment.person_id:
        raise ValidationError({"successor": _("A post cannot be handed over to its holder.")})
    ended = end_appointment(appointment, on=on, by=by)
    return appoint_person(
        successor,
        ended.member,
        ended.role,
        start_on=on,
        organisation=ended.organisation,
        position=ended.position if position is None else position,
        work_email=work_email,
        phone=phone,
        by=by,
    )


def mark_verified(person, *, by=None, at=None):
    """Record that ``person``'s details were confirmed as current."""
    person.verified_at = at or timezone.now()
    _set_history_user(person, by)
    person.save(update_fields=["verified_at", "updated_at", "search_text"])
    return person


def mark_people_verified(people, *, by=None):
    """Mark several people verified at once; returns how many."""
    count = 0
    for person in people:
        mark_verified(person, by=by)
        count += 1
    return count


def set_expertise(person, themes, *, by=None):
    """Replace a person's expertise and keep the directory's search text true."""
    with transaction.atomic():
        person.expertise.set(themes)
        _set_history_user(person, by)
        person.save()
    return person


PERSON_RELATIONS = ("languages", "expertise")


@transaction.atomic
def save_person(person, *, by=None, **changes):
    """Create or change a person, languages and expertise included, in one
    transaction; the search text and the consent timestamp stay true (they are
    kept by Person.save() and the expertise signal)."""
    relations = {name: changes.pop(name) for name in PERSON_RELATIONS if name in changes}
    for name, value in changes.items():
        setattr(person, name, value)
    _set_history_user(person, by)
    person.save()
    for name, value in relations.items():
        getattr(person, name).set(value)
    return person
