"""Composition of the newsletter's emails: an issue for one subscriber, the
confirmation of a subscription, and the notice to an address already
subscribed.

An issue's HTML and text are rendered once per issue (the expensive part)
with a placeholder where each subscriber's unsubscribe link goes; a message
for one subscriber is then a string substitution and its headers.
"""

import email.policy
from email import quoprimime
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

UNSUBSCRIBE_PLACEHOLDER = "UNSUBSCRIBE-URL-4c1f0e9a"


def absolute(path):
    return settings.SITE_URL + path


def new_message_id(tag=""):
    """A Message-ID on the sending domain: <time.pid.random.tag@domain>."""
    return make_msgid(idstring=tag or None, domain=settings.NEWSLETTER_MESSAGE_ID_DOMAIN)


def list_unsubscribe_headers(unsubscribe_url, token):
    """RFC 2369 List-Unsubscribe with the RFC 8058 one-click POST."""
    targets = [f"<{unsubscribe_url}>"]
    if settings.NEWSLETTER_UNSUBSCRIBE_MAILTO:
        targets.append(
            f"<mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILTO}?subject=unsubscribe%20{token}>"
        )
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


class IssueComposer:
    """Builds the message of one issue for each of its subscribers."""

    def __init__(self, issue):
        self.issue = issue
        newsletter = issue.newsletter
        entries = [
            issue_entry.entry
            for issue_entry in issue.issue_entries.select_related("entry__member", "entry__region")
        ]
        context = {
            "issue": issue,
            "newsletter": newsletter,
            "entries": entries,
            "web_url": absolute(issue.get_absolute_url()),
            "archive_url": absolute(reverse("newsletters:archive")),
            "subscribe_url": absolute(reverse("newsletters:subscribe")),
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        }
        with translation.override(issue.language):
            self.html = render_to_string("newsletters/email/issue.html", context)
            self.text = render_to_string("newsletters/email/issue.txt", context)
        self.subject = f"{newsletter.name} · {issue.title}"
        self.list_id = (
            f"{newsletter.name} <{newsletter.slug}.{settings.NEWSLETTER_MESSAGE_ID_DOMAIN}>"
        )
        self._raw = None
        self._envelope_sender = None
        self._unsubscribe_url = None

    def message(self, *, to, token, unsubscribe_url, message_id, subject_prefix=""):
        """The multipart (text + HTML) message for one recipient."""
        headers = {
            "Message-ID": message_id,
            "List-Id": self.list_id,
            **list_unsubscribe_headers(unsubscribe_url, token),
        }
        message = EmailMultiAlternatives(
            subject=subject_prefix + self.subject,
            body=self.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
            from_email=settings.NEWSLETTER_FROM_EMAIL,
            to=[to],
            reply_to=settings.NEWSLETTER_REPLY_TO or None,
            headers=headers,
        )
        message.attach_alternative(
            self.html.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url), "text/html"
        )
        return message

    def envelope_sender(self, connection):
        if self._envelope_sender is None:
            self._envelope_sender = connection.prep_address(settings.NEWSLETTER_FROM_EMAIL)
        return self._envelope_sender

    def raw_message_for(self, delivery):
        """The bytes of ``message_for(delivery)`` for an SMTP connection,
        built from a template rendered once (see ``RawTemplate``); None when
        the template cannot serve this recipient."""
        if self._raw is None:
            self._raw = RawTemplate.build(self) or False
        if not self._raw:
            return None
        subscription = delivery.subscription
        return self._raw.render(
            to=subscription.email,
            token=subscription.token,
            unsubscribe_url=self.unsubscribe_url(subscription.token),
            message_id=delivery.message_id,
        )

    def unsubscribe_url(self, token):
        # reverse() once per issue rather than once per message.
        if self._unsubscribe_url is None:
            self._unsubscribe_url = absolute(
                reverse("newsletters:unsubscribe", kwargs={"token": "TOKEN"})
            )
        return self._unsubscribe_url.replace("TOKEN", token)

    def message_for(self, delivery):
        subscription = delivery.subscription
        return self.message(
            to=subscription.email,
            token=subscription.token,
            unsubscribe_url=subscription.unsubscribe_url(),
            message_id=delivery.message_id,
        )

    def test_message(self, to):
        """A copy for staff to check: the real thing, marked as a test, whose
        unsubscribe link leads nowhere."""
        with translation.override(self.issue.language):
            prefix = "[" + _("TEST") + "] "
        url = absolute(reverse("newsletters:unsubscribe", kwargs={"token": "test"}))
        return self.message(
            to=to,
            token="test",  # noqa: S106 - not a secret: a link that leads nowhere
            unsubscribe_url=url,
            message_id=new_message_id("test"),
            subject_prefix=prefix,
        )


