"""Subscribing with double opt-in, confirming, unsubscribing (RFC 8058 and a
page for people), re-subscribing — and what a stranger can learn: nothing."""

import re

import pytest
from django.test import Client

from newsletters.models import Subscription
from tests.factories import make_subscribers, run_tasks

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
LINK = re.compile(r"https?://[^\s\"<>]+/newsletters/confirm/[^\s\"<>/]+/")


def subscribe(client, email, language="en"):
    response = client.post(
        "/newsletters/", {"email": email, "language": language, "newsletter": "wps"}
    )
    run_tasks()
    return response


def confirmation_link(message):
    links = set(LINK.findall(message.body))
    assert len(links) == 1, message.body
    return links.pop().split("://", 1)[1].split("/", 1)[1].join(["/", ""])


@pytest.fixture
def pending(client, newsletter, mailoutbox):
    subscribe(client, "Ana@Example.org", language="es")
    return Subscription.objects.get(), confirmation_link(mailoutbox[-1])


def test_subscribing_sends_a_confirmation_link_and_changes_nothing_else(pending, mailoutbox):
    subscription, _link = pending
    assert subscription.email == "ana@example.org"
    assert subscription.language == "es"
    assert subscription.confirmed_at is None
    assert not subscription.is_active
    assert mailoutbox[-1].to == ["ana@example.org"]
    # In the language asked for.
    assert '<html lang="es">' in mailoutbox[-1].alternatives[0].content


def test_the_confirmation_page_asks_before_confirming(client, pending):
    subscription, link = pending
    response = client.get(link)
    assert response.status_code == 200
    assert b"Confirm my subscription" in response.content
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # a link scanner's GET confirms nothing


def test_confirming_activates_the_subscription(client, pending):
    subscription, link = pending
    response = client.post(link)
    assert response.status_code == 200
    assert b"Subscription confirmed" in response.content
    subscription.refresh_from_db()
    assert subscription.is_active
    assert subscription.history.first().history_change_reason == "confirmed by the subscriber"


def test_a_confirmation_link_used_twice_changes_nothing(client, pending):
    subscription, link = pending
    client.post(link)
    subscription.refresh_from_db()
    first_confirmed_at = subscription.confirmed_at
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 409
        assert b"already been used" in response.content
    subscription.refresh_from_db()
    assert subscription.confirmed_at == first_confirmed_at


def test_an_expired_confirmation_link_changes_nothing(client, pending, settings):
    subscription, link = pending
    settings.NEWSLETTER_CONFIRMATION_MAX_AGE = -1
    response = client.post(link)
    assert response.status_code == 410
    assert b"expired" in response.content
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


@pytest.mark.parametrize(
    "key",
    [
        "forged",
        "eyJzIjoxLCJuIjoieCJ9:1u0000:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "a" * 300,
    ],
)
def test_a_forged_confirmation_link_changes_nothing(client, pending, key):
    subscription, _link = pending
    for response in (
        client.get(f"/newsletters/confirm/{key}/"),
        client.post(f"/newsletters/confirm/{key}/"),
    ):
        assert response.status_code == 400
        assert b"not valid" in response.content
        assert b"ana@" not in response.content
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_a_newer_link_replaces_the_older(client, pending, mailoutbox, settings):
    subscription, old_link = pending
    Subscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=None)
    subscribe(client, "ana@example.org", language="es")
    new_link = confirmation_link(mailoutbox[-1])
    assert new_link != old_link
    assert client.post(old_link).status_code == 409
    assert client.post(new_link).status_code == 200


def test_the_answer_is_the_same_whether_or_not_the_address_is_known(newsletter, mailoutbox):
    make_subscribers(newsletter, 1, prefix="known")
    answers = []
    for email in ("known0@example.org", "unknown@example.org", "KNOWN0@example.org"):
        response = subscribe(Client(), email)
        answers.append((response.status_code, response["Location"]))
        page = Client().get(response["Location"])
        answers.append((page.status_code, CSRF.sub(b"", page.content)))  # tokens differ per client
    assert answers[0] == answers[2] == answers[4]
    assert answers[1] == answers[3] == answers[5]
    # The owners of the addresses learn what happened, by email.
    assert [m.to for m in mailoutbox] == [["known0@example.org"], ["unknown@example.org"]]
    assert "already subscribed" in mailoutbox[0].body
    assert LINK.search(mailoutbox[1].body)


def test_an_active_subscription_is_not_changed_by_a_strangers_request(newsletter, mailoutbox):
    (known,) = make_subscribers(newsletter, 1, prefix="known")
    subscribe(Client(), "known0@example.org", language="fr")
    known.refresh_from_db()
    assert known.is_active
    assert known.language == "en"


