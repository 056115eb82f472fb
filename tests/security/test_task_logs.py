"""Background tasks keep no personal data in their logs or their queue rows:
tasks take ids, Django's task log lines name a task by id and path, and the
warnings the tasks write (a refused recipient, a person without an address)
carry ids, never an address or a name."""

import json
import logging

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from meetings import services as meeting_services
from meetings.models import Meeting
from network.core.logs import JsonFormatter, redact_addresses
from newsletters import services
from newsletters.choices import EntryKind
from newsletters.models import Entry
from tests.factories import make_issue, make_subscribers, run_tasks
from tests.newsletters.conftest import (  # noqa: F401  (fixtures)
    newsletter,
    newsletter_smtp,
    smtp_server,
)

pytestmark = pytest.mark.django_db


def test_task_logs_and_queue_rows_carry_no_personal_data(
    client,
    settings,
    caplog,
    newsletter,  # noqa: F811
    newsletter_smtp,  # noqa: F811
    adela,
    mary,
    django_capture_on_commit_callbacks,
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "newsletters"],
        }
    }
    caplog.set_level(logging.DEBUG)
    personal = {"adela", "díaz", "mary", "kaburu", "private.reader", "rejected.reader"}

    # A subscription request (its confirmation email is a task).
    answer = client.post(
        "/newsletters/",
        {"email": "private.reader@example.org", "language": "en", "newsletter": "wps"},
    )
    assert answer.status_code in (200, 302)
    # A registration confirmed for someone without an address (the warning path).
    mary.email = ""
    mary.save()
    mary.appointments.update(work_email="")
    meeting = Meeting.objects.create(
        slug="next",
        title="Next",
        kind="network",
        start_date=timezone.localdate() + timezone.timedelta(days=30),
        end_date=timezone.localdate() + timezone.timedelta(days=31),
        status="planned",
        registration_open=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        registration = meeting_services.register(meeting, mary)
        meeting_services.confirm_registration(registration)
    # An issue sent to subscribers, one refused by the server with its address quoted.
    make_subscribers(newsletter, 3, prefix="reader")
    refused = make_subscribers(newsletter, 1, prefix="rejected.reader")[0]
    newsletter_smtp.answers[refused.email] = [f"550 5.1.1 <{refused.email}>: no such user"]
    entry = Entry.objects.create(kind=EntryKind.RESEARCH, title="Research")
    services.schedule_issue(make_issue(newsletter, [entry]))

    results = run_tasks()
    tasks = list(DBTaskResult.objects.all())
    paths = {task.task_path for task in tasks}
    assert {
        "newsletters.services.subscriptions.send_subscription_email",
        "meetings.tasks.send_registration_email",
        "newsletters.services.sending.send_issue",
    } <= paths
    assert len(newsletter_smtp.recipients()) == 3  # the refused one was refused

    stored = json.dumps([(t.args_kwargs, t.return_value) for t in tasks], default=str).lower()
    # Everything the application logged (the loopback SMTP server's own log is the test's).
    records = [r for r in caplog.records if not r.name.startswith(("mail.", "asyncio"))]
    lines = [JsonFormatter().format(record).lower() for record in records]
    assert any("delivery" in line and "<address>" in line for line in lines)
    assert any("no email address for person" in line for line in lines)
    problems = [
        line for line in [stored, *lines] if "@" in line or any(w in line for w in personal)
    ]
    print(
        f"\ntask logs: {len(tasks)} tasks run, {len(records)} log records and "
        f"{len(tasks)} queue rows checked, {len(problems)} with personal data"
    )
    assert problems == [], problems[:5]
    assert results


def test_addresses_are_redacted_from_server_messages():
    message = "550 5.1.1 <ana.ruiz@example.org>: Recipient address rejected; cc bob@x.org"
    assert redact_addresses(message) == (
        "550 5.1.1 <<address>>: Recipient address rejected; cc <address>"
    )
