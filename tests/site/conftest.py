"""Fixtures of the members' site tests: themes, languages, a crowd of people,
and reading links out of the emails the site sends."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import translation

from focalpoints.choices import Role
from focalpoints.models import Appointment, Person
from network.choices import MemberKind
from network.core.search import normalise
from network.models import Language, Member, Region, Theme


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; these tests check behaviour,
    # not the hasher, and create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    # Django's test client leaves the language of a request active in this
    # thread; put the default back so that the tests after a Spanish or French
    # page (and the commands they call) do not run in that language.
    yield
    translation.deactivate()


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
    return Member.objects.create(
        kind=MemberKind.STATE, name="Senegal", country="SN", region=Region.objects.get(code="011")
    )


def make_people(count, member, *, consent=False, prefix="Person"):
    """``count`` people holding a current alternate post for ``member``, with
    contact details; written in bulk (with the search text the models would
    write) so that large pages stay quick to set up."""
    people = Person.objects.bulk_create(
        Person(
            given_name=f"{prefix}{number:03d}",
            family_name="Crowd",
            email=f"{prefix.lower()}{number}@example.org",
            phone=f"+1 555 01{number:02d}",
            public_listing=consent,
            search_text=normalise(
                f"{prefix}{number:03d}",
                "Crowd",
                f"{prefix.lower()}{number}@example.org",
                member.name,
                member.acronym,
                "Adviser",
            ),
        )
        for number in range(count)
    )
    Appointment.objects.bulk_create(
        Appointment(
            person=person,
            member=member,
            role=Role.ALTERNATE,
            start_on=datetime.date(2020, 1, 1),
            position="Adviser",
            work_email=f"{person.given_name.lower()}.work@example.org",
        )
        for person in people
    )
    return people


LINK = re.compile(r"https?://[^\s]+")


def link_in_last_email(to=None):
    """The path of the first link in the last email (sent to ``to``, if given)."""
    messages = [m for m in mail.outbox if to is None or to in m.to]
    assert messages, f"no email sent to {to}"
    url = LINK.search(messages[-1].body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]
