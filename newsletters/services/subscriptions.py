"""Subscriptions: subscribing with double opt-in, confirming, unsubscribing,
suspending after bounces and complaints, and deleting what was never confirmed."""

import dataclasses
import datetime
import logging
import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from focalpoints.services import record_bounce, record_complaint
from newsletters.choices import SuspensionReason
from newsletters.emails import subscription_message
from newsletters.models import Subscription, normalise_email

logger = logging.getLogger(__name__)


CONFIRMATION_SALT = "newsletters.subscription.confirm"
# A second request for the same address within this time sends no new email,
# so that the form cannot be used to flood someone's mailbox.
RESEND_COOLDOWN = datetime.timedelta(minutes=5)


def request_subscription(newsletter, email, language, *, person=None, requested_by=None):
    """Someone asked to receive ``newsletter`` at ``email``.

    Whatever the state of the address (unknown, awaiting confirmation,
    active, unsubscribed, suspended), the caller does the same thing and
    shows the same answer: the address's owner gets an email — a
    confirmation link, or a notice that they are already subscribed — sent by
    a background task, so even the response time tells nothing.

    A subscription becomes a person's only when that person proves they read
    mail at the address: ``requested_by`` (a member asking on the site) is
    linked when they, logged in, open the confirmation link sent there
    (``confirm_subscription``). ``person`` links a new subscription at once
    and is for the secretariat only, who know whose address it is.
    """

    email = normalise_email(email)
    with transaction.atomic():
        subscription, _created = Subscription.objects.select_for_update().get_or_create(
            newsletter=newsletter, email=email, defaults={"language": language, "person": person}
        )
        send_subscription_email.enqueue(
            subscription_id=subscription.pk,
            language=language,
            person_id=requested_by.pk if requested_by is not None else None,
        )
    return subscription


def answer_subscription_request(subscription_id, language, person_id=None):
    """The email that answers a subscription request (run by a task).

    An inactive address gets a fresh confirmation link (which replaces any
    earlier one) in the language asked for; an active one a notice with its
    personal links, and its language is not changed by a stranger's request.
    ``person_id`` (who asked, logged in) goes into the confirmation link.
    """
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .select_related("newsletter")
            .filter(pk=subscription_id)
            .first()
        )
        if subscription is None:
            return "gone"
        now = timezone.now()
        if (
            subscription.confirmation_sent_at
            and now - subscription.confirmation_sent_at < RESEND_COOLDOWN
        ):
            return "cooldown"
        subscription.confirmation_sent_at = now
        confirm_url = None
        if not subscription.is_active:
            subscription.language = language
            subscription.requested_at = now
            subscription.confirmation_nonce = secrets.token_urlsafe(12)
            confirm_url = settings.SITE_URL + reverse(
                "newsletters:confirm",
                kwargs={"key": confirmation_key(subscription, person_id=person_id)},
            )
        subscription.save()
    subscription_message(subscription, confirm_url=confirm_url).send(using="default")
    return "confirmation" if confirm_url else "notice"


def confirmation_key(subscription, *, person_id=None):
    """The signed, expiring key of a confirmation link; with ``person_id``,
    the person who asked for it (linked if they are the one who confirms)."""
    payload = {"s": subscription.pk, "n": subscription.confirmation_nonce}
    if person_id is not None:
        payload["p"] = int(person_id)
    return signing.dumps(
        payload,
        salt=CONFIRMATION_SALT,
        compress=True,
    )


@dataclasses.dataclass
class Outcome:
    """What became of a link: ``code`` is one of confirmed, used, expired,
    invalid (confirmation) or unsubscribed, already, invalid (unsubscribe)."""

    code: str
    subscription: Subscription | None = None


def confirm_subscription(key, *, now=None, person_id=None):
    """Confirm the subscription a link names. A forged, expired or used link
    changes nothing. ``person_id`` is the person of the logged-in visitor who
    confirms: when they are the one who asked for the link, the subscription
    becomes theirs (they proved the address is theirs); anyone else who opens
    it (the address's owner, who did not ask) links nobody."""
    try:
        data = signing.loads(
            key, salt=CONFIRMATION_SALT, max_age=settings.NEWSLETTER_CONFIRMATION_MAX_AGE
        )
        pk, nonce = int(data["s"]), str(data["n"])
        asked_by = int(data["p"]) if data.get("p") is not None else None
    except signing.SignatureExpired:
        return Outcome("expired")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Outcome("invalid")
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(pk=pk).first()
        if (
            subscription is None
            or not subscription.confirmation_nonce
            or not constant_time_compare(nonce, subscription.confirmation_nonce)
        ):
            return Outcome(
                "used", subscription if subscription and subscription.is_active else None
            )
        subscription.confirmed_at = now or timezone.now()
        subscription.unsubscribed_at = None
        # Confirming proves the address reads its mail again.
        subscription.suspended_at = None
        subscription.suspension_reason = ""
        subscription.suspension_detail = ""
        subscription.confirmation_nonce = ""
        if asked_by is not None and asked_by == person_id and subscription.person_id is None:
            subscription.person_id = person_id
        subscription._change_reason = "confirmed by the subscriber"
        subscription.save()
    return Outcome("confirmed", subscription)


