"""Composition of the newsletter's emails: an issue for one subscriber, the
confirmation of a subscription, and the notice to an address already
subscribed.

An issue's HTML and text are rendered once per issue (the expensive part)
with a placeholder where each subscriber's unsubscribe link goes; a message
for one subscriber is then a string substitution and its headers.
"""

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
