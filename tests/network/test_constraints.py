"""The network's data rules hold in the database itself and, with a message
naming the field, in ``Model.full_clean()`` (what the admin, forms and imports call)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from network.choices import MemberKind
from network.models import Member, Organisation, Region

pytestmark = pytest.mark.django_db


def _refused_by_database(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_database_refuses_a_state_without_a_country():
    _refused_by_database(lambda: Member.objects.create(kind=MemberKind.STATE, name="Nowhere"))


def test_database_refuses_an_organisation_member_with_a_country():
    _refused_by_database(
        lambda: Member.objects.create(
            kind=MemberKind.REGIONAL_ORGANISATION, name="African Union", country="ET"
        )
    )


def test_database_refuses_two_members_for_one_country(spain):
    _refused_by_database(
        lambda: Member.objects.create(kind=MemberKind.STATE, name="España", country="ES")
    )


def test_many_organisation_members_may_have_no_country(ecowas):
    Member.objects.create(kind=MemberKind.REGIONAL_ORGANISATION, name="European Union")
    assert Member.objects.filter(country="").count() == 2


def test_clean_names_the_country_of_a_state_without_one():
    with pytest.raises(ValidationError) as error:
        Member(kind=MemberKind.STATE, name="Nowhere", slug="nowhere").full_clean()
    assert "country" in error.value.message_dict


def test_clean_names_the_country_of_an_organisation_that_has_one():
    member = Member(kind=MemberKind.CIVIL_SOCIETY, name="GNWP", slug="gnwp", country="US")
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert error.value.message_dict["country"] == ["Only member States have a country."]


def test_clean_refuses_an_unknown_country_code_naming_the_field():
    member = Member(kind=MemberKind.STATE, name="Atlantis", slug="atlantis", country="XX")
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "country" in error.value.message_dict


def test_clean_refuses_a_second_member_for_a_country(spain):
    with pytest.raises(ValidationError) as error:
        Member(kind=MemberKind.STATE, name="España", slug="espana", country="ES").full_clean()
    assert "A member for this country already exists." in error.value.messages


def test_database_refuses_two_organisations_of_one_member_with_one_name(spain):
    Organisation.objects.create(name="Ministry of Defence", member=spain)
    _refused_by_database(
        lambda: Organisation.objects.create(name="Ministry of Defence", member=spain)
    )


def test_two_members_may_each_have_a_ministry_of_the_same_name(spain, kenya):
    Organisation.objects.create(name="Ministry of Foreign Affairs", member=spain)
    Organisation.objects.create(name="Ministry of Foreign Affairs", member=kenya)
    assert Organisation.objects.filter(name="Ministry of Foreign Affairs").count() == 2


def test_database_refuses_two_organisations_without_member_with_one_name():
    Organisation.objects.create(name="Inclusive Security")
    _refused_by_database(lambda: Organisation.objects.create(name="Inclusive Security"))


def test_clean_refuses_a_duplicate_organisation_without_member():
    Organisation.objects.create(name="Inclusive Security")
    with pytest.raises(ValidationError) as error:
        Organisation(name="Inclusive Security").full_clean()
    assert "An organisation by that name already exists." in error.value.messages


def test_database_refuses_two_regions_with_one_m49_code():
    _refused_by_database(lambda: Region.objects.create(code="039", name="Copy", level="region"))
