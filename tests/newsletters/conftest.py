"""Fixtures of the newsletter tests: a newsletter, entries, subscribers, a
real SMTP server on loopback (aiosmtpd), and a way to run queued tasks with
django-tasks-db's own worker code."""

import threading

import pytest
from aiosmtpd.controller import Controller

from newsletters.choices import EntryKind
from newsletters.models import Entry, Newsletter
from tests.factories import free_port


@pytest.fixture
def newsletter(db):
    return Newsletter.objects.create(
        name="WPS Focal Points Network Newsletter", slug="wps", default_language="en"
    )


@pytest.fixture
def entry(db, spain):
    return Entry.objects.create(
        kind=EntryKind.NATIONAL_INITIATIVE,
        title="A national initiative",
        summary="Some **bold** news with a [link](https://example.org/page).",
        link="https://example.org/initiative",
        member=spain,
    )


class RecordingHandler:
    """An SMTP server's DATA handler that records what it accepts. ``answers``
    maps a recipient to a list of replies to give first (e.g. "451 …")."""

    def __init__(self):
        self.messages = []
        self.answers = {}
        self.before_accept = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for recipient in envelope.rcpt_tos:
                queued = self.answers.get(recipient)
                if queued:
                    return queued.pop(0)
            if self.before_accept is not None:
                refusal = self.before_accept(envelope)
                if refusal:
                    return refusal
            self.messages.append(envelope)
        return "250 Message accepted for delivery"

    def recipients(self):
        return [recipient for envelope in self.messages for recipient in envelope.rcpt_tos]


@pytest.fixture
def smtp_server():
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def newsletter_smtp(settings, smtp_server):
    """Point the newsletters mailer at the loopback SMTP server."""
    settings.MAILERS = {
        **settings.MAILERS,
        "newsletters": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp_server.port, "timeout": 10},
        },
    }
    settings.NEWSLETTER_SEND_RATE = 0
    return smtp_server
