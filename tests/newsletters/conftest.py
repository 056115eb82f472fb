"""Fixtures of the newsletter tests: a newsletter, entries, subscribers, a
real SMTP server on loopback (aiosmtpd), and a way to run queued tasks with
django-tasks-db's own worker code."""

import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from newsletters.choices import EntryKind
from newsletters.models import Entry, Issue, IssueEntry, Newsletter, Subscription


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


def make_issue(newsletter, entries=(), *, number=1, language="en", title="First issue", intro=""):
    issue = Issue.objects.create(
        newsletter=newsletter, number=number, language=language, title=title, intro=intro
    )
    for position, entry in enumerate(entries):
        IssueEntry.objects.create(issue=issue, entry=entry, position=position)
    return issue


def make_subscribers(newsletter, count, *, language="en", prefix="reader"):
    """Confirmed subscribers, created in bulk (the subscription flow itself is
    tested through the pages in test_subscriptions.py)."""
    now = timezone.now()
    return Subscription.objects.bulk_create(
        [
            Subscription(
                newsletter=newsletter,
                email=f"{prefix}{n}@example.org",
                language=language,
                confirmed_at=now,
                token=f"{prefix}-token-{n}",
            )
            for n in range(count)
        ]
    )


def run_tasks(max_runs=100):
    """Run every ready task with django-tasks-db's Worker.run_task, as
    ``manage.py db_worker --batch`` would; fail loudly if a task failed."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    results = []
    for _ in range(max_runs):
        task_result = DBTaskResult.objects.ready().first()
        if task_result is None:
            break
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)
        task_result.refresh_from_db()
        assert task_result.status == "SUCCESSFUL", task_result.traceback
        results.append(task_result.return_value)
    return results


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
