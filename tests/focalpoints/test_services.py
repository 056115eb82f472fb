"""The directory's services: appoint, end, hand over, verify."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.models import Appointment, Person, today
from network.models import Organisation

pytestmark = pytest.mark.django_db


def test_handover_ends_the_old_post_and_keeps_its_history(adela, spain):
    successor = Person.objects.create(given_name="Ana", family_name="Ruiz")
    post = adela.appointments.get()

    new = services.hand_over(post, successor, on=datetime.date(2020, 1, 15))

    post.refresh_from_db()
    assert post.end_on == datetime.date(2020, 1, 15)
    assert new.start_on == datetime.date(2020, 1, 15)
    assert (new.member, new.role, new.position) == (spain, Role.FOCAL_POINT, post.position)
    current = Appointment.objects.current().filter(member=spain, role=Role.FOCAL_POINT)
    assert [a.person for a in current] == [successor]
    assert list(Person.objects.focal_points()) == [successor]
    # Both rows stay; the outgoing one changed twice (created, then ended).
    assert Appointment.objects.filter(member=spain).count() == 2
    assert post.history.count() == 2


def test_handover_on_a_past_date_makes_the_old_holder_former(adela):
    successor = Person.objects.create(given_name="Ana", family_name="Ruiz")
    services.hand_over(adela.appointments.get(), successor, on=datetime.date(2019, 5, 1))
    assert Appointment.objects.former().filter(person=adela).exists()
    assert not Appointment.objects.current().filter(person=adela).exists()
    assert Appointment.objects.current(on=datetime.date(2018, 1, 1)).get().person == adela


def test_appointment_that_ends_before_it_starts_is_refused_naming_the_field(adela, spain):
    with pytest.raises(ValidationError) as error:
        services.appoint_person(
            adela,
            spain,
            Role.ALTERNATE,
            start_on=datetime.date(2020, 1, 1),
            end_on=datetime.date(2019, 1, 1),
        )
    assert "end_on" in error.value.message_dict
    assert not adela.appointments.filter(role=Role.ALTERNATE).exists()


def test_database_refuses_an_appointment_that_ends_before_it_starts(adela, spain):
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            person=adela,
            member=spain,
            role=Role.ALTERNATE,
            start_on=datetime.date(2020, 1, 1),
            end_on=datetime.date(2020, 1, 1),
        )


def test_same_role_for_the_same_member_twice_at_once_is_refused(adela, spain):
    with pytest.raises(ValidationError):
        services.appoint_person(adela, spain, Role.FOCAL_POINT, start_on=datetime.date(2021, 1, 1))
    assert adela.appointments.count() == 1


def test_database_refuses_two_open_posts_with_the_same_role(adela, spain):
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(person=adela, member=spain, role=Role.FOCAL_POINT)


def test_ending_an_ended_appointment_is_refused(adela):
    post = adela.appointments.get()
    services.end_appointment(post, on=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError):
        services.end_appointment(post, on=datetime.date(2021, 1, 1))


def test_mark_verified_takes_a_person_out_of_the_due_list(adela):
    assert adela in Person.objects.due_for_verification()
    services.mark_verified(adela)
    assert adela not in Person.objects.due_for_verification()


def test_search_ignores_case_and_accents_and_covers_posts(adela):
    assert list(Person.objects.search("diaz bernardez")) == [adela]
    assert list(Person.objects.search("DÍAZ")) == [adela]
    assert list(Person.objects.search("human rights office spain")) == [adela]
    assert list(Person.objects.search("kaburu")) == []


def test_ending_an_ended_appointment_again_on_an_earlier_day_is_refused(adela):
    post = adela.appointments.get()
    services.end_appointment(post, on=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.end_appointment(post, on=datetime.date(2019, 1, 1))
    assert error.value.message_dict == {"end_on": ["This appointment already ends on 2020-01-01."]}
    post.refresh_from_db()
    assert post.end_on == datetime.date(2020, 1, 1)


def test_a_scheduled_end_may_be_brought_forward(adela):
    post = adela.appointments.get()
    post.end_on = today() + datetime.timedelta(days=400)
    post.save()
    services.end_appointment(post, on=today())
    post.refresh_from_db()
    assert post.end_on == today()


def test_ending_before_the_post_started_is_refused_naming_the_field(adela):
    with pytest.raises(ValidationError) as error:
        services.end_appointment(adela.appointments.get(), on=datetime.date(2016, 9, 23))
    assert list(error.value.message_dict) == ["end_on"]
    assert adela.appointments.get().end_on is None


def test_ending_several_appointments_ends_all_or_none(adela, mary):
    adela_post, mary_post = adela.appointments.get(), mary.appointments.get()
    # Mary's post started in 2017: it cannot end on 2017-01-01, so Adela's stays open too.
    with pytest.raises(ValidationError) as error:
        services.end_appointments([adela_post, mary_post], on=datetime.date(2017, 1, 1))
    assert "Mary Kaburu" in error.value.messages[0]
    assert Appointment.objects.filter(end_on__isnull=False).count() == 0

    assert services.end_appointments([adela_post, mary_post], on=datetime.date(2020, 1, 1)) == 2
    assert Appointment.objects.filter(end_on=datetime.date(2020, 1, 1)).count() == 2


def test_handover_to_the_holder_is_refused_and_changes_nothing(adela):
    with pytest.raises(ValidationError) as error:
        services.hand_over(adela.appointments.get(), adela, on=datetime.date(2020, 1, 1))
    assert list(error.value.message_dict) == ["successor"]
    assert adela.appointments.get().end_on is None


def test_handover_to_someone_who_holds_the_post_already_changes_nothing(adela, spain):
    other = Person.objects.create(given_name="Ana", family_name="Ruiz")
    services.appoint_person(other, spain, Role.FOCAL_POINT, start_on=datetime.date(2019, 1, 1))

    with pytest.raises(ValidationError) as error:
        services.hand_over(adela.appointments.get(), other, on=datetime.date(2020, 1, 1))

    assert list(error.value.message_dict) == ["role"]
    # The outgoing post was ended inside the same transaction, then rolled back.
    assert adela.appointments.get().end_on is None
    assert other.appointments.count() == 1


def test_handover_before_the_post_started_is_refused(adela):
    successor = Person.objects.create(given_name="Ana", family_name="Ruiz")
    with pytest.raises(ValidationError) as error:
        services.hand_over(adela.appointments.get(), successor, on=datetime.date(2010, 1, 1))
    assert list(error.value.message_dict) == ["end_on"]
    assert not successor.appointments.exists()


def test_handover_keeps_organisation_and_may_give_a_new_position(adela, spain):
    post = adela.appointments.get()
    post.organisation = Organisation.objects.create(
        name="Ministry of Foreign Affairs", member=spain
    )
    post.save()
    successor = Person.objects.create(given_name="Ana", family_name="Ruiz")

    new = services.hand_over(
        post, successor, on=datetime.date(2020, 1, 15), position="Ambassador at large"
    )

    assert new.organisation == post.organisation
    assert new.position == "Ambassador at large"
    assert new.work_email == ""  # contact details belong to the outgoing holder


def test_services_record_who_made_the_change(adela, staff_user):
    successor = Person.objects.create(given_name="Ana", family_name="Ruiz")
    post = adela.appointments.get()

    new = services.hand_over(post, successor, on=datetime.date(2020, 1, 15), by=staff_user)
    services.mark_verified(successor, by=staff_user)

    assert post.history.latest().history_user == staff_user
    assert post.history.latest().end_on == datetime.date(2020, 1, 15)
    assert new.history.latest().history_user == staff_user
    assert successor.history.latest().history_user == staff_user
