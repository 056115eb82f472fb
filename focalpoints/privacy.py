"""The directory's part of a person's data: the person, their posts and their
user account (network.core.privacy)."""

from django.contrib.auth import get_user_model

from network.core.privacy import (
    erased_email,
    history_rows,
    register,
    rows,
    save_with_reason,
    scrub_history,
)

from .models import Appointment, Person

PERSON_BLANKS = {
    "honorific": "",
    "family_name": "",
    "gender": "",
    "email": "",
    "phone": "",
    "bio": "",
    "notes": "",
}
APPOINTMENT_BLANKS = {"position": "", "work_email": "", "phone": "", "source": "", "notes": ""}


def erased_name(person_id):
    return f"Erased person #{person_id}"


def export(person):
    user = person.user
    appointments = person.appointments.all()
    return {
        "person": rows(Person.objects.filter(pk=person.pk))[0],
        "person_history": history_rows(Person, [person.pk]),
        "appointments": rows(appointments),
        "appointment_history": history_rows(Appointment, appointments.values_list("pk", flat=True)),
        "user_account": rows(
            get_user_model().objects.filter(pk=user.pk),
            exclude=("groups", "user_permissions"),
        )[0]
        if user is not None
        else None,
    }


def erase(person, identity, by):
    """Blank the person's record and posts (roles, members and dates stay, so
    the network's statistics do), scrub their history, and retire the account."""
    touched = []
    for appointment in person.appointments.all():
        for name, value in APPOINTMENT_BLANKS.items():
            setattr(appointment, name, value)
        save_with_reason(appointment)
        touched.append(appointment)
    scrub_history(Appointment, [a.pk for a in touched], **APPOINTMENT_BLANKS)

    user = person.user
    for name, value in PERSON_BLANKS.items():
        setattr(person, name, value)
    person.given_name = erased_name(person.pk)
    person.public_listing = False
    person.verified_at = None
    person.user = None
    save_with_reason(person)
    person.languages.clear()
    person.expertise.clear()
    scrub_history(Person, [person.pk], given_name=erased_name(person.pk), **PERSON_BLANKS)
    touched.append(person)

    if user is not None:
        user.email = erased_email("user", user.pk)
        user.first_name = user.last_name = ""
        user.is_active = False
        user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.save()
        touched.append(user)
    return touched


register("directory", export=export, erase=erase, order=100)
