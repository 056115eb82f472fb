"""Sending an issue, and why it neither loses nor repeats a copy.

When a send starts, one ``Delivery`` row per active subscriber is created in
the same transaction that moves the issue to *sending*; the database refuses
a second delivery of the issue (or of another language version of the same
edition) to a subscription.

Each delivery is then sent in its own database transaction:

1. ``SELECT … FOR UPDATE SKIP LOCKED`` locks the row if it is still pending
   and due — the lock is the claim, so several workers share a send without
   sending a row twice, and a worker that dies releases its claim with its
   database connection (no lease to wait out);
2. the message goes to the SMTP server over a connection reused for the
   whole batch;
3. right after the server accepts it (its 250 reply), the row becomes *sent*
   and the transaction commits.

A worker killed before step 3 commits leaves the row pending, and the next
worker sends it: nobody is skipped. The one window that cannot be closed is
between the server's acceptance and the commit (a COMMIT round trip, well
under a millisecond on PostgreSQL): a worker killed exactly then causes that
one subscriber to receive a second copy. The code errs on the side of a
duplicate rather than a loss, and the copy carries the same Message-ID
(stored with the delivery), which many mailbox providers fold into one.

A send task works for ``NEWSLETTER_TASK_SLICE_SECONDS`` and then enqueues
its own continuation, so that a worker told to stop does not wait for a
whole send. A task whose worker was killed stays RUNNING in
django-tasks-db's table (the worker never revisits it); ``resume_sends``
(run before every worker starts, and on a timer) enqueues a continuation for
every issue still sending or due.

The same machinery sends a one-off message to an audience
(``newsletters.services.messages``): what differs between the two kinds of
copy — their table, their recipient, why a copy is no longer wanted — is a
``DeliveryKind``; the claim, the send, the record and the proof are shared.

Length: one module because claiming, sending, retrying and finishing a delivery
are one protocol; the proof that no copy is lost or repeated (above) reads top
to bottom.
"""

import contextlib
import dataclasses
import datetime
import logging
import smtplib
import time

from django.conf import settings
from django.core.mail import mailers
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Min, Q
from django.tasks import task
from django.utils import timezone

from network.core.logs import redact_addresses
from newsletters.choices import DeliveryStatus, IssueStatus
from newsletters.emails import IssueComposer, new_message_id
from newsletters.models import Delivery, Issue, Subscription

logger = logging.getLogger(__name__)

NEWSLETTER_MAILER = "newsletters"


def send_test(issue, to):
    """Send the issue, marked as a test, to one address (a member of staff)."""
    message = IssueComposer(issue).test_message(to)
    return mailers[NEWSLETTER_MAILER].send_messages([message])


def enqueue_send(issue_id, *, run_after=None):
    """Enqueue the send task of an issue unless one is already waiting."""

    if _send_task_waiting(issue_id):
        return None
    task = send_issue
    if run_after is not None and run_after > timezone.now():
        task = send_issue.using(run_after=run_after)
    return task.enqueue(issue_id=issue_id)


def _send_task_waiting(issue_id):

    backend = send_issue.get_backend()
    if type(backend).__module__.split(".")[0] != "django_tasks_db":
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=send_issue.module_path,
        status="READY",
        args_kwargs__kwargs__issue_id=issue_id,
    ).exists()


def audience(issue):
    """Active subscriptions that should receive this version of the edition:
    those in its language and, for the newsletter's default language, those
    whose language has no version going out — minus anyone who already has a
    copy of this edition."""
    newsletter = issue.newsletter
    subscriptions = Subscription.objects.active().filter(newsletter=newsletter)
    other_versions = (
        Issue.objects.filter(newsletter=newsletter, number=issue.number)
        .exclude(pk=issue.pk)
        .exclude(status=IssueStatus.DRAFT)
        .values_list("language", flat=True)
    )
    if issue.language == newsletter.default_language:
        subscriptions = subscriptions.filter(
            Q(language=issue.language) | ~Q(language__in=list(other_versions))
        )
    else:
        subscriptions = subscriptions.filter(language=issue.language)
    has_copy = Delivery.objects.filter(newsletter=newsletter, number=issue.number).values(
        "subscription"
    )
    return subscriptions.exclude(pk__in=has_copy)


