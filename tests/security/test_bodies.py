"""Issue 12, finding 7 and part of 9: odd bodies get a clear 400 (or 413),
never a 500; only configured providers' webhooks answer."""

import json

import pytest
from rest_framework.test import APIClient

from newsletters.models import Newsletter, Subscription

pytestmark = pytest.mark.django_db

NOT_OBJECTS = ["[{}]", "123", "null", '"text"', "[]"]


@pytest.fixture
def member_api(member_user):
    client = APIClient()
    client.force_login(member_user)
    return client


@pytest.fixture
def own_objects(member_user):
    newsletter = Newsletter.objects.create(name="WPS", slug="wps", default_language="en")
    subscription = Subscription.objects.create(
        newsletter=newsletter, email="adela@example.org", person=member_user.person
    )
    return {
        "people": member_user.person.pk,
        "subscriptions": subscription.pk,
    }


@pytest.mark.parametrize("body", NOT_OBJECTS)
@pytest.mark.parametrize("resource", ["people", "subscriptions"])
def test_a_patch_whose_body_is_not_an_object_is_a_400(member_api, own_objects, resource, body):
    response = member_api.patch(
        f"/api/v1/{resource}/{own_objects[resource]}/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_a_staff_post_whose_body_is_not_an_object_is_a_400(staff_user, body):
    client = APIClient()
    client.force_login(staff_user)
    response = client.post("/api/v1/themes/", body, content_type="application/json")
    assert response.status_code == 400


def test_an_oversized_api_body_is_a_413_in_the_api_shape(member_api, own_objects, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"bio": "x" * 2000})
    response = member_api.patch(
        f"/api/v1/people/{own_objects['people']}/", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["status"] == 413


@pytest.mark.parametrize("provider", ["mailgun", "postmark", "sendgrid", "sparkpost", "resend"])
def test_webhooks_of_providers_not_configured_are_not_there(client, provider, settings):
    settings.ANYMAIL_WEBHOOK_PROVIDERS = []
    response = client.post(
        f"/newsletters/anymail/{provider}/tracking/",
        '[{"event":"bounce"}]',
        content_type="application/json",
    )
    assert response.status_code == 404


@pytest.mark.parametrize("provider", ["postmark", "sendgrid", "sparkpost", "mailjet", "brevo"])
def test_a_configured_providers_webhook_answers_a_bad_body_with_a_400(client, provider, settings):
    import base64

    settings.ANYMAIL = {"WEBHOOK_SECRET": "wps:secret"}
    settings.ANYMAIL_WEBHOOK_PROVIDERS = [provider]
    response = client.post(
        f"/newsletters/anymail/{provider}/tracking/",
        '[{"event":"bounce"}]',
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"wps:secret").decode(),
    )
    assert response.status_code in (200, 400)
