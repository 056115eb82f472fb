"""Issue 12, finding 8: an anonymous vCard download writes nothing and voids
no shared rendering."""

import pytest
from django.test import Client

from network.core.caching import data_generation
from network.models import PersonalDataExport

pytestmark = pytest.mark.django_db


def test_a_public_vcard_writes_no_row_and_keeps_the_data_generation(mary):
    before = data_generation()
    for _download in range(3):
        response = Client().get(f"/directory/people/{mary.pk}/vcard/")
        assert response.status_code == 200
    assert PersonalDataExport.objects.count() == 0
    assert data_generation() == before


def test_a_members_vcard_is_logged_without_voiding_renderings(member_client, mary):
    before = data_generation()
    assert member_client.get(f"/directory/people/{mary.pk}/vcard/").status_code == 200
    assert PersonalDataExport.objects.get().audience == "member"
    assert data_generation() == before


def test_bogus_partner_tokens_are_throttled_like_anonymous_requests(settings):
    from rest_framework.test import APIClient

    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anonymous": "3/minute"}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token wps_bogus_0000000000000000")
    statuses = [client.get("/api/v1/themes/").status_code for _request in range(4)]
    assert statuses == [401, 401, 401, 429]