def test_repeated_requests_do_not_flood_a_mailbox(client, pending, mailoutbox):
    for _ in range(3):
        subscribe(client, "ana@example.org")
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "email", ["not-an-address", "a@b", "ana@example.org\r\nBcc: x@example.org", ""]
)
def test_a_malformed_address_gets_a_message_naming_the_field(client, newsletter, email, mailoutbox):
    response = client.post("/newsletters/", {"email": email, "language": "en", "newsletter": "wps"})
    assert response.status_code == 400
    assert b"Email address:" in response.content
    assert Subscription.objects.count() == 0
    run_tasks()
    assert mailoutbox == []


def test_one_click_unsubscribe_per_rfc_8058(newsletter):
    (subscription,) = make_subscribers(newsletter, 1)
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post(
        f"/newsletters/unsubscribe/{subscription.token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    assert not subscription.is_active
    assert subscription.history.first().history_change_reason == "unsubscribed (one-click)"


def test_the_unsubscribe_page_shows_a_button_and_changes_nothing(client, newsletter):
    (subscription,) = make_subscribers(newsletter, 1)
    response = client.get(f"/newsletters/unsubscribe/{subscription.token}/")
    assert response.status_code == 200
    assert b'<button type="submit">Unsubscribe</button>' in response.content
    assert b"reader0@example.org" not in response.content  # masked: r…@example.org
    subscription.refresh_from_db()
    assert subscription.is_active


def test_unsubscribing_twice_changes_nothing_the_second_time(client, newsletter):
    (subscription,) = make_subscribers(newsletter, 1)
    url = f"/newsletters/unsubscribe/{subscription.token}/"
    client.post(url, {"List-Unsubscribe": "One-Click"})
    subscription.refresh_from_db()
    first = subscription.unsubscribed_at
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert b"is unsubscribed" in response.content
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at == first


def test_a_forged_unsubscribe_link_changes_nothing_and_tells_nothing(client, newsletter):
    subscriptions = make_subscribers(newsletter, 2)
    for method in (client.get, client.post):
        response = method("/newsletters/unsubscribe/not-a-real-token/")
        assert response.status_code == 404
        assert b"not valid" in response.content
    assert all(s.is_active for s in Subscription.objects.all())
    assert len(subscriptions) == 2


def test_resubscribing_needs_a_new_confirmation(client, newsletter, mailoutbox):
    (subscription,) = make_subscribers(newsletter, 1)
    client.post(f"/newsletters/unsubscribe/{subscription.token}/")
    response = client.post(f"/newsletters/subscription/{subscription.token}/resubscribe/")
    assert response.status_code == 302
    run_tasks()
    subscription.refresh_from_db()
    assert not subscription.is_active
    link = confirmation_link(mailoutbox[-1])
    client.post(link)
    subscription.refresh_from_db()
    assert subscription.is_active
    assert subscription.unsubscribed_at is None


def test_a_subscriber_changes_their_language(client, newsletter):
    (subscription,) = make_subscribers(newsletter, 1)
    response = client.post(
        f"/newsletters/subscription/{subscription.token}/language/", {"language": "fr"}
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.language == "fr"
    response = client.post(
        f"/newsletters/subscription/{subscription.token}/language/", {"language": "xx"}
    )
    assert response.status_code == 400
    assert b"Language of the newsletter:" in response.content


def test_confirming_lifts_a_bounce_suspension(client, newsletter, mailoutbox):
    from newsletters import services

    (subscription,) = make_subscribers(newsletter, 1)
    services.suspend_subscription(subscription, "hard_bounce", "550 no such user")
    subscribe(client, subscription.email)
    client.post(confirmation_link(mailoutbox[-1]))
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.suspension_reason == ""


def test_a_member_sees_their_own_subscription_only(member_client, member_user, newsletter):
    from newsletters import services

    own = services.request_subscription(
        newsletter, member_user.email, "en", person=member_user.person
    )
    make_subscribers(newsletter, 2, prefix="someone")
    response = member_client.get("/newsletters/")
    assert response.status_code == 200
    assert own.email.encode() in response.content
    assert b"someone0@example.org" not in response.content
    assert list(Subscription.objects.visible_to(member_user)) == [own]
    assert list(Subscription.objects.visible_to(None)) == []


def test_a_logged_in_members_subscription_is_linked_to_their_person_when_they_confirm(
    member_client, member_user, newsletter, mailoutbox
):
    subscribe(member_client, member_user.email)
    assert Subscription.objects.get().person is None  # not before they prove the address
    member_client.post(confirmation_link(mailoutbox[-1]))
    assert Subscription.objects.get().person == member_user.person
