"""Scale-out: two ``manage.py db_worker`` processes work on one send at once
(two send tasks of the same issue, taken by different workers) and every
subscriber receives exactly one copy; no task is taken by two workers."""

import collections
import json
import os
import subprocess
import sys
import time

import pytest

from newsletters import services, tasks
from newsletters.choices import EntryKind
from newsletters.models import Entry
from tests.factories import make_issue, make_subscribers

from .test_worker_killed import MANAGE, database_url, query

SUBSCRIBERS = 200


@pytest.mark.slow
def test_two_workers_share_a_send_and_deliver_each_copy_once(
    transactional_db, newsletter, smtp_server, tmp_path
):
    entry = Entry.objects.create(kind=EntryKind.RESEARCH, title="Research", summary="**New**")
    subscribers = make_subscribers(newsletter, SUBSCRIBERS)
    issue = make_issue(newsletter, [entry])
    services.schedule_issue(issue)  # enqueues the send task …
    tasks.send_issue.enqueue(issue.pk)  # … and a second one, for the second worker
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
        "NEWSLETTER_BATCH_SIZE": "10",
        "LOG_LEVEL": "WARNING",
    }

    def slow_server(envelope):
        # A little latency per message, as a real server has, so that both
        # workers are still sending when the other starts.
        time.sleep(0.005)

    smtp_server.before_accept = slow_server
    command = [sys.executable, MANAGE, "db_worker", "--queue-name", "newsletters",
               "--no-startup-delay", "--no-reload", "--interval", "0.05", "--batch"]  # fmt: skip
    workers = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE) for _ in range(2)]
    for worker in workers:
        worker.wait(timeout=180)
        assert worker.returncode == 0, worker.stderr.read().decode()

    received = collections.Counter(smtp_server.recipients())
    assert set(received) == {s.email for s in subscribers}
    assert set(received.values()) == {1}
    assert query(url, "SELECT status, COUNT(*) FROM newsletters_delivery GROUP BY status") == [
        ("sent", SUBSCRIBERS)
    ]
    # Every task finished (the two sends, and any continuation they queued),
    # none was taken twice: each has one worker id.
    rows = query(
        url, "SELECT status, worker_ids, task_path FROM django_tasks_database_dbtaskresult"
    )
    sends = [row for row in rows if row[2].endswith("send_issue")]
    assert len(sends) >= 2
    assert {status for status, _, _ in rows} == {"SUCCESSFUL"}, rows
    assert all(len(json.loads(ids) if isinstance(ids, str) else ids) == 1 for _, ids, _ in rows)