def subscription_for_token(token):
    if not token or len(token) > 64:
        return None
    return Subscription.objects.select_related("newsletter").filter(token=token).first()


def unsubscribe(subscription, *, how="link"):
    """Stop sending to this subscription. Idempotent: a second call changes
    nothing and says so."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.unsubscribed_at is not None:
            return Outcome("already", subscription)
        subscription.unsubscribed_at = timezone.now()
        subscription.confirmation_nonce = ""
        subscription._change_reason = f"unsubscribed ({how})"
        subscription.save()
    return Outcome("unsubscribed", subscription)


def change_language(subscription, language):
    subscription.language = language
    subscription._change_reason = "language changed by the subscriber"
    subscription.save(update_fields=["language", "updated_at"])
    return subscription


def suspend_subscription(subscription, reason, detail="", *, at=None):
    """Stop sending after a hard bounce or a complaint, keeping the reason."""
    if reason not in SuspensionReason.values:
        raise ValueError(f"Unknown suspension reason {reason!r}.")
    if subscription.suspended_at is not None:
        return False
    subscription.suspended_at = at or timezone.now()
    subscription.suspension_reason = reason
    subscription.suspension_detail = detail[:2000]
    subscription._change_reason = f"suspended: {reason}"
    subscription.save()
    return True


def suspend_address(email, reason, detail="", *, at=None):
    """Suspend every subscription of an address (a bounce names an address,
    not a subscription). Returns how many were suspended."""
    count = 0
    with transaction.atomic():
        for subscription in Subscription.objects.select_for_update().filter(
            email=normalise_email(email)
        ):
            count += suspend_subscription(subscription, reason, detail, at=at)
        if reason == SuspensionReason.HARD_BOUNCE:
            # The directory leaves the address out of audiences too.
            record_bounce(email, at=at)
        elif reason == SuspensionReason.COMPLAINT:
            # A complaint stops optional mail to an audience too (not invitations).
            record_complaint(email, at=at)
    return count


def lift_suspension(subscription):
    if subscription.suspended_at is None:
        return False
    subscription.suspended_at = None
    subscription.suspension_reason = ""
    subscription.suspension_detail = ""
    subscription._change_reason = "suspension lifted by staff"
    subscription.save()
    return True


def delete_unconfirmed_subscriptions(now=None, *, days=None):
    """Delete subscriptions never confirmed within ``days`` (by default
    NEWSLETTER_UNCONFIRMED_RETENTION_DAYS, 30) of their last request, and
    their history rows: an address that never gave consent is not kept.
    Returns how many were deleted. Run daily (task, command, timer)."""
    now = now or timezone.now()
    days = settings.NEWSLETTER_UNCONFIRMED_RETENTION_DAYS if days is None else days
    cutoff = now - datetime.timedelta(days=days)
    with transaction.atomic():
        stale = Subscription.objects.filter(confirmed_at__isnull=True, requested_at__lt=cutoff)
        ids = list(stale.values_list("pk", flat=True))
        if not ids:
            return 0
        Subscription.objects.filter(pk__in=ids).delete()
        # Deleting wrote one more history row per subscription, with the
        # address in it: the history goes too.
        Subscription.history.model.objects.filter(id__in=ids).delete()
    logger.info("Deleted %d unconfirmed subscription(s) older than %d days", len(ids), days)
    return len(ids)


@task(queue_name="default")
def send_subscription_email(subscription_id, language, person_id=None):
    """Answer a subscription request by email (confirmation link or notice)."""
    return answer_subscription_request(subscription_id, language, person_id)


@task(queue_name="default")
def delete_unconfirmed_subscriptions_task():
    """Daily retention: subscriptions never confirmed within 30 days are deleted."""
    return delete_unconfirmed_subscriptions()
