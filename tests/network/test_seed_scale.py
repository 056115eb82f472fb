"""manage.py seed_scale: a deterministic synthetic network for benchmarks."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction

from focalpoints.models import Appointment, Person
from meetings.models import Commitment, Meeting, Registration, Session
from network.models import ActionPlan, Member, User
from newsletters.models import Delivery, Entry, Subscription

PEOPLE = 40


def seed(**options):
    call_command("seed_scale", people=PEOPLE, verbosity=0, stdout=_Quiet(), **options)


class _Quiet:
    def write(self, *args):
        pass

    def flush(self):
        pass


def digest():
    """What the data says, without its ids (which depend on the database)."""
    rows = [
        list(Person.objects.order_by("pk").values_list("given_name", "family_name", "email",
                                                       "public_listing", "search_text")),
        list(Appointment.objects.order_by("pk").values_list("role", "position", "start_on",
                                                            "end_on", "member__name")),
        list(Meeting.objects.order_by("pk").values_list("title", "start_date", "status")),
        list(Commitment.objects.order_by("pk").values_list("text", "status")),
        list(Subscription.objects.order_by("pk").values_list("email", "confirmed_at", "token")),
    ]  # fmt: skip
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.mark.django_db
def test_seed_scale_writes_the_shape_asked_for_and_the_same_data_for_the_same_seed(
    reference_data,
):
    with transaction.atomic():
        seed(seed=7)
        first = digest()
        transaction.set_rollback(True)
    seed(seed=7)
    assert digest() == first

    assert Person.objects.count() == PEOPLE
    assert Appointment.objects.count() == PEOPLE * 3 // 2
    assert Member.objects.count() == 200
    assert Subscription.objects.count() == PEOPLE * 10
    assert Meeting.objects.count() == 200
    assert Session.objects.count() == 200 * 6
    assert Registration.objects.exists() and Commitment.objects.exists()
    assert Entry.objects.exists() and ActionPlan.objects.exists()
    active = Subscription.objects.active().count()
    assert Delivery.objects.count() == active > 0
    # Rotation: every second person handed over a post held before.
    assert Appointment.objects.current().count() == PEOPLE
    # Members who can log in, for the benchmarks of members' pages.
    assert User.objects.filter(person__isnull=False).exists()


@pytest.mark.django_db
def test_seeded_rows_are_what_the_models_would_have_written(reference_data):
    seed()
    for person in Person.objects.all():
        assert (person.public_search_text, person.search_text) == person.build_search_texts(), (
            person.pk
        )
    for model in (Person, Appointment, Meeting, Session, Registration, Commitment, Entry):
        for row in model.objects.all()[:25]:
            try:
                row.full_clean()
            except ValidationError as error:  # pragma: no cover - the message says which
                pytest.fail(f"{model.__name__} {row.pk}: {error.message_dict}")
    # The id sequences follow the explicit ids: the ORM can insert after a seed.
    Person.objects.create(given_name="After", family_name="Seed")


@pytest.mark.django_db
def test_seed_scale_refuses_a_database_with_data_unless_forced(reference_data, adela):
    with pytest.raises(CommandError, match="--force"):
        seed()
    assert Person.objects.count() == 1
    seed(force=True)
    assert Person.objects.count() == PEOPLE + 1
    assert Member.objects.filter(country="ES").count() == 1