def start_sending(issue, *, now=None):
    """Scheduled → sending: snapshot the audience as one Delivery per
    subscriber, in one transaction. Does nothing for an issue that is not
    scheduled or not yet due, so a task run twice starts a send once."""
    now = now or timezone.now()
    with transaction.atomic():
        issue = Issue.objects.select_for_update().select_related("newsletter").get(pk=issue.pk)
        if issue.status != IssueStatus.SCHEDULED or issue.scheduled_at > now:
            return issue, 0
        deliveries = [
            Delivery(
                issue=issue,
                subscription_id=subscription_id,
                newsletter_id=issue.newsletter_id,
                number=issue.number,
                next_attempt_at=now,
                message_id=new_message_id(f"i{issue.pk}s{subscription_id}"),
            )
            for subscription_id in audience(issue).values_list("pk", flat=True).iterator()
        ]
        # A concurrent send of another language version may have taken some
        # of these subscribers; the constraint keeps theirs, we skip ours.
        Delivery.objects.bulk_create(deliveries, batch_size=1000, ignore_conflicts=True)
        issue.status = IssueStatus.SENDING
        issue.send_started_at = now
        issue.send_progress_at = now
        issue._change_reason = f"sending to {len(deliveries)} subscribers"
        issue.save()
    logger.info("Issue %s: sending to %d subscribers", issue.pk, len(deliveries))
    return issue, len(deliveries)


def finish_if_done(issue):
    """Sending → sent once no delivery is pending."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status != IssueStatus.SENDING:
            return issue
        if issue.deliveries.filter(status=DeliveryStatus.PENDING).exists():
            return issue
        issue.status = IssueStatus.SENT
        issue.sent_at = timezone.now()
        issue._change_reason = "sent"
        issue.save()
    return issue


class ServerUnavailable(Exception):
    """The SMTP server cannot be reached or refuses us: not a subscriber's fault."""


@dataclasses.dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0

    def as_dict(self):
        return dataclasses.asdict(self)


def retry_delay(attempts):
    """Seconds before the next attempt: NEWSLETTER_RETRY_DELAY doubling."""
    return settings.NEWSLETTER_RETRY_DELAY * 2 ** max(0, attempts - 1)


def classify_failure(exc):
    """(transient, reconnect, description) for an exception from sending."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        description = "; ".join(
            f"{code} {message.decode(errors='replace') if isinstance(message, bytes) else message}"
            for code, message in exc.recipients.values()
        )
        return all(400 <= code < 500 for code in codes), False, description
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error
        if isinstance(message, bytes):
            message = message.decode(errors="replace")
        return 400 <= exc.smtp_code < 500, True, f"{exc.smtp_code} {message}"
    if isinstance(exc, ValueError):  # an address the SMTP backend cannot encode
        return False, False, f"invalid address: {exc}"
    # Disconnections, timeouts, refused connections: try again later.
    return True, True, f"{type(exc).__name__}: {exc}"


class Throttle:
    """Paces sends to at most ``rate`` messages per second (0: no limit)."""

    def __init__(self, rate, *, clock=time.monotonic, sleep=time.sleep):
        self.interval = 1.0 / rate if rate and rate > 0 else 0.0
        self.clock, self.sleep = clock, sleep
        self.next_slot = clock()

    def wait(self):
        if not self.interval:
            return
        now = self.clock()
        if self.next_slot > now:
            self.sleep(self.next_slot - now)
            now = self.next_slot
        self.next_slot = max(self.next_slot, now) + self.interval


@dataclasses.dataclass(frozen=True)
class DeliveryKind:
    """What the send loop needs to know of one kind of copy: the model of its
    rows (with ``status``, ``attempts``, ``last_error``, ``next_attempt_at``,
    ``sent_at``, ``message_id``), the relation that names its recipient, the
    recipient's address, and why a pending copy is no longer wanted (or "")."""

    model: type
    recipient: str
    address: object
    not_wanted: object
    advisory_namespace: int

    @property
    def record_sql(self):
        return RECORD_SQL.replace("newsletters_delivery", self.model._meta.db_table)


