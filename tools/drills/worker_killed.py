"""Drill: the newsletter worker is killed mid-send and started again.

A real ``manage.py db_worker`` sends an issue to a few hundred subscribers
through an SMTP server on loopback; it is killed with SIGKILL while the
server holds a message it has not yet accepted, then the production start-up
runs (``resume_sends``, then a worker). Every subscriber must receive exactly
one copy. (The same machinery as tests/newsletters/test_worker_killed.py,
as an operator would see it: separate processes, the CI's PostgreSQL.)

Then the same for a one-off message to an audience of ~300 people (issue 16
§4), which goes through the same send loop with copies of its own: killed at
about half, restarted, exactly one copy each.
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
AUDIENCE = 300
MESSAGE_KILL_AT = 150

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


MESSAGE_SETUP = f"""
import datetime
from focalpoints.choices import Role
from focalpoints.models import Appointment, Audience, Person
from network.choices import MemberKind
from network.models import Member
from newsletters.models import AudienceMessage
from newsletters.services import messages
member = Member.objects.create(
    kind=MemberKind.CIVIL_SOCIETY, name="Drill network", slug="drill-network"
)
people = Person.objects.bulk_create(
    Person(given_name="Drill", family_name=f"Person {{n}}", email=f"person{{n}}@example.org")
    for n in range({AUDIENCE})
)
Appointment.objects.bulk_create(
    Appointment(person=person, member=member, role=Role.FOCAL_POINT,
                start_on=datetime.date(2020, 1, 1))
    for person in people
)
audience = Audience.objects.create(name="Drill audience")
audience.members.set([member])
message = AudienceMessage.objects.create(
    audience=audience, subject="Drill", body="A *drill* message."
)
messages.start_message_send(message)
print(message.pk)
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
    failures = kill_and_restart(
        url,
        SETUP,
        kill_at=KILL_AT,
        expected={f"drill{n}@example.org" for n in range(SUBSCRIBERS)},
        status_sql="SELECT status, COUNT(*) FROM newsletters_delivery WHERE issue_id = %s "
        "GROUP BY status",
        label="subscribers",
    )
    failures += kill_and_restart(
        url,
        MESSAGE_SETUP,
        kill_at=MESSAGE_KILL_AT,
        expected={f"person{n}@example.org" for n in range(AUDIENCE)},
        status_sql="SELECT status, COUNT(*) FROM newsletters_messagedelivery "
        "WHERE audience_message_id = %s GROUP BY status",
        label="people of an audience",
    )
    return failures


def kill_and_restart(url, setup_code, *, kill_at, expected, status_sql, label):
    """Set up a send (``setup_code`` prints the id that ``status_sql`` takes),
    kill its worker at message ``kill_at``, restart, count the copies."""
    failures = []
    setup = subprocess.run(
        [PYTHON, MANAGE, "shell", "-c", setup_code],
        cwd=ROOT,
        env=environment(url),
        capture_output=True,
        text=True,
        check=True,
    )
    job_id = int(setup.stdout.strip().splitlines()[-1])
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
            if number == kill_at:
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

    received = Counter(r for r in recorder.accepted if r in expected)
    copies = Counter(received[address] for address in expected)
    with connect(url) as connection:
        statuses = dict(connection.execute(status_sql, [job_id]).fetchall())
    say(
        f"  worker killed by SIGKILL (exit {first.returncode}) at message {kill_at}, "
        f"{before_restart} accepted before; restart ({resumed.stdout.strip()}) "
        f"finished in {restart_seconds:.1f}s"
    )
    say(
        f"  {len(expected)} {label}: "
        + ", ".join(
            f"{n} received {k} cop{'y' if k == 1 else 'ies'}" for k, n in sorted(copies.items())
        )
        + f"; deliveries {statuses}"
    )
    if first.returncode != -signal.SIGKILL:
        failures.append(f"{label}: the worker was not killed mid-send (exit {first.returncode})")
    if copies != Counter({1: len(expected)}):
        failures.append(f"{label}: not exactly one copy each: {dict(copies)}")
    if second.returncode != 0:
        failures.append(f"{label}: the restarted worker failed: {second.stderr[-500:]}")
    if statuses != {"sent": len(expected)}:
        failures.append(f"{label}: copies not all sent: {statuses}")
    return failures
