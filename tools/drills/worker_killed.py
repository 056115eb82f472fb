"""Drill: the newsletter worker is killed mid-send and started again.

A real ``manage.py db_worker`` sends an issue to a few hundred subscribers
through an SMTP server on loopback; it is killed with SIGKILL while the
server holds a message it has not yet accepted, then the production start-up
runs (``resume_sends``, then a worker). Every subscriber must receive exactly
one copy. (The same machinery as tests/newsletters/test_worker_killed.py,
as an operator would see it: separate processes, the CI's PostgreSQL.)
"""

import signal
import subprocess
import threading
import time
from collections import Counter

from aiosmtpd.controller import Controller

from .common import MANAGE, PYTHON, ROOT, connect, environment, free_port, say

SUBSCRIBERS = 400
KILL_AT = 157

SETUP = f"""
from django.utils import timezone
from newsletters import services
from newsletters.choices import EntryKind
from newsletters.models import Entry, Issue, IssueEntry, Newsletter, Subscription
newsletter = Newsletter.objects.first()
now = timezone.now()
Subscription.objects.bulk_create(
    Subscription(newsletter=newsletter, email=f"drill{{n}}@example.org", confirmed_at=now,
                 token=f"drill-token-{{n}}")
    for n in range({SUBSCRIBERS})
)
entry = Entry.objects.create(kind=EntryKind.RESEARCH, title="Drill research")
number = services.next_issue_number(newsletter, "en")
issue = Issue.objects.create(newsletter=newsletter, number=number, language="en", title="Drill")
IssueEntry.objects.create(issue=issue, entry=entry, position=0)
services.schedule_issue(issue)
print(issue.pk)
"""


class Recorder:
    def __init__(self):
        self.accepted = []
        self.seen = 0
        self.on_message = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.seen += 1
            if self.on_message is not None and self.on_message(self.seen):
                return "451 4.3.0 Not accepted: the client is gone"
            self.accepted.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def run(url):
    failures = []
    setup = subprocess.run(
        [PYTHON, MANAGE, "shell", "-c", SETUP],
        cwd=ROOT,
        env=environment(url),
        capture_output=True,
        text=True,
        check=True,
    )
    issue_id = int(setup.stdout.strip().splitlines()[-1])
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    env = environment(
        url,
        DATABASE_CONN_MAX_AGE="0",
        NEWSLETTER_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        NEWSLETTER_EMAIL_HOST="127.0.0.1",
        NEWSLETTER_EMAIL_PORT=str(controller.port),
        NEWSLETTER_SEND_RATE="0",
        NEWSLETTER_BATCH_SIZE="20",
    )
    worker_args = ["db_worker", "--queue-name", "*", "--no-reload", "--interval", "0.1"]
    workers = []
    try:
        first = subprocess.Popen([PYTHON, MANAGE, *worker_args], cwd=ROOT, env=env)
        workers.append(first)

        def kill_mid_send(number):
            if number == KILL_AT:
                first.send_signal(signal.SIGKILL)
                first.wait(timeout=30)
                return True
            return False

        recorder.on_message = kill_mid_send
        first.wait(timeout=300)
        before_restart = len(recorder.accepted)
        recorder.on_message = None
        started = time.monotonic()
        resumed = subprocess.run(
            [PYTHON, MANAGE, "resume_sends"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        second = subprocess.run(
            [PYTHON, MANAGE, *worker_args, "--batch"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        restart_seconds = time.monotonic() - started
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
        controller.stop()

    received = Counter(r for r in recorder.accepted if r.startswith("drill"))
    expected = {f"drill{n}@example.org" for n in range(SUBSCRIBERS)}
    copies = Counter(received[address] for address in expected)
    with connect(url) as connection:
        statuses = dict(
            connection.execute(
                "SELECT status, COUNT(*) FROM newsletters_delivery WHERE issue_id = %s "
                "GROUP BY status",
                [issue_id],
            ).fetchall()
        )
    say(
        f"  worker killed by SIGKILL (exit {first.returncode}) at message {KILL_AT}, "
        f"{before_restart} accepted before; restart ({resumed.stdout.strip()}) "
        f"finished in {restart_seconds:.1f}s"
    )
    say(
        f"  {SUBSCRIBERS} subscribers: "
        + ", ".join(
            f"{n} received {k} cop{'y' if k == 1 else 'ies'}" for k, n in sorted(copies.items())
        )
        + f"; deliveries {statuses}"
    )
    if first.returncode != -signal.SIGKILL:
        failures.append(f"the worker was not killed mid-send (exit {first.returncode})")
    if copies != Counter({1: SUBSCRIBERS}):
        failures.append(f"not exactly one copy each: {dict(copies)}")
    if second.returncode != 0:
        failures.append(f"the restarted worker failed: {second.stderr[-500:]}")
    if statuses != {"sent": SUBSCRIBERS}:
        failures.append(f"deliveries not all sent: {statuses}")
    return failures