def _subscription_not_wanted(delivery):
    return "" if delivery.subscription.is_active else "the subscription is no longer active"


def send_due_deliveries(issue, *, deadline=None, batch_size=None, rate=None):
    """Send the issue's due deliveries until none is left or ``deadline``
    (a ``time.monotonic()`` value) passes. See the module docstring."""
    return send_due(
        ISSUE_DELIVERIES,
        Delivery.objects.filter(issue=issue),
        IssueComposer(issue),
        lambda: Issue.objects.filter(pk=issue.pk).update(send_progress_at=timezone.now()),
        deadline=deadline,
        batch_size=batch_size,
        rate=rate,
    )


def send_due(
    kind, deliveries, composer, mark_progress, *, deadline=None, batch_size=None, rate=None
):
    """Send the due rows of ``deliveries`` (of ``kind``) with ``composer``,
    calling ``mark_progress`` after each batch."""
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    throttle = Throttle(settings.NEWSLETTER_SEND_RATE if rate is None else rate)
    report = SendReport()
    connection = mailers[NEWSLETTER_MAILER]
    claims = (
        AdvisoryLockClaims(kind) if db_connection.vendor == "postgresql" else RowLockClaims(kind)
    )
    # One pass in id order; what fails transiently waits for a later task.
    after = 0
    try:
        claims.start()
        while deadline is None or time.monotonic() < deadline:
            ids = list(
                deliveries.filter(
                    status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now(), pk__gt=after
                )
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                break
            after = ids[-1]
            try:
                connection.open()
            except (smtplib.SMTPException, OSError) as exc:
                raise ServerUnavailable(str(exc)) from exc
            with contextlib.closing(
                claims.send_each(ids, composer, connection, report, throttle)
            ) as outcomes:
                for keep_connection in outcomes:
                    if not keep_connection:
                        _close_quietly(connection)
                    if deadline is not None and time.monotonic() >= deadline:
                        break
            mark_progress()
    finally:
        claims.finish()
        _close_quietly(connection)
    return report


class RowLockClaims:
    """Claims by row lock: each delivery is locked (SELECT … FOR UPDATE SKIP
    LOCKED), sent and recorded in one transaction, so a dead worker's claim
    ends with its connection. Used on SQLite, where the transaction's write
    lock also keeps two workers apart."""

    def __init__(self, kind=None):
        self.kind = kind or ISSUE_DELIVERIES

    def start(self):
        pass

    def finish(self):
        pass

    def send_each(self, ids, composer, connection, report, throttle):
        for pk in ids:
            throttle.wait()
            with transaction.atomic():
                delivery = (
                    self.kind.model.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related(self.kind.recipient)
                    .filter(
                        pk=pk, status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now()
                    )
                    .first()
                )
                if delivery is None:  # another worker has it, or it is done
                    continue
                keep = _attempt(delivery, composer, connection, report, self.kind)
            yield keep


# PostgreSQL advisory locks held by the worker's database session are
# released by PostgreSQL when the session ends, however the worker dies. The
# key is the delivery's id in a namespace of its own ("NL" in the top bits).
ADVISORY_NAMESPACE = 0x4E4C << 48


class AdvisoryLockClaims:
    """Claims by session-level advisory lock (PostgreSQL): a batch is locked
    in one round trip, each delivery's outcome is one autocommitted UPDATE
    right after the SMTP server answers, and the locks go at the end of the
    batch — or with the session if the worker dies, so that the next worker
    resumes at once.

    The UPDATE does not wait for PostgreSQL to flush its WAL to disk: it is
    visible to every worker at once and survives the worker's death (the
    case that matters); only a crash of the database server itself could
    lose the last fraction of a second of "sent" marks, whose copies would
    then go out again — the direction the worker's own window errs in.
    Waiting for the disk costs a flush per message (3–5 ms on the project's
    machines, more than the SMTP exchange); NEWSLETTER_DURABLE_COMMIT=1
    restores it.
    """

    def __init__(self, kind=None):
        self.kind = kind or ISSUE_DELIVERIES
        self.namespace = self.kind.advisory_namespace

    def start(self):
        if not settings.NEWSLETTER_DURABLE_COMMIT:
            with db_connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")

    def finish(self):
        if not settings.NEWSLETTER_DURABLE_COMMIT and db_connection.connection is not None:
            with db_connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")

    def send_each(self, ids, composer, connection, report, throttle):
        keys = [self.namespace + pk for pk in ids]
        with db_connection.cursor() as cursor:
            cursor.execute(
                "SELECT key - %s FROM unnest(%s::bigint[]) AS key WHERE pg_try_advisory_lock(key)",
                [self.namespace, keys],
            )
            locked = [row[0] for row in cursor.fetchall()]
        try:
            # Read again under the locks: another worker may have sent some
            # between the listing and the locking.
            deliveries = (
                self.kind.model.objects.select_related(self.kind.recipient)
                .filter(
                    pk__in=locked,
                    status=DeliveryStatus.PENDING,
                    next_attempt_at__lte=timezone.now(),
                )
                .order_by("pk")
            )
            for delivery in deliveries:
                throttle.wait()
                yield _attempt(delivery, composer, connection, report, self.kind)
        finally:
            if locked and db_connection.connection is not None:
                with db_connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_advisory_unlock(key) FROM unnest(%s::bigint[]) AS key",
                        [[self.namespace + pk for pk in locked]],
                    )


