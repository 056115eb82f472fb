"""Emails go out in the reader's language where it is known, whatever the
language of the page or of the staff member that caused them: a focal point's
working language (Spanish or French when they do not work in English), a
subscriber's chosen language, and for a password reset the language of the
page it was asked from."""

import datetime

import pytest
from django.core import mail
from django.utils import translation

from focalpoints import services as focalpoints
from focalpoints.models import Person
from meetings import services as meetings
from meetings.models import Meeting
from network.models import Language
from newsletters.models import Newsletter, Subscription
from tests.factories import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "newsletters"],
        }
    }


@pytest.fixture
def berlin(db):
    start = datetime.date.today() + datetime.timedelta(days=30)
    return Meeting.objects.create(
        slug="berlin",
        title="Berlin",
        kind="network",
        city="Berlin",
        country="DE",
        time_zone="Europe/Berlin",
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        status="planned",
        registration_open=True,
        capacity=1,
    )


def working_in(*codes, name="Ana"):
    person = Person.objects.create(
        given_name=name.capitalize(), family_name="Ruiz", email=f"{name}@example.org"
    )
    person.languages.set(Language.objects.filter(code__in=codes))
    return person


def test_a_confirmation_is_written_in_the_persons_working_language(
    berlin, django_capture_on_commit_callbacks
):
    readers = {
        "es": working_in("es", name="ana"),
        "fr": working_in("fr", "ar", name="amina"),
        "en": working_in("fr", "en", name="claire"),  # English when they work in it
    }
    berlin.capacity = None
    berlin.save()
    # The staff member confirming works in English: that must not matter.
    with translation.override("en"):
        for person in readers.values():
            registration = meetings.register(berlin, person)
            with django_capture_on_commit_callbacks(execute=True):
                meetings.confirm_registration(registration)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "ana@example.org": "Su inscripción en Berlin está confirmada",
        "amina@example.org": "Votre inscription à Berlin est confirmée",
        "claire@example.org": "Your registration for Berlin is confirmed",
    }
    spanish = next(m for m in mail.outbox if m.to == ["ana@example.org"]).body
    assert spanish.startswith("Estimado/a Ana Ruiz:")
    dates = spanish.split("Fechas: ", 1)[1].splitlines()[0]
    assert dates.count(" de ") == 4  # "9 de abril de 2027 – 10 de abril de 2027"


def test_the_first_waiting_learns_of_the_free_place_in_their_language(
    berlin, django_capture_on_commit_callbacks
):
    first = working_in("en", name="first")
    waiting = working_in("fr", name="waiting")
    registration = meetings.register(berlin, first)
    meetings.register(berlin, waiting)
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        meetings.cancel_registration(registration)
    (message,) = mail.outbox
    assert message.to == ["waiting@example.org"]
    assert message.subject == "Une place vous est maintenant attribuée pour Berlin"
    assert "liste d’attente" in message.body


def test_verification_requests_and_invitations_follow_the_working_language(db):
    person = working_in("fr", name="amina")
    with translation.override("es"):
        focalpoints.send_verification_request(person)
        focalpoints.invite_person(person)
    verification, invitation = mail.outbox
    assert verification.subject == (
        "Vos coordonnées dans l’annuaire du Réseau des points focaux FPS sont-elles à jour ?"
    )
    assert "Aucun mot de passe n’est nécessaire." in verification.body
    assert invitation.subject.startswith("Votre invitation")


def test_newsletter_confirmation_is_in_the_language_chosen_on_the_form(client, db):
    Newsletter.objects.create(name="WPS Newsletter", slug="wps")
    # Chosen in French on a Spanish page: French it is.
    client.post(
        "/newsletters/",
        {"email": "reader@example.org", "language": "fr", "newsletter": "wps"},
        headers={"accept-language": "es"},
    )
    (message,) = mail.outbox
    assert message.subject == "Veuillez confirmer votre abonnement à WPS Newsletter"
    subscription = Subscription.objects.get()
    assert subscription.language == "fr"
    # Once subscribed, a stranger asking again from an English page gets the
    # subscriber a notice in the subscriber's language.
    subscription.confirmed_at = subscription.created_at
    subscription.confirmation_sent_at = None  # past the cool-down between emails
    subscription.save()
    client.post(
        "/newsletters/",
        {"email": "reader@example.org", "language": "en", "newsletter": "wps"},
        headers={"accept-language": "en"},
    )
    assert mail.outbox[-1].subject == "Vous êtes déjà abonné·e à WPS Newsletter"


def test_a_password_reset_is_written_in_the_language_of_the_page(client, member_user):
    client.post(
        "/accounts/password/reset/",
        {"email": member_user.email},
        headers={"accept-language": "es"},
    )
    run_tasks()  # the worker sends it, in the language of the page that asked
    (message,) = mail.outbox
    assert message.subject == (
        "Establezca una nueva contraseña para la Red de Puntos Focales sobre MPS"
    )
