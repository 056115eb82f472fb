"""A one-off message to an audience, sent with the newsletter's guarantees.

Staff write a message (Markdown, sanitised by ``newsletters.markup``) to a
saved ``focalpoints.Audience``. Starting the send resolves the audience
(``focalpoints.audiences.resolve``) and writes one ``MessageDelivery`` per
person reached in the same transaction that moves the message to *sending*;
the database refuses a second copy to a person. The copies then go through
the newsletter's own send loop (``sending.send_due``: claims by lock, the
configured rate, retries, one record per copy), so a worker killed mid-send
and restarted sends each person exactly one copy (tools/drills/worker_killed.py).

Optional messages carry an unsubscribe link (RFC 8058 one-click) that opts
the person out of optional mail (``Person.optional_mail_opted_out_at``), and
leave out people who opted out; invitations and verification ignore it.
"""

import datetime
import logging
import time

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, Min
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape as html_escape
from django.utils.translation import gettext as _

from focalpoints import audiences
from focalpoints.models import Appointment, Person
from focalpoints.services import opt_out_of_optional_mail
from network.core.logs import redact_addresses
from network.models import today
from newsletters.choices import DeliveryStatus, MessageStatus
from newsletters.emails import absolute, list_unsubscribe_headers, new_message_id
from newsletters.markup import markdown_to_text, render_markdown
from newsletters.models import AudienceMessage, MessageDelivery
from newsletters.services.sending import (
    DeliveryKind,
    ServerUnavailable,
    retry_delay,
    send_due,
)

logger = logging.getLogger(__name__)

# Advisory-lock keys of message copies ("AM"), apart from the issues' ("NL").
MESSAGE_ADVISORY_NAMESPACE = 0x414D << 48
UNSUBSCRIBE_SALT = "newsletters.optional-mail.unsubscribe"
REASON_PLACEHOLDER = "REASON-7d2b91e4"
UNSUBSCRIBE_PLACEHOLDER = "UNSUBSCRIBE-URL-7d2b91e4"

LEFT_OUT_LABELS = {
    audiences.DO_NOT_CONTACT: "asked not to be contacted",
    audiences.BOUNCED: "address bounced",
    audiences.NO_EMAIL: "no email",
    audiences.OPTED_OUT: "opted out of optional mail",
}


class MessageError(Exception):
    """A message that cannot be sent as asked; the text says why."""


# The unsubscribe link -------------------------------------------------------


