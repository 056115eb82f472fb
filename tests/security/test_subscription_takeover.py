"""Issue 12, finding 2: a member cannot take over someone else's subscription.

The attack: member A sets their directory email to the victim's address
(unverified), subscribes with it, and used to get the victim's subscription
linked to their person — seeing it, its permanent unsubscribe token, changing
it — and erasing A erased it. An address is someone's only once they prove
they read mail there.
"""

import re

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from network.core import privacy
from newsletters.models import Newsletter, Subscription
from tests.factories import run_tasks

pytestmark = pytest.mark.django_db

VICTIM = "victim@example.org"
LINK = re.compile(r"https?://[^\s\"<>]+(/newsletters/confirm/[^\s\"<>/]+/)")


@pytest.fixture
def newsletter(db):
    return Newsletter.objects.create(name="WPS newsletter", slug="wps", default_language="en")


@pytest.fixture
def victims(newsletter):
    return Subscription.objects.create(
        newsletter=newsletter, email=VICTIM, language="en", confirmed_at=timezone.now()
    )


@pytest.fixture
def attacker(member_user):
    """Member A, whose directory email now reads the victim's address."""
    client = APIClient()
    client.force_login(member_user)
    response = client.patch(
        f"/api/v1/people/{member_user.person.pk}/", {"email": VICTIM}, format="json"
    )
    assert response.status_code == 200
    return client


def _subscribe(client, email=VICTIM):
    response = client.post("/newsletters/", {"email": email, "language": "fr", "newsletter": "wps"})
    run_tasks()
    return response


def test_subscribing_with_someone_elses_address_links_nothing(
    attacker, victims, member_user, mailoutbox
):
    assert _subscribe(attacker).status_code == 302
    victims.refresh_from_db()
    assert victims.person_id is None
    assert victims.language == "en"
    # A sees nothing of it: not on the page, not in the API.
    page = attacker.get("/newsletters/").content.decode()
    assert VICTIM not in page and victims.token not in page
    assert attacker.get("/api/v1/subscriptions/").json()["count"] == 0
    assert attacker.get(f"/api/v1/subscriptions/{victims.pk}/").status_code == 404
    assert (
        attacker.patch(
            f"/api/v1/subscriptions/{victims.pk}/", {"language": "es"}, format="json"
        ).status_code
        == 404
    )
    # The victim was told, at their own address; A got nothing.
    assert [message.to for message in mailoutbox] == [[VICTIM]]


def test_erasing_the_attacker_leaves_the_victims_subscription(
    attacker, victims, member_user, staff_user
):
    _subscribe(attacker)
    person = member_user.person
    exported = privacy.export_person_data(person, user=staff_user, surface="command")
    assert VICTIM not in str(exported.get("newsletters", exported))
    privacy.erase_person(person, by=staff_user)
    victims.refresh_from_db()
    assert victims.email == VICTIM
    assert victims.unsubscribed_at is None


def test_the_victim_confirming_does_not_hand_the_subscription_to_the_asker(
    attacker, victims, mailoutbox
):
    victims.unsubscribed_at = timezone.now()
    victims.save()
    _subscribe(attacker)
    link = LINK.search(mailoutbox[-1].body).group(1)
    Client().post(link)  # the victim, who reads the mail, confirms
    victims.refresh_from_db()
    assert victims.is_active
    assert victims.person_id is None


def test_the_asker_who_reads_the_mail_gets_their_subscription(member_user, newsletter, mailoutbox):
    client = Client()
    client.force_login(member_user)
    _subscribe(client, member_user.email)
    link = LINK.search(mailoutbox[-1].body).group(1)
    client.post(link)
    assert Subscription.objects.get().person == member_user.person
