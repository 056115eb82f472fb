"""Fixtures of the API tests: a client for each kind of caller.

Counts and throttle buckets live in the cache, which tests/conftest.py empties
before each test; rates are high unless a test lowers them.
"""

import pytest
from rest_framework.test import APIClient

from network.models import PartnerToken
from tests.factories import build_agenda


@pytest.fixture(autouse=True)
def _generous_rates(settings):
    settings.API_THROTTLE_RATES = {
        "anonymous": "10000/minute",
        "partner": "10000/minute",
        "user": "10000/minute",
    }
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    # Accounts are made for every caller of every row of the permission table;
    # a deliberately slow password hash would make that minutes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def partner_token(db):
    """A usable token and its plaintext."""
    return PartnerToken.objects.issue(name="University research group", contact_name="R. Search")


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def partner(partner_token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {partner_token[1]}")
    return client


@pytest.fixture
def member(member_user):
    """Adela, Spain's focal point (not publicly listed), logged in."""
    client = APIClient()
    client.force_login(member_user)
    return client


@pytest.fixture
def staff(staff_user):
    client = APIClient()
    client.force_login(staff_user)
    return client


@pytest.fixture
def staff_without_2fa(staff_user):
    """Staff with a confirmed TOTP device, logged in with the password alone."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)
    client = APIClient()
    client.force_login(staff_user)
    return client


@pytest.fixture
def staff_without_perms(db):
    """A staff account (is_staff) given no model permission."""
    from tests.factories import make_user

    client = APIClient()
    client.force_login(make_user("no.perms@example.org", is_staff=True))
    return client


@pytest.fixture
def callers(anonymous, partner, member, staff):
    return {"anonymous": anonymous, "partner": partner, "member": member, "staff": staff}


# --- meetings, commitments, newsletters -------------------------------------------


@pytest.fixture
def agenda(adela, mary, spain, kenya, ecowas):
    """The meetings and newsletters of ``build_agenda``, for one test."""
    return build_agenda(spain, kenya, ecowas, adela, mary)