def unsubscribe_token(person):
    """A signed, non-expiring token naming the person (an unsubscribe link
    must work however old the message)."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(person.pk))


def person_for_token(token):
    """The Person a token names, or None if it is forged or the person is gone."""
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Person.objects.filter(pk=pk).first() if pk.isdigit() else None


def unsubscribe_url(person):
    return absolute(
        reverse(
            "newsletters:optional_mail_unsubscribe", kwargs={"token": unsubscribe_token(person)}
        )
    )


def unsubscribe(token, *, how="link"):
    """Opt the token's person out of optional mail: (person, changed), or
    (None, False) for a bad token."""
    person = person_for_token(token)
    if person is None:
        return None, False
    return person, opt_out_of_optional_mail(person, how=how)


# Why each person receives it -----------------------------------------------


def reasons_for(message, people, *, on=None):
    """{person id: the footer's reason} for ``people``, in the message's
    language: the current posts that put them in the audience (one query)."""
    on = on or today()
    posts = (
        Appointment.objects.current(on)
        .filter(person__in=[person.pk for person in people])
        .exclude(member__isnull=True)
        .select_related("member")
        .order_by("member__name", "role")
    )
    if message.audience.roles:
        posts = posts.filter(role__in=message.audience.roles)
    by_person = {}
    with translation.override(message.language):
        for post in posts:
            by_person.setdefault(post.person_id, []).append(
                _("%(role)s of %(member)s")
                % {"role": post.get_role_display().lower(), "member": post.member.name}
            )
        generic = _(
            "You receive this as one of “%(audience)s” in the WPS Focal Points Network."
        ) % {"audience": message.audience.name}
        reasons = {}
        for person in people:
            posts_of = by_person.get(person.pk)
            reasons[person.pk] = (
                _("You receive this as %(posts)s.") % {"posts": ", ".join(posts_of)}
                if posts_of
                else generic
            )
    return reasons


# Composition ----------------------------------------------------------------


class MessageComposer:
    """Builds the copy of a message for each person: the body is rendered
    once, the reason and the unsubscribe link are substituted per copy."""

    def __init__(self, message):
        self.message = message
        context = {
            "message": message,
            "body_html": render_markdown(message.body),
            "body_text": markdown_to_text(message.body),
            "reason": REASON_PLACEHOLDER,
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER if message.optional else "",
        }
        with translation.override(message.language):
            self.html = render_to_string("newsletters/email/audience_message.html", context)
            self.text = render_to_string("newsletters/email/audience_message.txt", context)
        self._envelope_sender = None

    def render(self, *, reason, unsubscribe_url=""):
        """(text, html) of one copy."""

        def fill(body, escape):
            value = html_escape(reason) if escape else reason
            link = html_escape(unsubscribe_url) if escape else unsubscribe_url
            return body.replace(REASON_PLACEHOLDER, value).replace(UNSUBSCRIBE_PLACEHOLDER, link)

        return fill(self.text, False), fill(self.html, True)

    def email(self, *, to, reason, person=None, message_id, subject_prefix=""):
        url = unsubscribe_url(person) if self.message.optional and person is not None else ""
        text, html = self.render(reason=reason, unsubscribe_url=url)
        headers = {"Message-ID": message_id}
        if url:
            headers.update(list_unsubscribe_headers(url, unsubscribe_token(person)))
        email = EmailMultiAlternatives(
            subject=subject_prefix + self.message.subject,
            body=text,
            from_email=settings.NEWSLETTER_FROM_EMAIL,
            to=[to],
            reply_to=settings.NEWSLETTER_REPLY_TO or None,
            headers=headers,
        )
        email.attach_alternative(html, "text/html")
        return email

    # What the send loop asks of a composer (sending._deliver).
    def raw_message_for(self, delivery):
        return None  # one message at a time through Django; audiences are small

    def envelope_sender(self, connection):
        if self._envelope_sender is None:
            self._envelope_sender = connection.prep_address(settings.NEWSLETTER_FROM_EMAIL)
        return self._envelope_sender

    def message_for(self, delivery):
        return self.email(
            to=delivery.email,
            reason=delivery.reason,
            person=delivery.person,
            message_id=delivery.message_id,
        )


def preview(message, *, on=None):
    """What staff check before sending: whom it reaches and who is left out
    (``resolution``), and the copy of the first person reached, as text and
    HTML (a sample reason when it reaches nobody)."""
    resolution = audiences.resolve(message.audience, on=on, optional=message.optional)
    composer = MessageComposer(message)
    first = resolution.people[0] if resolution.people else None
    if first is not None:
        reason = reasons_for(message, [first], on=on)[first.pk]
    else:
        with translation.override(message.language):
            reason = _(
                "You receive this as one of “%(audience)s” in the WPS Focal Points Network."
            ) % {"audience": message.audience.name}
    url = unsubscribe_url(first) if (first is not None and message.optional) else ""
    if message.optional and not url:
        url = absolute(
            reverse("newsletters:optional_mail_unsubscribe", kwargs={"token": "preview"})
        )
    text, html = composer.render(reason=reason, unsubscribe_url=url)
    return {"resolution": resolution, "text": text, "html": html, "first": first}


def left_out_summary(left_out):
    """ "3 left out: no email; 1 asked not to be contacted" (or "")."""
    parts = [f"{count} {LEFT_OUT_LABELS[reason]}" for reason, count in left_out.items() if count]
    return "; ".join(parts)


# Sending --------------------------------------------------------------------


def _kind_for(message):
    def not_wanted(delivery):
        person = delivery.person
        if person.do_not_contact:
            return "the person asked not to be contacted"
        if person.email_bounced_at is not None:
            return "the address bounced"
        if message.optional and person.optional_mail_opted_out_at is not None:
            return "the person opted out of optional mail"
        return ""

    return DeliveryKind(
        model=MessageDelivery,
        recipient="person",
        address=lambda delivery: delivery.email,
        not_wanted=not_wanted,
        advisory_namespace=MESSAGE_ADVISORY_NAMESPACE,
    )


def start_message_send(message, *, now=None):
    """Draft → sending: one MessageDelivery per person the audience reaches,
    in one transaction, then the send task. Refuses (MessageError, nothing
    written) a message already sent or sending, and an audience that reaches
    nobody. Returns the number of copies."""
    now = now or timezone.now()
    with transaction.atomic():
        message = (
            AudienceMessage.objects.select_for_update()
            .select_related("audience")
            .get(pk=message.pk)
        )
        if message.status != MessageStatus.DRAFT:
            raise MessageError(
                _("This message is already %(status)s: it is sent only once.")
                % {"status": message.get_status_display().lower()}
            )
        if not message.body.strip() or not message.subject.strip():
            raise MessageError(_("The message needs a subject and a text."))
        resolution = audiences.resolve(message.audience, optional=message.optional)
        if not resolution.people:
            summary = left_out_summary(resolution.left_out)
            raise MessageError(
                _("The audience “%(audience)s” reaches nobody%(why)s: nothing was sent.")
                % {
                    "audience": message.audience.name,
                    "why": f" ({summary})" if summary else "",
                }
            )
        reasons = reasons_for(message, resolution.people)
        MessageDelivery.objects.bulk_create(
            [
                MessageDelivery(
                    audience_message=message,
                    person=person,
                    email=person.address,
                    reason=reasons[person.pk],
                    next_attempt_at=now,
                    message_id=new_message_id(f"m{message.pk}p{person.pk}"),
                )
                for person in resolution.people
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
        message.status = MessageStatus.SENDING
        message.send_started_at = now
        message.send_progress_at = now
        message.save(update_fields=["status", "send_started_at", "send_progress_at", "updated_at"])
        transaction.on_commit(lambda: enqueue_message_send(message.pk))
    logger.info("Message %s: sending to %d people", message.pk, len(resolution.people))
    return len(resolution.people)


def progress(message):
    """{status: count} of the message's copies, every status present."""
    counts = dict.fromkeys(DeliveryStatus.values, 0)
    for row in message.deliveries.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return counts


def finish_message_if_done(message):
    """Sending → sent once no copy is pending."""
    with transaction.atomic():
        message = AudienceMessage.objects.select_for_update().get(pk=message.pk)
        if message.status != MessageStatus.SENDING:
            return message
        if message.deliveries.filter(status=DeliveryStatus.PENDING).exists():
            return message
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
        message.save(update_fields=["status", "sent_at", "updated_at"])
    return message


def send_due_copies(message, *, deadline=None, batch_size=None, rate=None):
    """Send the message's due copies through the newsletter's send loop."""
    return send_due(
        _kind_for(message),
        MessageDelivery.objects.filter(audience_message=message).select_related("person"),
        MessageComposer(message),
        lambda: AudienceMessage.objects.filter(pk=message.pk).update(
            send_progress_at=timezone.now()
        ),
        deadline=deadline,
        batch_size=batch_size,
        rate=rate,
    )


def run_message_send(message_id, *, slice_seconds=None):
    """One run of the send task: send for one time slice, then finish the
    message or enqueue what comes next (as sending.run_send does)."""
    message = AudienceMessage.objects.select_related("audience").filter(pk=message_id).first()
    if message is None:
        return {"state": "missing"}
    if message.status != MessageStatus.SENDING:
        return {"state": message.status}
    slice_seconds = (
        settings.NEWSLETTER_TASK_SLICE_SECONDS if slice_seconds is None else slice_seconds
    )
    deadline = time.monotonic() + slice_seconds if slice_seconds else None
    try:
        report = send_due_copies(message, deadline=deadline)
    except ServerUnavailable as exc:
        logger.warning(
            "Message %s: SMTP server unavailable (%s); trying again later",
            message.pk,
            redact_addresses(exc),
        )
        enqueue_message_send(
            message.pk, run_after=timezone.now() + datetime.timedelta(seconds=retry_delay(1))
        )
        return {"state": "server unavailable", "error": str(exc)}
    message = finish_message_if_done(message)
    if message.status == MessageStatus.SENDING:
        next_due = message.deliveries.filter(status=DeliveryStatus.PENDING).aggregate(
            at=Min("next_attempt_at")
        )["at"]
        enqueue_message_send(message.pk, run_after=next_due)
    return {"state": message.status, **report.as_dict()}


def _task_waiting(message_id):
    backend = send_audience_message.get_backend()
    if type(backend).__module__.split(".")[0] != "django_tasks_db":
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=send_audience_message.module_path,
        status="READY",
        args_kwargs__kwargs__message_id=message_id,
    ).exists()


def enqueue_message_send(message_id, *, run_after=None):
    """Enqueue the send task of a message unless one is already waiting."""
    if _task_waiting(message_id):
        return None
    send = send_audience_message
    if run_after is not None and run_after > timezone.now():
        send = send_audience_message.using(run_after=run_after)
    return send.enqueue(message_id=message_id)


def resume_message_sends():
    """Enqueue a send task for every message still sending with none
    waiting (after a killed worker); safe at any time."""
    return [
        message
        for message in AudienceMessage.objects.filter(status=MessageStatus.SENDING).order_by("pk")
        if enqueue_message_send(message.pk)
    ]


@task(queue_name="newsletters")
def send_audience_message(message_id):
    """Send a message to an audience for one time slice; it enqueues its own continuation."""
    return run_message_send(message_id)


@task(queue_name="newsletters")
def resume_message_sends_task():
    """On the schedule (the "resume" job): resume_message_sends."""
    return {"resumed": [message.pk for message in resume_message_sends()]}
