"""Appointment rules hold in the database and, naming the field, in ``full_clean()``:
a period ends after it starts; a post belongs to a member or an organisation; a
person cannot hold the same role for the same member twice at once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from focalpoints.choices import Role
from focalpoints.models import Appointment
from network.models import Organisation

pytestmark = pytest.mark.django_db

D = datetime.date


def _refused_by_database(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(**fields)


def _clean_errors(**fields):
    with pytest.raises(ValidationError) as error:
        Appointment(**fields).full_clean()
    return error.value.message_dict


@pytest.mark.parametrize(
    ("start_on", "end_on"), [(D(2020, 1, 1), D(2019, 1, 1)), (D(2020, 1, 1), D(2020, 1, 1))]
)
def test_period_that_does_not_end_after_it_starts_is_refused(adela, spain, start_on, end_on):
    post = {"person": adela, "member": spain, "role": Role.ALTERNATE}
    _refused_by_database(**post, start_on=start_on, end_on=end_on)
    errors = _clean_errors(**post, start_on=start_on, end_on=end_on)
    # One message, on the field; the database constraint does not repeat it.
    assert errors == {"end_on": ["An appointment must end after it starts."]}


def test_appointment_without_member_or_organisation_is_refused(adela):
    _refused_by_database(person=adela, role=Role.OBSERVER)
    assert "member" in _clean_errors(person=adela, role=Role.OBSERVER)


def test_guest_with_an_organisation_and_no_member_is_accepted(adela):
    organisation = Organisation.objects.create(name="Inclusive Security")
    Appointment(person=adela, organisation=organisation, role=Role.OBSERVER).full_clean()


def test_second_open_post_with_same_person_member_and_role_is_refused(adela, spain):
    _refused_by_database(person=adela, member=spain, role=Role.FOCAL_POINT)
    errors = _clean_errors(person=adela, member=spain, role=Role.FOCAL_POINT)
    assert errors == {
        "role": ["Adela Díaz Bernárdez already holds this role for Spain in that period."]
    }


def test_closed_period_overlapping_a_held_post_is_refused_by_clean(adela, spain):
    # The database only knows "one open post"; clean() also compares periods.
    errors = _clean_errors(
        person=adela,
        member=spain,
        role=Role.FOCAL_POINT,
        start_on=D(2017, 1, 1),
        end_on=D(2018, 1, 1),
    )
    assert list(errors) == ["role"]


def test_periods_that_touch_do_not_overlap(adela, spain):
    # Half-open periods: ending on D and starting on D is a handover, not an overlap.
    Appointment(
        person=adela,
        member=spain,
        role=Role.FOCAL_POINT,
        start_on=D(2015, 1, 1),
        end_on=D(2016, 9, 23),
    ).full_clean()


def test_same_person_may_hold_another_role_or_the_same_role_elsewhere(adela, spain, kenya):
    Appointment(person=adela, member=spain, role=Role.ALTERNATE).full_clean()
    Appointment(person=adela, member=kenya, role=Role.FOCAL_POINT).full_clean()
