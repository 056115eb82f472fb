"""Fixtures of the members' site tests: themes, languages, a crowd of people,
and reading links out of the emails the site sends."""

import pytest

from network.choices import MemberKind
from network.models import Language, Member, Region, Theme
from tests.factories import in_network


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; these tests check behaviour,
    # not the hasher, and create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def climate(db):
    return Theme.objects.create(name="Climate and security", slug="climate")


@pytest.fixture
def migration(db):
    return Theme.objects.create(name="Migration", slug="migration")


@pytest.fixture
def french(db):
    return Language.objects.get(code="fr")


@pytest.fixture
def spanish(db):
    return Language.objects.get(code="es")


@pytest.fixture
def senegal(db):
    return in_network(
        Member.objects.create(
            kind=MemberKind.STATE,
            name="Senegal",
            country="SN",
            region=Region.objects.get(code="011"),
        )
    )
