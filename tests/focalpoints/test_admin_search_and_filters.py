"""The admin's search ignores case and accents, and each list filter keeps the
rows it names, on every list of the directory and the network."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.models import Person
from network.choices import MemberKind
from network.models import Member, Organisation, Region

pytestmark = pytest.mark.django_db


def listed(client, name, query):
    response = client.get(reverse(f"admin:{name}_changelist"), query)
    assert response.status_code == 200, response
    return {str(row) for row in response.context["cl"].result_list}


@pytest.fixture
def people(adela, mary, kenya, successor, spain):
    """Adela (Spain, current, never verified), Mary (Kenya, current, verified
    today, listed publicly), Ana (former alternate for Spain and Kenya)."""
    services.mark_verified(mary)
    for member in (spain, kenya):
        services.appoint_person(
            successor,
            member,
            Role.ALTERNATE,
            start_on=datetime.date(2015, 1, 1),
            end_on=datetime.date(2016, 1, 1),
        )
    return {"adela": adela, "mary": mary, "ana": successor}


ADELA, MARY, ANA = "Adela Díaz Bernárdez", "Mary Kaburu", "Ana Ruiz Peña"


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("diaz bernardez", {ADELA}),
        ("DÍAZ", {ADELA}),
        ("bernardez adela", {ADELA}),
        ("pena", {ANA}),
        ("kaburu", {MARY}),
        ("human rights office", {ADELA}),  # a post's position
        ("kenya", {MARY, ANA}),  # a post's member
        ("nobody", set()),
    ],
)
def test_people_search_ignores_case_and_accents(staff_client, people, term, found):
    assert listed(staff_client, "focalpoints_person", {"q": term}) == found


def test_appointment_search_finds_the_posts_of_the_people_named(staff_client, people):
    found = listed(staff_client, "focalpoints_appointment", {"q": "ruiz pena"})
    assert found == {
        f"{ANA} — Alternate focal point, Spain",
        f"{ANA} — Alternate focal point, Kenya",
    }


def test_member_search_ignores_case_and_accents(staff_client, spain):
    Member.objects.create(kind=MemberKind.STATE, name="Côte d’Ivoire", country="CI")
    assert listed(staff_client, "network_member", {"q": "COTE"}) == {"Côte d’Ivoire"}
    assert listed(staff_client, "network_member", {"q": "es"}) == {"Spain"}  # by ISO code


def test_organisation_search_ignores_case_and_accents(staff_client):
    Organisation.objects.create(name="Universitat Autònoma de Barcelona")
    Organisation.objects.create(name="Inclusive Security")
    found = listed(staff_client, "network_organisation", {"q": "universitat autonoma"})
    assert found == {"Universitat Autònoma de Barcelona"}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"status": "current"}, {ADELA, MARY}),
        ({"status": "former"}, {ANA}),
        ({"verification": "due"}, {ADELA, ANA}),
        ({"verification": "recent"}, {MARY}),
        ({"appointments__role__exact": Role.ALTERNATE}, {ANA}),
        ({"region": "150"}, {ADELA, ANA}),  # Europe includes Southern Europe (Spain)
        ({"region": "002"}, {MARY, ANA}),  # Africa › Sub-Saharan › Eastern Africa (Kenya)
        ({"region": "014", "status": "current"}, {MARY}),
        ({"public_listing__exact": "1"}, {MARY}),
    ],
)
def test_people_filters(staff_client, people, query, found):
    assert listed(staff_client, "focalpoints_person", query) == found


def test_people_filter_by_member(staff_client, people, kenya):
    query = {"appointments__member__id__exact": kenya.pk}
    assert listed(staff_client, "focalpoints_person", query) == {MARY, ANA}


def test_people_region_filter_lists_a_person_once_however_many_posts(staff_client, people, spain):
    services.appoint_person(
        people["ana"], spain, Role.DELEGATE, start_on=datetime.date(2017, 4, 26)
    )
    response = staff_client.get(reverse("admin:focalpoints_person_changelist"), {"region": "150"})
    names = [str(person) for person in response.context["cl"].result_list]
    assert sorted(names) == sorted([ADELA, ANA])  # Ana holds two posts in Europe


def test_verification_filter_counts_twelve_months(staff_client, people):
    people["adela"].verified_at = timezone.now() - datetime.timedelta(days=364)
    people["adela"].save()
    assert ADELA not in listed(staff_client, "focalpoints_person", {"verification": "due"})
    people["adela"].verified_at = timezone.now() - datetime.timedelta(days=366)
    people["adela"].save()
    assert ADELA in listed(staff_client, "focalpoints_person", {"verification": "due"})


def test_unknown_region_is_a_bad_lookup_not_a_server_error(staff_client, people):
    for name in ("focalpoints_person", "focalpoints_appointment", "network_member"):
        response = staff_client.get(reverse(f"admin:{name}_changelist"), {"region": "abc"})
        assert response.status_code == 302
        assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"status": "current"}, {"Adela", "Mary"}),
        ({"status": "former"}, {"Ana-ES", "Ana-KE"}),
        ({"role__exact": Role.FOCAL_POINT}, {"Adela", "Mary"}),
        ({"region": "039"}, {"Adela", "Ana-ES"}),
        ({"region": "202"}, {"Mary", "Ana-KE"}),
    ],
)
def test_appointment_filters(staff_client, people, query, found):
    short = {
        f"{ADELA} — Focal point, Spain": "Adela",
        f"{MARY} — Focal point, Kenya": "Mary",
        f"{ANA} — Alternate focal point, Spain": "Ana-ES",
        f"{ANA} — Alternate focal point, Kenya": "Ana-KE",
    }
    assert {short[row] for row in listed(staff_client, "focalpoints_appointment", query)} == found


def test_appointment_filter_by_member(staff_client, people, spain):
    found = listed(staff_client, "focalpoints_appointment", {"member__id__exact": spain.pk})
    assert found == {f"{ADELA} — Focal point, Spain", f"{ANA} — Alternate focal point, Spain"}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"kind__exact": MemberKind.STATE}, {"Spain", "Kenya"}),
        (
            {"kind__exact": MemberKind.REGIONAL_ORGANISATION},
            {"Economic Community of West African States"},
        ),
        ({"region": "002"}, {"Kenya", "Economic Community of West African States"}),
        ({"region": "150"}, {"Spain"}),
        ({"focal_point": "yes"}, {"Spain", "Kenya"}),
        ({"focal_point": "no"}, {"Economic Community of West African States"}),
        ({"active__exact": "0"}, set()),
    ],
)
def test_member_filters(staff_client, people, ecowas, query, found):
    assert listed(staff_client, "network_member", query) == found


def test_organisation_filter_by_member_kind(staff_client, spain):
    Organisation.objects.create(name="Federal Foreign Office", member=spain)
    Organisation.objects.create(name="Inclusive Security")
    found = listed(staff_client, "network_organisation", {"member__kind__exact": MemberKind.STATE})
    assert found == {"Federal Foreign Office"}


def test_region_list_filter_by_level(staff_client):
    found = listed(staff_client, "network_region", {"level__exact": "region"})
    assert found == set(Region.objects.filter(level="region").values_list("name", flat=True))
    assert "Africa" in found and "Europe" in found


def test_person_status_filter_ignores_people_with_no_post(staff_client, people):
    Person.objects.create(given_name="Zoe", family_name="Guest")
    assert "Zoe Guest" not in listed(staff_client, "focalpoints_person", {"status": "former"})
    assert "Zoe Guest" not in listed(staff_client, "focalpoints_person", {"status": "current"})
