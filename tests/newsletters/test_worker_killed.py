"""End to end: a real ``manage.py db_worker`` is killed with SIGKILL in the
middle of a send of several hundred deliveries and started again; the SMTP
server on loopback receives exactly one message per subscriber.

The worker runs in a subprocess against the same database as the test: the
PostgreSQL test database itself, or, on SQLite (whose test database lives in
memory), a file copy of it made with VACUUM INTO.

The kill happens while the server holds the message of the next subscriber
without having answered it: the moment the worker is furthest into a send
that has not been accepted. (Between the server's acceptance and the
worker's commit lies the one window no SMTP client can close; see
newsletters/services.py.)
"""

import collections
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from newsletters import services
from newsletters.choices import EntryKind
from newsletters.models import Entry
from tests.factories import make_issue, make_subscribers

SUBSCRIBERS = 300
KILL_AT = 137  # the worker dies as the server receives this message
MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


def database_url(tmp_path):
    """A DATABASE_URL for a subprocess that sees what this test wrote."""
    params = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(params["USER"] or "")
        if params["PASSWORD"]:
            auth += ":" + quote(params["PASSWORD"])
        host = f"{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}"
        return f"postgres://{auth}@{host}/{params['NAME']}"
    path = tmp_path / "worker.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])
    # WAL: one disk flush per commit instead of several (the worker commits
    # once per message), as a production SQLite file would be set up.
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
    return f"sqlite:///{path}"


def query(url, sql):
    """Read the outcome where the worker wrote it."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return db.execute(sql).fetchall()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


@pytest.mark.slow
def test_a_killed_worker_restarted_sends_each_subscriber_exactly_one_copy(
    transactional_db, newsletter, smtp_server, tmp_path
):
    # No member or region: other transactional tests may have flushed the
    # reference data before this one runs.
    entry = Entry.objects.create(kind=EntryKind.RESEARCH, title="Research", summary="**New**")
    subscribers = make_subscribers(newsletter, SUBSCRIBERS)
    issue = make_issue(newsletter, [entry])
    services.schedule_issue(issue)
    url = database_url(tmp_path)
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": "0",
        "NEWSLETTER_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "NEWSLETTER_EMAIL_HOST": "127.0.0.1",
        "NEWSLETTER_EMAIL_PORT": str(smtp_server.port),
        "NEWSLETTER_SEND_RATE": "0",
        "NEWSLETTER_BATCH_SIZE": "20",
        "LOG_LEVEL": "WARNING",
    }
    worker_args = [
        sys.executable,
        MANAGE,
        "db_worker",
        "--queue-name",
        "newsletters",
        "--no-startup-delay",
        "--no-reload",
        "--interval",
        "0.05",
    ]
    workers = []
    seen = collections.Counter()

    def kill_mid_send(envelope):
        seen["messages"] += 1
        if seen["messages"] == KILL_AT:
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait(timeout=30)
            return "451 4.3.0 Not accepted: the client is gone"
        return None

    smtp_server.before_accept = kill_mid_send
    workers.append(subprocess.Popen(worker_args, env=env, stderr=subprocess.PIPE))
    workers[0].wait(timeout=120)
    assert workers[0].returncode == -signal.SIGKILL, workers[0].stderr.read().decode()
    assert len(smtp_server.messages) == KILL_AT - 1

    # Start again: resume_sends re-enqueues the send (the killed task stays
    # RUNNING), and a worker finishes it.
    smtp_server.before_accept = None
    # Both commands in one process, as a systemd unit's ExecStartPre and
    # ExecStart would run them, minus a second start-up of Django.
    restart = (
        "from django.core.management import call_command; call_command('resume_sends'); "
        f"call_command('db_worker', *{worker_args[3:]!r}, '--batch')"
    )
    second = subprocess.run(
        [sys.executable, MANAGE, "shell", "-c", restart], env=env, capture_output=True, timeout=120
    )
    assert second.returncode == 0, second.stderr.decode()
    assert b"Resumed" in second.stdout

    received = collections.Counter(smtp_server.recipients())
    assert set(received) == {s.email for s in subscribers}
    assert set(received.values()) == {1}
    assert query(url, "SELECT status, COUNT(*) FROM newsletters_delivery GROUP BY status") == [
        ("sent", SUBSCRIBERS)
    ]
    issue_sql = f"SELECT status FROM newsletters_issue WHERE id = {int(issue.pk)}"  # noqa: S608
    assert query(url, issue_sql) == [("sent",)]
    # Every accepted message carried its delivery's Message-ID.
    message_ids = {
        line.split(b":", 1)[1].strip().decode()
        for envelope in smtp_server.messages
        for line in envelope.content.splitlines()
        if line.lower().startswith(b"message-id:")
    }
    stored = {row[0] for row in query(url, "SELECT message_id FROM newsletters_delivery")}
    assert message_ids == stored
