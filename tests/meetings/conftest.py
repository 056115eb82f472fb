"""Fixtures of the meetings tests: meetings, sessions, people who register.

Rows that the product writes through services (registrations, commitments,
updates) are set up through those services here too.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from focalpoints import services as focalpoint_services
from focalpoints.choices import Role
from focalpoints.models import Person
from meetings import services
from meetings.choices import MeetingKind, MeetingStatus
from meetings.models import Meeting
from tests.factories import PASSWORD, make_meeting


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The accounts the fixtures create need no strong hash; PBKDF2 costs ~1 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _login_page(settings):
    # LOGIN_URL names the site's "login" page, which the accounts pages add;
    # until they exist, the admin's login page stands in.
    try:
        reverse(settings.LOGIN_URL)
    except NoReverseMatch:
        settings.LOGIN_URL = "admin:login"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # Emails are sent by a background task; here it runs when enqueued.
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "newsletters"],
        }
    }


@pytest.fixture
def meeting(db):
    """A planned meeting a month ahead, registration open, two places."""
    return make_meeting(capacity=2)


@pytest.fixture
def ana(spain):
    """A second Spanish focal point, listed publicly, with her own address."""
    person = Person.objects.create(
        given_name="Ana", family_name="Ruiz", email="ana@example.org", public_listing=True
    )
    focalpoint_services.appoint_person(
        person, spain, Role.ALTERNATE, start_on=datetime.date(2020, 1, 1)
    )
    return person


@pytest.fixture
def kenya_user(mary):
    """The account of Mary, Kenya's focal point."""
    user = get_user_model().objects.create_user(email="mary.account@example.org", password=PASSWORD)
    mary.user = user
    mary.save()
    return user


@pytest.fixture
def kenya_client(client, kenya_user):
    client.force_login(kenya_user)
    return client


@pytest.fixture
def alicante(db):
    return Meeting.objects.create(
        slug="alicante",
        title="Alicante",
        kind=MeetingKind.NETWORK,
        city="Alicante",
        country="ES",
        time_zone="Europe/Madrid",
        start_date=datetime.date(2017, 4, 26),
        end_date=datetime.date(2017, 4, 27),
        status=MeetingStatus.HELD,
    )


@pytest.fixture
def kenya_commitment(alicante, kenya):
    return services.record_commitment(
        alicante, kenya, "Review monitoring and evaluation framework", order=1
    )


@pytest.fixture
def spain_commitment(alicante, spain):
    return services.record_commitment(alicante, spain, "Host the network's secretariat", order=2)
