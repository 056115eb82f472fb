"""Sending an issue: one delivery per active subscriber, never twice, retries
with backoff on transient SMTP failures (a real SMTP server on loopback)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletters import services
from newsletters.choices import DeliveryStatus, IssueStatus
from newsletters.models import Delivery, Subscription
from tests.factories import make_issue, make_subscribers, run_tasks


def test_an_issue_goes_to_every_active_subscriber_once(newsletter, entry, mailoutbox):
    active = make_subscribers(newsletter, 5)
    pending, unsubscribed, suspended = make_subscribers(newsletter, 3, prefix="inactive")
    Subscription.objects.filter(pk=pending.pk).update(confirmed_at=None)
    Subscription.objects.filter(pk=unsubscribed.pk).update(unsubscribed_at=timezone.now())
    services.suspend_subscription(suspended, "complaint")
    issue = make_issue(newsletter, [entry])
    services.schedule_issue(issue)
    run_tasks()
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert issue.sent_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == sorted(s.email for s in active)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_an_issue_cannot_be_sent_twice(newsletter, entry, mailoutbox):
    make_subscribers(newsletter, 2)
    issue = make_issue(newsletter, [entry])
    services.schedule_issue(issue)
    with pytest.raises(services.IssueStateError):
        services.schedule_issue(issue)
    run_tasks()
    with pytest.raises(services.IssueStateError):
        services.schedule_issue(issue)
    # Even a stray extra task run finds nothing to do.
    assert services.run_send(issue.pk)["state"] == IssueStatus.SENT
    assert len(mailoutbox) == 2


def test_the_database_refuses_a_second_copy_of_an_edition(newsletter, entry):
    (subscription,) = make_subscribers(newsletter, 1)
    english = make_issue(newsletter, [entry])
    spanish = make_issue(newsletter, [entry], language="es")
    services.schedule_issue(english)
    run_tasks()
    for issue in (english, spanish):
        with pytest.raises(IntegrityError), transaction.atomic():
            Delivery.objects.create(
                issue=issue,
                subscription=subscription,
                newsletter=newsletter,
                number=1,
                message_id=f"<dup-{issue.pk}@example.org>",
            )


def test_a_language_version_sent_later_skips_readers_who_had_the_edition(
    newsletter, entry, mailoutbox
):
    make_subscribers(newsletter, 1, language="es", prefix="spanish")
    english = make_issue(newsletter, [entry])
    spanish = make_issue(newsletter, [entry], language="es")
    services.schedule_issue(english)  # no Spanish version yet: the reader gets English
    run_tasks()
    services.schedule_issue(spanish)
    run_tasks()
    assert len(mailoutbox) == 1
    spanish.refresh_from_db()
    assert spanish.status == IssueStatus.SENT
    assert spanish.deliveries.count() == 0


def test_someone_who_leaves_during_a_send_is_skipped(newsletter, entry, mailoutbox):
    first, second = make_subscribers(newsletter, 2)
    issue = make_issue(newsletter, [entry])
    services.schedule_issue(issue)
    services.start_sending(issue)
    services.unsubscribe(second)
    run_tasks()
    assert [m.to for m in mailoutbox] == [[first.email]]
    assert Delivery.objects.get(subscription=second).status == DeliveryStatus.SKIPPED


def test_a_scheduled_issue_waits_for_its_time(newsletter, entry, mailoutbox):
    make_subscribers(newsletter, 1)
    issue = make_issue(newsletter, [entry])
    later = timezone.now() + datetime.timedelta(hours=2)
    services.schedule_issue(issue, at=later)
    run_tasks()
    assert mailoutbox == []
    task = DBTaskResult.objects.get(status="READY")
    assert task.run_after == later
    services.unschedule_issue(issue)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now())
    run_tasks()
    assert mailoutbox == []  # the draft is not sent by the stale task


def test_transient_smtp_failures_are_retried_with_backoff(
    newsletter, entry, newsletter_smtp, settings
):
    settings.NEWSLETTER_RETRY_DELAY = 60
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    (subscriber,) = make_subscribers(newsletter, 1)
    newsletter_smtp.answers[subscriber.email] = [
        "451 4.3.0 Mailbox busy, try again later",
        "421 4.4.5 Too many connections",
    ]
    issue = make_issue(newsletter, [entry])
    services.schedule_issue(issue)
    started = timezone.now()
    run_tasks()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.last_error.startswith("451 4.3.0")
    assert started + datetime.timedelta(seconds=60) <= delivery.next_attempt_at
    assert delivery.next_attempt_at <= timezone.now() + datetime.timedelta(seconds=60)
    # The continuation waits for the next attempt time.
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.run_after == delivery.next_attempt_at

    # Time passes: the second attempt also fails, and waits twice as long.
    Delivery.objects.update(next_attempt_at=timezone.now())
    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now())
    before = timezone.now()
    run_tasks()
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.last_error.startswith("421 4.4.5")
    assert delivery.next_attempt_at >= before + datetime.timedelta(seconds=120)

    Delivery.objects.update(next_attempt_at=timezone.now())
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_tasks()
    delivery.refresh_from_db()
    issue.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 3
    assert newsletter_smtp.recipients() == [subscriber.email]
    assert issue.status == IssueStatus.SENT


def test_transient_failures_give_up_after_the_limit(newsletter, entry, newsletter_smtp, settings):
    settings.NEWSLETTER_RETRY_DELAY = 0
    settings.NEWSLETTER_MAX_ATTEMPTS = 2
    (subscriber,) = make_subscribers(newsletter, 1)
    newsletter_smtp.answers[subscriber.email] = ["451 4.3.0 Busy"] * 5
    services.schedule_issue(make_issue(newsletter, [entry]))
    run_tasks()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 2
    assert newsletter_smtp.recipients() == []


def test_a_permanent_smtp_failure_is_recorded_and_others_still_get_theirs(
    newsletter, entry, newsletter_smtp
):
    rejected, accepted = make_subscribers(newsletter, 2)
    newsletter_smtp.answers[rejected.email] = ["550 5.1.1 No such user"]
    issue = make_issue(newsletter, [entry])
    services.schedule_issue(issue)
    run_tasks()
    failed = Delivery.objects.get(subscription=rejected)
    assert failed.status == DeliveryStatus.FAILED
    assert failed.attempts == 1
    assert failed.last_error == "550 5.1.1 No such user"
    assert newsletter_smtp.recipients() == [accepted.email]
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT


def test_an_unreachable_server_does_not_burn_attempts(newsletter, entry, settings):
    from tests.factories import free_port

    settings.MAILERS = {
        **settings.MAILERS,
        "newsletters": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        },
    }
    make_subscribers(newsletter, 2)
    services.schedule_issue(make_issue(newsletter, [entry]))
    (result,) = run_tasks()
    assert result["state"] == "server unavailable"
    assert set(Delivery.objects.values_list("attempts", "status")) == {(0, "pending")}
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_resume_sends_enqueues_an_interrupted_send(newsletter, entry, mailoutbox):
    make_subscribers(newsletter, 3)
    issue = make_issue(newsletter, [entry])
    services.schedule_issue(issue)
    # A worker claimed the task, started the send and died (its row stays RUNNING).
    task = DBTaskResult.objects.get(status="READY")
    task.claim("dead-worker")
    services.start_sending(issue)
    assert run_tasks() == []
    call_command("resume_sends")
    call_command("resume_sends")  # twice: still one task waiting
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_tasks()
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert len(mailoutbox) == 3


def test_send_rate_is_paced():
    clock = [100.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        clock[0] += seconds

    throttle = services.Throttle(rate=4, clock=lambda: clock[0], sleep=sleep)
    for _ in range(3):
        throttle.wait()
    assert slept == [0.25, 0.25]
    clock[0] += 10  # idle for a while: no burst of catching up, no wait either
    throttle.wait()
    assert slept == [0.25, 0.25]
    throttle.wait()
    assert slept == [0.25, 0.25, 0.25]
