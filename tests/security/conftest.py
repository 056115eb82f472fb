"""Fixtures of the security proofs: the real demo data plus personal data in
every app — people who did not consent to public listing, with addresses and
phone numbers, registered for meetings, subscribed to the newsletter, writing
commitment updates — so that a leak anywhere has something to leak."""

import pytest
from django.core.cache import cache

from tests.factories import seed_world


@pytest.fixture(autouse=True)
def _generous_api_rates(settings):
    """A crawler asks the API for hundreds of pages in a few seconds."""
    cache.clear()
    settings.API_THROTTLE_RATES = {
        "anonymous": "100000/minute",
        "partner": "100000/minute",
        "user": "100000/minute",
    }
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "newsletters"],
        }
    }
    yield
    cache.clear()


@pytest.fixture
def senegal(reference_data):
    from network.choices import MemberKind
    from network.models import Member, Region

    return Member.objects.create(
        kind=MemberKind.STATE, name="Senegal", country="SN", region=Region.objects.get(code="011")
    )


@pytest.fixture
def world(member_user, staff_user, senegal, mary):
    return seed_world(member_user, staff_user, senegal, mary)
