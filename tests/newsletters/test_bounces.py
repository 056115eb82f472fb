"""Bounces and complaints suspend subscriptions: django-anymail's tracking
webhooks, the generic authenticated webhook, and the admin's actions."""

import base64
import json

import pytest

from newsletters.models import Subscription
from tests.factories import make_subscribers


@pytest.fixture
def anymail_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "wps:a-webhook-secret"}
    settings.ANYMAIL_WEBHOOK_PROVIDERS = ["postmark"]
    return "Basic " + base64.b64encode(b"wps:a-webhook-secret").decode()


def postmark(client, auth, record):
    return client.post(
        "/newsletters/anymail/postmark/tracking/",
        json.dumps(record),
        content_type="application/json",
        headers={"Authorization": auth} if auth else {},
    )


def test_a_hard_bounce_from_the_provider_suspends_the_subscription(
    client, newsletter, anymail_secret
):
    bounced, other = make_subscribers(newsletter, 2)
    response = postmark(
        client,
        anymail_secret,
        {
            "RecordType": "Bounce",
            "Type": "HardBounce",
            "Email": bounced.email.upper(),
            "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
            "Description": "The server was unable to deliver your message",
            "Details": "smtp;550 5.1.1 The email account does not exist.",
            "BouncedAt": "2024-01-01T10:00:00Z",
        },
    )
    assert response.status_code == 200
    bounced.refresh_from_db()
    other.refresh_from_db()
    assert bounced.suspended_at is not None
    assert bounced.suspension_reason == "hard_bounce"
    assert "550 5.1.1" in bounced.suspension_detail or "unable" in bounced.suspension_detail
    assert other.is_active


def test_a_complaint_from_the_provider_suspends_the_subscription(
    client, newsletter, anymail_secret
):
    (subscription,) = make_subscribers(newsletter, 1)
    postmark(
        client,
        anymail_secret,
        {
            "RecordType": "SpamComplaint",
            "Type": "SpamComplaint",
            "Email": subscription.email,
            "BouncedAt": "2024-01-01T10:00:00Z",
        },
    )
    subscription.refresh_from_db()
    assert subscription.suspension_reason == "complaint"


def test_the_provider_webhook_needs_its_secret(client, newsletter, anymail_secret):
    (subscription,) = make_subscribers(newsletter, 1)
    record = {"RecordType": "Bounce", "Type": "HardBounce", "Email": subscription.email}
    assert postmark(client, None, record).status_code in (400, 401, 403)
    wrong = "Basic " + base64.b64encode(b"wps:wrong").decode()
    assert postmark(client, wrong, record).status_code in (400, 401, 403)
    subscription.refresh_from_db()
    assert subscription.is_active


def test_provider_events_are_ignored_while_no_secret_is_set(client, newsletter, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    (subscription,) = make_subscribers(newsletter, 1)
    postmark(
        client,
        None,
        {"RecordType": "Bounce", "Type": "HardBounce", "Email": subscription.email},
    )
    subscription.refresh_from_db()
    assert subscription.is_active


@pytest.fixture
def webhook_token(settings):
    settings.NEWSLETTER_WEBHOOK_TOKEN = "a-long-random-webhook-token"
    return "a-long-random-webhook-token"


def generic(client, token, payload):
    return client.post(
        "/newsletters/webhooks/bounces/",
        json.dumps(payload) if not isinstance(payload, str) else payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )


def test_the_generic_webhook_suspends_and_answers_the_same_for_unknown_addresses(
    client, newsletter, webhook_token
):
    (subscription,) = make_subscribers(newsletter, 1)
    known = generic(
        client, webhook_token, {"email": subscription.email, "type": "complaint", "detail": "FBL"}
    )
    unknown = generic(client, webhook_token, {"email": "nobody@example.org", "type": "complaint"})
    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content
    subscription.refresh_from_db()
    assert subscription.suspension_reason == "complaint"
    assert subscription.suspension_detail == "FBL"


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_the_generic_webhook_refuses_without_its_token(client, newsletter, webhook_token, token):
    (subscription,) = make_subscribers(newsletter, 1)
    response = generic(client, token, {"email": subscription.email, "type": "hard_bounce"})
    assert response.status_code == 401
    subscription.refresh_from_db()
    assert subscription.is_active


def test_the_generic_webhook_is_off_without_a_configured_token(client, newsletter):
    (subscription,) = make_subscribers(newsletter, 1)
    response = generic(client, "", {"email": subscription.email, "type": "hard_bounce"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        {"type": "complaint"},
        {"email": "bad", "type": "complaint"},
        {"email": "a@example.org", "type": "soft"},
    ],
)
def test_the_generic_webhook_explains_bad_input(client, newsletter, webhook_token, payload):
    response = generic(client, webhook_token, payload)
    assert response.status_code == 400
    assert "error" in response.json()


def test_staff_suspend_and_see_suspensions_in_the_admin(staff_client, newsletter):
    bounced, complained, fine = make_subscribers(newsletter, 3)
    url = "/admin/newsletters/subscription/"
    staff_client.post(
        url, {"action": "suspend_hard_bounce", "_selected_action": [bounced.pk]}, follow=True
    )
    staff_client.post(
        url, {"action": "suspend_complaint", "_selected_action": [complained.pk]}, follow=True
    )
    reasons = dict(Subscription.objects.values_list("email", "suspension_reason"))
    assert reasons == {bounced.email: "hard_bounce", complained.email: "complaint", fine.email: ""}
    listing = staff_client.get(url + "?state=suspended")
    assert bounced.email.encode() in listing.content
    assert complained.email.encode() in listing.content
    assert fine.email.encode() not in listing.content
    history = staff_client.get(f"{url}{bounced.pk}/history/")
    assert history.status_code == 200
    assert b"suspended: hard_bounce" in history.content
