"""Receivers: bounces and complaints reported by django-anymail's tracking
webhooks suspend the subscriptions of the address."""

import logging

from anymail.signals import EventType, tracking
from django.conf import settings
from django.dispatch import receiver

from . import services
from .choices import SuspensionReason

logger = logging.getLogger(__name__)

# Anymail's normalised events that mean "stop sending here". A soft bounce
# (``deferred``) is left to the send's own retries; a ``rejected`` event is the
# provider's suppression list refusing the address, as good as a hard bounce.
SUSPENDING_EVENTS = {
    EventType.BOUNCED: SuspensionReason.HARD_BOUNCE,
    EventType.REJECTED: SuspensionReason.HARD_BOUNCE,
    EventType.COMPLAINED: SuspensionReason.COMPLAINT,
    EventType.UNSUBSCRIBED: None,
}


@receiver(tracking, dispatch_uid="newsletters.suspend_on_bounce")
def suspend_on_bounce_or_complaint(sender, event, esp_name, **kwargs):
    if event.event_type not in SUSPENDING_EVENTS or not event.recipient:
        return
    # Without a secret, anymail's webhooks accept anyone's POST (with a
    # warning): such events must not be able to suspend anybody.
    if not (getattr(settings, "ANYMAIL", {}) or {}).get("WEBHOOK_SECRET"):
        logger.warning("Ignoring a %s event: ANYMAIL_WEBHOOK_SECRET is not set", esp_name)
        return
    reason = SUSPENDING_EVENTS[event.event_type]
    detail = " ".join(
        part for part in (esp_name, event.description or "", event.mta_response or "") if part
    )
    if reason is None:
        # The provider's own unsubscribe link or list-unsubscribe handling.
        from .models import Subscription

        for subscription in Subscription.objects.filter(email=event.recipient.lower()):
            services.unsubscribe(subscription, how=f"{esp_name} unsubscribe event")
        return
    count = services.suspend_address(event.recipient, reason, detail)
    logger.info("%s from %s for an address: %d subscription(s) suspended", reason, esp_name, count)
