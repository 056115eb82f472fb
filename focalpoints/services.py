"""Changes to the directory that are more than a plain edit.

Admin actions, pages, the API, imports and management commands all call these
functions, so the rules (a period ends after it starts, one open post per
person, member and role, history kept) hold whatever the door.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Appointment, Person, VerificationRequest, today
from .tokens import make_invitation_token, make_verification_token

logger = logging.getLogger(__name__)


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
    # An appointment that has ended is history: ending it again (even on an
    # earlier day) would rewrite it. A scheduled end may still be brought forward.
    if appointment.end_on is not None and (
        appointment.end_on <= on or appointment.end_on <= today()
    ):
        raise ValidationError(
            {
                "end_on": _("This appointment already ends on %(date)s.")
                % {"date": appointment.end_on.isoformat()}
            }
        )
    Appointment.clean_period(appointment.start_on, on)
    appointment.end_on = on
    _set_history_user(appointment, by)
    appointment.save(update_fields=["end_on", "updated_at"])
    return appointment


@transaction.atomic
def end_appointments(appointments, *, on=None, by=None):
    """End several appointments on the same day: all of them, or none.

    Raises one ValidationError listing every appointment that cannot end that
    day (already ended, or the day is not after its start); then none is ended.
    Returns how many were ended.
    """
    problems = []
    for appointment in appointments:
        try:
            end_appointment(appointment, on=on, by=by)
        except ValidationError as error:
            problems.append(f"{appointment}: {' '.join(error.messages)}")
    if problems:
        raise ValidationError(problems)
    return len(appointments)


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
    """Record that ``person``'s details were confirmed as current; this
    answers their open verification request, if any."""
    person.verified_at = at or timezone.now()
    _set_history_user(person, by)
    person.save(update_fields=["verified_at", "updated_at", "search_text", "public_search_text"])
    VerificationRequest.objects.filter(person=person, answered_at__isnull=True).update(
        answered_at=person.verified_at
    )
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


# --- Accounts and self-service (the members' site) ---------------------------------

# What a person may change in their own entry, logged in or through a
# verification link; posts and everything else are the secretariat's.
SELF_SERVICE_FIELDS = (
    "honorific",
    "given_name",
    "family_name",
    "email",
    "phone",
    "gender",
    "languages",
    "expertise",
    "bio",
    "public_listing",
)
_MANY_TO_MANY_FIELDS = {"languages", "expertise"}


def contact_address(person):
    """Where to write to ``person``: their own address, else the work address of a
    current post (the first, in the usual order)."""
    if person.email:
        return person.email
    for appointment in person.appointments.current():
        if appointment.work_email:
            return appointment.work_email
    return ""


def email_language(person):
    """The site language to write to ``person`` in: English when it is one of
    their working languages or none of them is a site language, else the first
    site language (Spanish, French) they work in."""
    site_languages = [code for code, _name in settings.LANGUAGES]
    spoken = set(person.languages.values_list("code", flat=True)) if person.pk else set()
    if settings.LANGUAGE_CODE in spoken:
        return settings.LANGUAGE_CODE
    for code in site_languages:
        if code in spoken:
            return code
    return settings.LANGUAGE_CODE


def _send_templated_email(to, template_prefix, context, language):
    # Rendered in the reader's language, whatever the sender's page is in.
    with translation.override(language):
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        body = render_to_string(f"{template_prefix}_email.txt", context)
    EmailMessage(" ".join(subject.split()), body, to=[to]).send(using="default")


def _site_link(name, token):
    return settings.SITE_URL + reverse(name, kwargs={"token": token})


def invite_person(person, *, by=None):
    """Email ``person`` a signed link with which they set a password; the account
    is created, and linked to them, only when they do. Returns the address used.

    Raises ValidationError when the person has an account already, has no
    address to write to, or the address belongs to another account.
    """
    if person.user_id is not None:
        raise ValidationError(_("%(person)s already has an account.") % {"person": person})
    address = contact_address(person)
    if not address:
        raise ValidationError(
            {"email": _("%(person)s has no email address to invite.") % {"person": person}}
        )
    if get_user_model().objects.filter(email__iexact=address).exists():
        raise ValidationError(
            {
                "email": _(
                    "An account with the address %(email)s exists already; link it to "
                    "%(person)s instead of inviting them."
                )
                % {"email": address, "person": person}
            }
        )
    link = _site_link("focalpoints:invitation", make_invitation_token(person, address))
    context = {"person": person, "link": link, "days": _link_days("INVITATION")}
    _send_templated_email(address, "registration/invitation", context, email_language(person))
    return address


@transaction.atomic
def accept_invitation(person, email, password):
    """Create the account ``person`` was invited to open, with ``password``, and
    link it to them. Raises ValidationError when the person has an account by
    now, or the address is taken (the invitation cannot be used twice)."""
    User = get_user_model()
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user_id is not None:
        raise ValidationError(_("This invitation has been used already."))
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("An account with this email address exists already."))
    user = User.objects.create_user(email=email, password=password)
    person.user = user
    _set_history_user(person, user)
    person.save()
    return user


def send_verification_request(person, *, by=None, by_schedule=False, at=None):
    """Email ``person`` a signed link with which they confirm or correct their
    entry without a password, and record it: a new VerificationRequest, or a
    reminder of the one still unanswered. Returns the address used; raises
    ValidationError when there is none (then nothing is recorded).

    The record is written in the transaction that sends: a send that fails
    records nothing, and a recorded request was handed to the mail server."""
    address = contact_address(person)
    if not address:
        raise ValidationError(
            {"email": _("%(person)s has no email address to write to.") % {"person": person}}
        )
    with transaction.atomic():
        now = at or timezone.now()
        reminded = VerificationRequest.objects.filter(
            person=person, answered_at__isnull=True
        ).update(reminded_at=now, reminder_count=F("reminder_count") + 1, sent_to=address)
        if not reminded:
            VerificationRequest.objects.create(
                person=person, sent_to=address, sent_at=now, by_schedule=by_schedule
            )
        link = _site_link("focalpoints:verification", make_verification_token(person))
        context = {"person": person, "link": link, "days": _link_days("VERIFICATION")}
        _send_templated_email(
            address, "focalpoints/email/verification", context, email_language(person)
        )
    return address


def _link_days(kind):
    return getattr(settings, f"{kind}_LINK_MAX_AGE_DAYS")


@transaction.atomic
def update_own_profile(person, changes, *, by=None):
    """Apply ``changes`` (field name → value, only SELF_SERVICE_FIELDS) that a
    person made to their own entry. The consent's timestamp moves when the
    consent changes (Person.save); expertise keeps the search text true."""
    unknown = set(changes) - set(SELF_SERVICE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable by the person themselves: {sorted(unknown)}")
    for name, value in changes.items():
        if name not in _MANY_TO_MANY_FIELDS:
            setattr(person, name, value)
    _set_history_user(person, by)
    person.save()
    if "languages" in changes:
        person.languages.set(changes["languages"])
    if "expertise" in changes:
        set_expertise(person, changes["expertise"], by=by)
    return person


@transaction.atomic
def confirm_details(person, *, changes=None, message="", by=None):
    """A person confirms their entry is current, with any corrections they made
    (``changes``, as update_own_profile) and a message for the secretariat
    about what they cannot change themselves (a post that ended …), kept in
    the staff notes."""
    if changes:
        update_own_profile(person, changes, by=by)
    message = (message or "").strip()
    if message:
        # The notes are the secretariat's, kept in the site's default language.
        with translation.override(settings.LANGUAGE_CODE):
            note = _("%(date)s, when confirming their details: %(message)s") % {
                "date": timezone.localdate().isoformat(),
                "message": message,
            }
        person.notes = f"{person.notes}\n\n{note}".strip()
        _set_history_user(person, by)
        person.save(update_fields=["notes", "updated_at", "search_text", "public_search_text"])
    return mark_verified(person, by=by)


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


def people_at_address(address):
    """The people whose own address, or the work address of a current post, is ``address``."""
    return Person.objects.filter(
        Q(email__iexact=address)
        | Q(
            pk__in=Appointment.objects.current().filter(work_email__iexact=address).values("person")
        )
    )


def opt_out_of_optional_mail(person, *, how="", at=None):
    """The person unsubscribes from optional messages to audiences (their
    link, or a complaint); operational mail still reaches them. Idempotent:
    the first date is kept. Returns True if it changed anything."""
    changed = Person.objects.filter(pk=person.pk, optional_mail_opted_out_at__isnull=True).update(
        optional_mail_opted_out_at=at or timezone.now()
    )
    if changed:
        logger.info("Person %s opted out of optional mail (%s)", person.pk, how or "link")
    return bool(changed)


def record_complaint(address, *, at=None):
    """A spam complaint about mail to ``address``: its people get no more
    optional mail. Returns how many."""
    address = (address or "").strip()
    if not address:
        return 0
    return (
        people_at_address(address)
        .filter(optional_mail_opted_out_at__isnull=True)
        .update(optional_mail_opted_out_at=at or timezone.now())
    )


def record_bounce(address, *, at=None):
    """Mail to ``address`` bounced for good: the people whose own address it
    is, or the work address of a post they hold, are left out of audiences
    (Person.email_bounced_at) until staff clear it. Returns how many."""
    address = (address or "").strip()
    if not address:
        return 0
    return people_at_address(address).update(email_bounced_at=at or timezone.now())