class RawTemplate:
    """An issue's message as bytes with holes for each recipient.

    Building a MIME message with Python's email package costs milliseconds —
    more than the SMTP exchange itself on a local relay — and only four
    things differ between subscribers: To, Message-ID, List-Unsubscribe and
    the unsubscribe link in both parts. So the message is built once by
    Django (headers, boundary), its two parts are quoted-printable encoded
    once in the pieces around the link, and each recipient's bytes are a
    join. The link goes in as its own soft-wrapped quoted-printable lines, so
    the result is valid MIME; tests compare it, parsed, with Django's own
    message for the same delivery.
    """

    PER_RECIPIENT = ("to", "message-id", "list-unsubscribe")

    def __init__(self, head, boundary, text_pieces, html_pieces):
        self.head, self.boundary = head, boundary
        self.text_pieces, self.html_pieces = text_pieces, html_pieces

    @classmethod
    def build(cls, composer):
        message = composer.message(
            to="recipient@example.invalid",
            token="TOKEN",  # noqa: S106 - a placeholder, not a secret
            unsubscribe_url=UNSUBSCRIBE_PLACEHOLDER,
            message_id="<placeholder@example.invalid>",
        ).message(policy=email.policy.SMTP)
        for name in cls.PER_RECIPIENT:
            del message[name]
        head = message.as_bytes().split(b"\r\n\r\n", 1)[0]
        boundary = message.get_boundary()
        if not boundary or not head.isascii():
            return None
        return cls(
            head,
            boundary.encode("ascii"),
            cls._encode_pieces(composer.text),
            cls._encode_pieces(composer.html),
        )

    @staticmethod
    def _encode_pieces(body):
        # quoted-printable works on octets: UTF-8 bytes seen as Latin-1 text.
        return [
            quoprimime.body_encode(
                piece.replace("\r\n", "\n").encode("utf-8").decode("latin-1"),
                maxlinelen=76,
                eol="\r\n",
            ).encode("ascii")
            for piece in body.split(UNSUBSCRIBE_PLACEHOLDER)
        ]

    @staticmethod
    def _soft_wrapped(url):
        # Characters of a URL need no escaping in quoted-printable except "=".
        encoded = url.replace("=", "=3D")
        lines = [encoded[i : i + 72] for i in range(0, len(encoded), 72)]
        return "=\r\n".join(lines).encode("ascii")

    def _body(self, pieces, url):
        link = b"=\r\n" + self._soft_wrapped(url) + b"=\r\n"
        return link.join(pieces)

    def render(self, *, to, token, unsubscribe_url, message_id):
        if not (to.isascii() and unsubscribe_url.isascii()) or any(c in to for c in "\r\n<>,"):
            return None  # an address that needs encoding: Django builds it
        headers = {"To": to, "Message-ID": message_id}
        headers.update(list_unsubscribe_headers(unsubscribe_url, token))
        del headers["List-Unsubscribe-Post"]  # constant, already in the head
        lines = [f"{name}: {value}".encode("ascii") for name, value in headers.items()]
        part_head = (
            b'Content-Type: text/%s; charset="utf-8"\r\n'
            b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        )
        separator = b"--" + self.boundary + b"\r\n"
        return b"".join(
            [
                b"\r\n".join(lines),
                b"\r\n",
                self.head,
                b"\r\n\r\n",
                separator,
                part_head % b"plain",
                self._body(self.text_pieces, unsubscribe_url),
                b"\r\n",
                separator,
                part_head % b"html",
                self._body(self.html_pieces, unsubscribe_url),
                b"\r\n--" + self.boundary + b"--\r\n",
            ]
        )


def subscription_message(subscription, *, confirm_url=None):
    """The confirmation request (with ``confirm_url``) or, for an address
    already subscribed, a notice with its personal links. Either way the
    person who typed the address learns nothing on the page."""
    newsletter = subscription.newsletter
    context = {
        "subscription": subscription,
        "newsletter": newsletter,
        "confirm_url": confirm_url,
        "unsubscribe_url": subscription.unsubscribe_url(),
        "max_age_days": max(1, settings.NEWSLETTER_CONFIRMATION_MAX_AGE // 86400),
    }
    name = "confirm" if confirm_url else "already_subscribed"
    with translation.override(subscription.language):
        subject = (
            _("Please confirm your subscription to %(name)s")
            if confirm_url
            else _("You are already subscribed to %(name)s")
        ) % {"name": newsletter.name}
        text = render_to_string(f"newsletters/email/{name}.txt", context)
        html = render_to_string(f"newsletters/email/{name}.html", context)
    headers = {"Message-ID": new_message_id("subscription")}
    if not confirm_url:
        headers.update(list_unsubscribe_headers(subscription.unsubscribe_url(), subscription.token))
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[subscription.email],
        reply_to=settings.NEWSLETTER_REPLY_TO or None,
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message
