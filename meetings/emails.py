"""Emails to people about their registrations, sent through Django's mailers."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from focalpoints.services import email_language

from .models import Registration

logger = logging.getLogger(__name__)

# Which message, by what happened to the registration.
TEMPLATES = {
    "promoted": "meetings/email/promoted",
    "confirmed": "meetings/email/confirmed",
}


def address_of(person):
    """Where to write to a person: their own address, their account's, or the
    work address of a post they hold now."""
    if person.email:
        return person.email
    if person.user_id and person.user.email:
        return person.user.email
    for appointment in person.appointments.current():
        if appointment.work_email:
            return appointment.work_email
    return ""


def send_registration_email(registration_id, what):
    """Tell a person what happened to their registration ("promoted" from the
    waiting list, "confirmed" by the secretariat). Returns the number sent."""
    registration = (
        Registration.objects.select_related("meeting", "person__user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return 0
    recipient = address_of(registration.person)
    if not recipient:
        # Ids, not names: logs leave the system and must carry no personal data.
        logger.warning(
            "No email address for person %s; registration %s was %s without a message.",
            registration.person_id,
            registration.pk,
            what,
        )
        return 0
    context = {
        "registration": registration,
        "meeting": registration.meeting,
        "person": registration.person,
        "meeting_url": settings.SITE_URL + registration.meeting.get_absolute_url(),
    }
    # In the language the person works in, as every email to a focal point.
    with translation.override(email_language(registration.person)):
        subject = render_to_string(f"{TEMPLATES[what]}_subject.txt", context).strip()
        body = render_to_string(f"{TEMPLATES[what]}.txt", context)
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[recipient])
    return message.send(using="default")
