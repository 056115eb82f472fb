"""Fixtures of the directory's tests: more rows for query counts, a successor."""

import datetime

import pytest

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.models import Person
from network.choices import MemberKind
from network.models import Member, Organisation, Theme


@pytest.fixture
def add_rows(db):
    """``add_rows(n)``: n more members, each with an organisation, a theme and a
    person holding a current and a former post — through the services."""
    counter = iter(range(1_000_000))

    def add(n):
        for _ in range(n):
            i = next(counter)
            member = Member.objects.create(kind=MemberKind.CIVIL_SOCIETY, name=f"Network {i}")
            ministry = Organisation.objects.create(name=f"Ministry {i}", member=member)
            Theme.objects.create(name=f"Theme {i}")
            person = Person.objects.create(given_name=f"Person {i}", family_name="Example")
            services.appoint_person(
                person,
                member,
                Role.ALTERNATE,
                organisation=ministry,
                start_on=datetime.date(2015, 1, 1),
                end_on=datetime.date(2019, 1, 1),
            )
            services.appoint_person(
                person,
                member,
                Role.FOCAL_POINT,
                organisation=ministry,
                start_on=datetime.date(2019, 1, 1),
            )

    return add


@pytest.fixture
def successor(db):
    return Person.objects.create(honorific="Ms.", given_name="Ana", family_name="Ruiz Peña")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Production's PBKDF2 costs most of a second per account; tests make many.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
