"""``manage.py load_demo`` loads the real, public facts of the network's first
meeting (Alicante, April 2017), idempotently, and invents no contact data."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from focalpoints.choices import Role
from focalpoints.models import Appointment, Person
from network.choices import MemberKind
from network.models import ActionPlan, Member, Membership, Organisation, Theme

pytestmark = pytest.mark.django_db

CHAIRS_SUMMARY = (Path(__file__).parent / "data" / "chairs-summary-alicante-2017.txt").read_text()

# The 60 States of the Alicante joint communiqué (shared/data/network-facts.txt,
# block d1), as ISO 3166-1 alpha-2 codes.
ALICANTE_STATES = set(
    re.findall(
        r"[A-Z]{2}",
        """
        AE AF AR AU BA BE BF BG CA CH CL CO CY CZ DE EE ES FI FR GB GT HR HU ID IE IT
        JO JP KE KZ LK LT LU LV MA ME ML MT MY NA NG NL NO NZ PH PL PT RO RS SE SI SK
        SL SN TH TN UA US UY ZA
        """,
    )
)


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: (model.objects.count(), model.history.count())
        for model in (Member, Membership, ActionPlan, Organisation, Theme, Person, Appointment)
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module and rolled back after it; each
    test runs in a savepoint inside."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = load_demo()
        yield output
        transaction.set_rollback(True)


def test_load_demo_twice_changes_nothing(demo):
    first = counts()
    stamps = sorted(Person.objects.values_list("updated_at", flat=True)) + sorted(
        Member.objects.values_list("updated_at", flat=True)
    )

    again = load_demo()

    assert counts() == first  # no new rows, and no history entries either
    assert (
        sorted(Person.objects.values_list("updated_at", flat=True))
        + sorted(Member.objects.values_list("updated_at", flat=True))
        == stamps
    )  # partners syncing with updated_since see no change
    assert "Demo dataset loaded." in again
    assert "89 members (88 with a membership)" in demo
    assert "31 people, 31 appointments" in demo


def test_members_are_those_the_alicante_and_washington_communiques_name(demo):
    states = Member.objects.in_network().filter(kind=MemberKind.STATE)
    assert {member.country.code for member in states} > ALICANTE_STATES
    assert states.count() == 60 + 19  # Washington 2023 names 19 States Alicante did not
    organisations = Member.objects.in_network().exclude(kind=MemberKind.STATE)
    assert sorted(organisations.values_list("acronym", flat=True)) == [
        "AU",
        "ECOWAS",
        "EU",
        "IGAD",
        "NATO",
        "OAS",
        "OSCE",
        "UN Women",
        "UfM",
    ]
    # GNWP is known from the Chair's Summary, but no communiqué names it a member.
    assert not Member.objects.in_network().filter(slug="gnwp").exists()


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("ES", ["Europe", "Southern Europe"]),
        ("KE", ["Africa", "Sub-Saharan Africa", "Eastern Africa"]),
        ("AR", ["Americas", "Latin America and the Caribbean", "South America"]),
        ("US", ["Americas", "Northern America"]),
        ("PH", ["Asia", "South-eastern Asia"]),
        ("NZ", ["Oceania", "Australia and New Zealand"]),
        ("ecowas", ["Africa", "Sub-Saharan Africa", "Western Africa"]),
        ("eu", ["Europe"]),
    ],
)
def test_members_carry_their_m49_region(demo, key, path):
    assert Member.objects.get_by_key(key).region.path == path


def test_every_state_has_a_region(demo):
    assert not Member.objects.filter(kind=MemberKind.STATE, region__isnull=True).exists()


def _plain(text):
    """The summary's typography and line breaks, flattened for comparison."""
    text = text.replace("’", "'").replace("- ", "-")
    return " ".join(text.split())


def test_the_31_people_of_the_chairs_summary_with_positions_as_it_states_them(demo):
    summary = _plain(CHAIRS_SUMMARY)
    people = Person.objects.prefetch_related("appointments")
    assert people.count() == 31
    for person in people:
        assert _plain(person.name) in summary, person
        for post in person.appointments.all():
            assert _plain(post.position) in summary, (person, post.position)


@pytest.mark.parametrize(
    ("given", "family", "member", "position"),
    [
        (
            "Diosita T.",
            "Andot",
            "PH",
            "Undersecretary for Peacebuilding and Development and Director of the Office of "
            "the Presidential Adviser on the Peace Process",
        ),
        (
            "Roman",
            "Oyarzun Marchesi",
            "ES",
            "Permanent Representative of Spain to the United Nations",
        ),
        ("Adela", "Díaz Bernárdez", "ES", "Director of the Human Rights Office"),
        ("Mary", "Kaburu", "KE", "Principal Gender Office"),  # sic, as the summary has it
        ("Mavic", "Cabrera-Balleza", "gnwp", "International Coordinator"),
    ],
)
def test_named_positions(demo, given, family, member, position):
    post = Appointment.objects.get(person__given_name=given, person__family_name=family)
    assert (post.member.key, post.position) == (member, position)
    # Known from the April 2017 summary only: shown "as of", never as current.
    assert not post.is_current and post.is_dated
    assert post.as_of_display == "as of April 2017 (Chair's Summary)"


def test_guests_from_outside_the_network_are_observers_of_their_organisation(demo):
    post = Appointment.objects.get(person__family_name="Villellas")
    assert (post.member, post.organisation.name, post.role) == (
        None,
        "Universitat Autònoma de Barcelona",
        Role.OBSERVER,
    )


def test_no_contact_data_is_invented_and_nobody_is_listed(demo):
    assert not Person.objects.exclude(email="").exists()
    assert not Person.objects.exclude(phone="").exists()
    assert not Appointment.objects.exclude(work_email="").exists()
    assert not Appointment.objects.exclude(phone="").exists()
    assert not Person.objects.filter(public_listing=True).exists()


def test_every_demo_post_names_its_source(demo):
    sources = set(Appointment.objects.values_list("source", flat=True))
    assert len(sources) == 1
    assert re.search(r"Chair's Summary .* Alicante, 26-27 April 2017", sources.pop())