def _attempt(delivery, composer, connection, report, kind=None):
    """Send one claimed delivery and record the outcome at once; False if
    the SMTP connection should be reopened."""
    kind = kind or ISSUE_DELIVERIES
    not_wanted = kind.not_wanted(delivery)
    if not_wanted:
        delivery.status = DeliveryStatus.SKIPPED
        delivery.last_error = not_wanted
        _record(delivery, "skipped", report, kind)
        return True
    delivery.attempts += 1
    keep_connection = True
    try:
        _deliver(connection, composer, delivery, kind)
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        transient, reconnect, description = classify_failure(exc)
        keep_connection = not reconnect
        delivery.last_error = description[:2000]
        if transient and delivery.attempts < settings.NEWSLETTER_MAX_ATTEMPTS:
            delivery.next_attempt_at = timezone.now() + datetime.timedelta(
                seconds=retry_delay(delivery.attempts)
            )
            outcome = "retried"
        else:
            delivery.status = DeliveryStatus.FAILED
            outcome = "failed"
        # The server's answer often quotes the recipient: not in the logs.
        logger.warning("Delivery %s: %s", delivery.pk, redact_addresses(description))
    else:
        # The server has accepted the message: record it now.
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = timezone.now()
        outcome = "sent"
    _record(delivery, outcome, report, kind)
    return keep_connection


# Written once per message: plain SQL, so that no query is compiled each time.
RECORD_SQL = (
    "UPDATE newsletters_delivery SET status = %s, attempts = %s, last_error = %s, "
    "next_attempt_at = %s, sent_at = %s, updated_at = %s WHERE id = %s AND status = %s"
)


def _record(delivery, outcome, report, kind=None):
    """One UPDATE: its own transaction, or the end of the row lock's."""
    with db_connection.cursor() as cursor:
        cursor.execute(
            (kind or ISSUE_DELIVERIES).record_sql,
            [
                delivery.status,
                delivery.attempts,
                delivery.last_error,
                delivery.next_attempt_at,
                delivery.sent_at,
                timezone.now(),
                delivery.pk,
                DeliveryStatus.PENDING,
            ],
        )
    setattr(report, outcome, getattr(report, outcome) + 1)


