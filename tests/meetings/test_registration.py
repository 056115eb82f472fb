"""Registration: capacity and the waiting list, promotion by email, bad input."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from focalpoints.models import Person
from meetings import services
from meetings.choices import MeetingStatus, RegistrationStatus
from meetings.models import Registration
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


def _people(n):
    return [
        Person.objects.create(given_name=f"P{i}", family_name="Test", email=f"p{i}@example.org")
        for i in range(n)
    ]


def test_third_registration_joins_the_waiting_list_when_capacity_is_two(meeting):
    first, second, third = _people(3)

    services.register(meeting, first)
    services.register(meeting, second)
    waiting = services.register(meeting, third)

    assert waiting.status == RegistrationStatus.WAITING
    assert waiting.waiting_position == 1
    held = Registration.objects.filter(meeting=meeting).holding_places()
    assert sorted(r.person_id for r in held) == [first.pk, second.pk]


def test_cancellation_promotes_the_first_waiting_and_emails_them(
    meeting, django_capture_on_commit_callbacks
):
    first, second, third, fourth = _people(4)
    registered = services.register(meeting, first)
    services.register(meeting, second)
    services.register(meeting, third)
    services.register(meeting, fourth)

    with django_capture_on_commit_callbacks(execute=True):
        _cancelled, promoted = services.cancel_registration(registered)

    assert [r.person for r in promoted] == [third]
    statuses = dict(Registration.objects.values_list("person__given_name", "status"))
    assert statuses == {
        "P0": RegistrationStatus.CANCELLED,
        "P1": RegistrationStatus.REGISTERED,
        "P2": RegistrationStatus.REGISTERED,
        "P3": RegistrationStatus.WAITING,
    }
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["p2@example.org"]
    assert meeting.title in message.subject
    assert meeting.get_absolute_url() in message.body


def test_no_email_is_sent_when_the_cancellation_rolls_back(
    meeting, django_capture_on_commit_callbacks
):
    first, second, third = _people(3)
    registered = services.register(meeting, first)
    services.register(meeting, second)
    services.register(meeting, third)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.cancel_registration(registered)
    # The email waits for the commit: nothing left before it.
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_cancelling_a_waiting_registration_promotes_nobody(meeting):
    first, second, third, fourth = _people(4)
    for person in (first, second, third):
        services.register(meeting, person)
    waiting = services.register(meeting, fourth)

    _cancelled, promoted = services.cancel_registration(waiting)

    assert promoted == []
    assert Registration.objects.get(person=third).waiting_position == 1


def test_new_registrations_wait_behind_those_already_waiting_when_capacity_grows(meeting):
    people = _people(4)
    for person in people:
        services.register(meeting, person)
    meeting.capacity = 3
    meeting.save()

    promoted = services.fill_free_places(meeting)

    assert [r.person for r in promoted] == [people[2]]
    assert Registration.objects.get(person=people[3]).status == RegistrationStatus.WAITING


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"registration_open": False}, "not open"),
        ({"status": MeetingStatus.CANCELLED}, "cancelled"),
        ({"registration_closes_at": "past"}, "closed"),
        ({"registration_opens_at": "future"}, "not opened yet"),
    ],
)
def test_registration_is_refused_and_nothing_written(adela, fields, message):
    now = timezone.now()
    when = {"past": now - datetime.timedelta(days=1), "future": now + datetime.timedelta(days=1)}
    fields = {name: when.get(value, value) for name, value in fields.items()}
    meeting = make_meeting(**fields)

    with pytest.raises(ValidationError, match=message):
        services.register(meeting, adela)

    assert not Registration.objects.exists()


def test_registering_twice_is_refused(meeting, adela):
    services.register(meeting, adela)
    with pytest.raises(ValidationError, match="already registered"):
        services.register(meeting, adela)
    assert Registration.objects.count() == 1


def test_a_past_meeting_takes_no_registration_even_from_staff(adela):
    meeting = make_meeting(days_ahead=-10)
    with pytest.raises(ValidationError, match="already taken place"):
        services.register(meeting, adela, ignore_window=True)
    assert not Registration.objects.exists()


def test_departure_before_arrival_is_refused(meeting, adela):
    with pytest.raises(ValidationError) as error:
        services.register(
            meeting,
            adela,
            arrival_on=meeting.start_date,
            departure_on=meeting.start_date - datetime.timedelta(days=1),
        )
    assert "departure_on" in error.value.message_dict
    assert not Registration.objects.exists()


def test_registering_again_after_cancelling_reuses_the_registration(meeting, adela):
    registration = services.register(meeting, adela)
    services.cancel_registration(registration)

    again = services.register(meeting, adela, travel_support=True)

    assert again.pk == registration.pk
    assert again.status == RegistrationStatus.REGISTERED
    assert again.travel_support
    # Each change is kept in history.
    assert registration.history.count() == 3


def test_the_registration_records_the_delegation_of_the_persons_post(meeting, adela, spain):
    assert services.register(meeting, adela).member == spain


def test_staff_confirm_and_record_attendance(meeting, adela, staff_user):
    registration = services.register(meeting, adela)
    services.confirm_registration(registration, by=staff_user)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.history.first().history_user == staff_user

    with pytest.raises(ValidationError, match="not started"):
        services.mark_attended(registration, on=meeting.start_date - datetime.timedelta(days=1))
    services.mark_attended(registration, on=meeting.start_date)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED


def test_a_waiting_registration_cannot_be_confirmed(adela, ana):
    meeting = make_meeting(capacity=1)
    services.register(meeting, ana)
    waiting = services.register(meeting, adela)
    with pytest.raises(ValidationError, match="cannot be confirmed"):
        services.confirm_registration(waiting)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITING


def test_confirmation_is_emailed(meeting, adela, django_capture_on_commit_callbacks):
    registration = services.register(meeting, adela)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_registration(registration)
    assert [m.to for m in mail.outbox] == [["adela@example.org"]]
    assert "confirmed" in mail.outbox[0].subject


def test_member_registers_through_the_page(member_client, meeting, adela):
    url = reverse("meetings:register", args=[meeting.slug])
    assert member_client.get(url).status_code == 200

    response = member_client.post(
        url,
        {
            "travel_support": "on",
            "arrival_on": meeting.start_date.isoformat(),
            "departure_on": meeting.end_date.isoformat(),
            "access_needs": "Step-free access",
        },
        follow=True,
    )

    registration = Registration.objects.get(person=adela, meeting=meeting)
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.travel_support and not registration.visa_letter
    assert registration.access_needs == "Step-free access"
    assert "You are registered" in response.content.decode()


def test_registering_twice_through_the_page_says_so(member_client, meeting, adela):
    url = reverse("meetings:register", args=[meeting.slug])
    member_client.post(url, {})
    response = member_client.post(url, {}, follow=True)
    assert "already registered" in response.content.decode()
    assert Registration.objects.count() == 1


def test_the_page_names_the_bad_field(member_client, meeting):
    url = reverse("meetings:register", args=[meeting.slug])
    response = member_client.post(
        url,
        {
            "arrival_on": meeting.end_date.isoformat(),
            "departure_on": meeting.start_date.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Departure cannot come before arrival" in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_closed_page_says_why(member_client):
    meeting = make_meeting(registration_open=False)
    response = member_client.post(
        reverse("meetings:register", args=[meeting.slug]), {}, follow=True
    )
    assert "Registration for this meeting is not open" in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_needs_a_login(client, meeting):
    url = reverse("meetings:register", args=[meeting.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_account_without_a_person_is_told_why(client, plain_user, meeting):
    client.force_login(plain_user)
    response = client.post(reverse("meetings:register", args=[meeting.slug]), {})
    assert response.status_code == 403
    assert "not linked to a person" in response.content.decode()
    assert not Registration.objects.exists()


def test_member_cancels_through_the_page_and_the_next_is_told(
    member_client, adela, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=1)
    services.register(meeting, adela)
    (waiting,) = _people(1)
    services.register(meeting, waiting)

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("meetings:cancel", args=[meeting.slug]), follow=True)

    assert "Your registration is cancelled" in response.content.decode()
    assert Registration.objects.get(person=waiting).status == RegistrationStatus.REGISTERED
    assert [m.to for m in mail.outbox] == [["p0@example.org"]]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writes"
)
def test_two_people_cannot_take_the_last_place_at_once():
    meeting = make_meeting(capacity=1)
    people = _people(6)
    barrier = threading.Barrier(len(people))
    errors = []

    def register(person):
        from django.db import connections

        try:
            barrier.wait()
            services.register(meeting, person)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.REGISTERED) == 1
    assert statuses.count(RegistrationStatus.WAITING) == 5
    positions = sorted(Registration.objects.waiting().values_list("waiting_position", flat=True))
    assert positions == [1, 2, 3, 4, 5]
