"""The newsletters' part of a person's data: subscriptions, by their person
or by any of their addresses, and what was sent to them — issues and messages
to an audience (network.core.privacy)."""

from django.db.models import Q
from django.utils import timezone

from network.core.privacy import (
    erased_email,
    history_rows,
    identity_of,
    register,
    rows,
    save_with_reason,
    scrub_history,
)

from .models import Delivery, MessageDelivery, Subscription, new_token


def proven_addresses(person, emails):
    """The person's addresses that are shown to be theirs: every one but the
    directory address a member types in (unverified), unless it is also their
    login (proven by the invitation or a password reset). A subscription is
    found by address only at these: typing someone's address into one's own
    entry must not make their subscription one's own, to export or erase."""
    typed = (person.email or "").strip().lower()
    login = (person.user.email if person.user is not None else "").strip().lower()
    return {email for email in emails if email != typed or email == login}


def subscriptions_of(person, emails):
    emails = proven_addresses(person, emails)
    return Subscription.objects.filter(Q(person=person) | Q(email__in=list(emails)))


def export(person):
    subscriptions = subscriptions_of(person, identity_of(person).emails)
    ids = list(subscriptions.values_list("pk", flat=True))
    return {
        "subscriptions": rows(subscriptions),
        "subscription_history": history_rows(Subscription, ids),
        "deliveries": rows(Delivery.objects.filter(subscription_id__in=ids)),
        "messages_received": rows(MessageDelivery.objects.filter(person=person)),
    }


def erase(person, identity, by):
    """Subscriptions are anonymised rather than deleted, so that the issues'
    delivery figures stay true: no address, no person, no working link, and
    no error text (a bounce message may quote the address)."""
    touched = []
    now = timezone.now()
    for subscription in subscriptions_of(person, identity.emails):
        subscription.email = erased_email("subscription", subscription.pk)
        subscription.person = None
        subscription.unsubscribed_at = subscription.unsubscribed_at or now
        subscription.suspension_detail = ""
        subscription.token = new_token()
        subscription.confirmation_nonce = ""
        save_with_reason(subscription)
        scrub_history(
            Subscription,
            [subscription.pk],
            email=subscription.email,
            person=None,
            suspension_detail="",
        )
        touched.append(subscription)
    Delivery.objects.filter(subscription__in=touched).update(last_error="")
    # The copies of messages to an audience keep their counts, not the address
    # they went to, the posts in their footer or the server's answer.
    MessageDelivery.objects.filter(person=person).update(
        email=erased_email("message-copy", person.pk), reason="", last_error=""
    )
    return touched


register("newsletters", export=export, erase=erase, order=30)