def _deliver(connection, composer, delivery, kind=None):
    """Hand one delivery to the mailer. Over SMTP, the message's bytes come
    from the issue's template (emails.RawTemplate); any other backend (an
    email provider's API, the test outbox) gets Django's message."""
    if isinstance(connection, SMTPBackend):
        raw = composer.raw_message_for(delivery)
        if raw is not None:
            if connection.connection is None:
                connection.open()
            # RawTemplate only serves plain ASCII addresses (validated when
            # subscribing), so only the sender needs Django's preparation.
            connection.connection.sendmail(
                composer.envelope_sender(connection),
                [(kind or ISSUE_DELIVERIES).address(delivery)],
                raw,
            )
            return
    connection.send_messages([composer.message_for(delivery)])


ISSUE_DELIVERIES = DeliveryKind(
    model=Delivery,
    recipient="subscription",
    address=lambda delivery: delivery.subscription.email,
    not_wanted=_subscription_not_wanted,
    advisory_namespace=ADVISORY_NAMESPACE,
)


def _close_quietly(connection):
    try:
        connection.close()
    except Exception:
        logger.debug("closing the SMTP connection failed", exc_info=True)


def run_send(issue_id, *, slice_seconds=None):
    """One run of the send task: start the send if it is due, send for one
    time slice, then finish the issue or enqueue what comes next."""
    issue = Issue.objects.select_related("newsletter").filter(pk=issue_id).first()
    if issue is None:
        return {"state": "missing"}
    now = timezone.now()
    if issue.status == IssueStatus.SCHEDULED:
        if issue.scheduled_at > now:
            enqueue_send(issue.pk, run_after=issue.scheduled_at)
            return {"state": "waiting"}
        issue, _count = start_sending(issue, now=now)
    if issue.status != IssueStatus.SENDING:
        return {"state": issue.status}
    slice_seconds = (
        settings.NEWSLETTER_TASK_SLICE_SECONDS if slice_seconds is None else slice_seconds
    )
    deadline = time.monotonic() + slice_seconds if slice_seconds else None
    try:
        report = send_due_deliveries(issue, deadline=deadline)
    except ServerUnavailable as exc:
        logger.warning(
            "Issue %s: SMTP server unavailable (%s); trying again later",
            issue.pk,
            redact_addresses(exc),
        )
        enqueue_send(
            issue.pk, run_after=timezone.now() + datetime.timedelta(seconds=retry_delay(1))
        )
        return {"state": "server unavailable", "error": str(exc)}
    issue = finish_if_done(issue)
    if issue.status == IssueStatus.SENDING:
        next_due = issue.deliveries.filter(status=DeliveryStatus.PENDING).aggregate(
            at=Min("next_attempt_at")
        )["at"]
        enqueue_send(issue.pk, run_after=next_due)
    return {"state": issue.status, **report.as_dict()}


def resume_sends(*, now=None):
    """Enqueue a send task for every issue that is sending, or scheduled and
    due, and has none waiting: after a worker was killed, or its task lost.
    Safe to run at any time: two tasks on one issue share its deliveries."""
    now = now or timezone.now()
    resumed = []
    for issue in Issue.objects.filter(
        Q(status=IssueStatus.SENDING) | Q(status=IssueStatus.SCHEDULED)
    ).order_by("pk"):
        run_after = issue.scheduled_at if issue.status == IssueStatus.SCHEDULED else None
        if enqueue_send(issue.pk, run_after=run_after if run_after and run_after > now else None):
            resumed.append(issue)
    return resumed


@task(queue_name="newsletters")
def send_issue(issue_id):
    """Send an issue for one time slice; it enqueues its own continuation."""
    return run_send(issue_id)


@task(queue_name="newsletters")
def resume_sends_task():
    """On the schedule: resume_sends, for sends a killed worker left behind."""
    return {"resumed": [issue.pk for issue in resume_sends()]}
