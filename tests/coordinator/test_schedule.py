"""The schedule: its jobs run twice and send once, each records what it sent,
each can be switched off, and the worker that `make run` starts runs it."""

import datetime
import importlib

import pytest
from django.core import mail
from django.utils import timezone

from focalpoints import verification
from focalpoints.models import Person, VerificationRequest
from meetings import reminders, services
from meetings.choices import CommitmentStatus
from meetings.models import SentReminder
from network.core import scheduling
from tests.factories import link_in_last_email, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(directory):
    """Everyone's details were last confirmed two years ago."""
    Person.objects.update(verified_at=timezone.now() - datetime.timedelta(days=730))
    return directory


def test_verification_asks_the_entries_due_once(due):
    assert verification.request_due_verifications() == 4
    assert verification.request_due_verifications() == 0
    assert len(mail.outbox) == 4
    assert VerificationRequest.objects.unanswered().count() == 4
    assert all(r.by_schedule and r.sent_to for r in VerificationRequest.objects.all())


def test_answering_through_the_link_answers_the_request(client, due):
    verification.request_due_verifications()
    path = link_in_last_email("o@example.org")
    page = client.get(path)
    assert page.status_code == 200
    client.post(path, {**page.context["form"].initial, "languages": [], "expertise": []})
    otieno = VerificationRequest.objects.get(person=due["otieno"])
    assert otieno.answered_at is not None
    assert VerificationRequest.objects.unanswered().count() == 3


def test_unanswered_requests_are_reminded_after_n_days_at_most_m_times(settings, due):
    settings.VERIFICATION_REMINDER_AFTER_DAYS = 14
    settings.VERIFICATION_REMINDER_MAX_COUNT = 2
    verification.request_due_verifications()
    assert verification.remind_unanswered_verifications() == 0  # too soon
    later = timezone.now() + datetime.timedelta(days=15)
    assert verification.remind_unanswered_verifications(now=later) == 4
    assert verification.remind_unanswered_verifications(now=later) == 0  # run twice, once
    much_later = later + datetime.timedelta(days=15)
    assert verification.remind_unanswered_verifications(now=much_later) == 4
    assert (
        verification.remind_unanswered_verifications(now=much_later + datetime.timedelta(days=30))
        == 0
    )
    assert set(VerificationRequest.objects.values_list("reminder_count", flat=True)) == {2}
    assert len(mail.outbox) == 12


def test_staff_see_requests_sent_answered_unanswered_per_member(staff_client, due):
    from focalpoints import services as focalpoint_services

    verification.request_due_verifications()
    focalpoint_services.mark_verified(due["mary"])
    assert [(m.name, s, a, u) for m, s, a, u in verification.summary_per_member()] == [
        ("Economic Community of West African States", 1, 0, 1),
        ("Kenya", 2, 1, 1),
        ("Spain", 1, 0, 1),
    ]
    page = staff_client.get("/admin/focalpoints/verificationrequest/")
    assert page.status_code == 200
    assert "verification-per-member" in page.content.decode()


def test_a_week_before_the_meeting_those_registered_are_reminded_once(directory):
    soon = make_meeting("soon", days_ahead=6)
    services.register(soon, directory["mary"])
    services.register(soon, directory["adela"])
    assert reminders.remind_week_before() == 2
    assert reminders.remind_week_before() == 0
    assert SentReminder.objects.filter(kind="week_before").count() == 2
    assert "In a week" in mail.outbox[-1].subject


def test_registration_closing_reminds_the_unanswered_invitations(directory):
    from focalpoints.models import Audience
    from meetings import invitations

    closing = make_meeting(
        "closing", registration_closes_at=timezone.now() + datetime.timedelta(days=2)
    )
    invitations.invite_audience(closing, Audience.objects.create(name="Everyone"))
    mail.outbox.clear()
    assert reminders.remind_registration_closing() == 4
    assert reminders.remind_registration_closing() == 0
    assert "/meetings/invitations/" in mail.outbox[0].body


def test_commitments_due_ask_the_members_focal_points_for_an_update(directory, kenya):
    held = make_meeting("past", days_ahead=-400, status="held")
    commitment = services.record_commitment(
        held, kenya, "Adopt a second plan", due_on=held.start_date + datetime.timedelta(days=300)
    )
    services.record_commitment(held, kenya, "Done already", status=CommitmentStatus.ACHIEVED)
    assert reminders.remind_commitments_due() == 2  # Mary (focal point), Otieno (alternate)
    assert reminders.remind_commitments_due() == 0
    assert f"/commitments/{commitment.pk}/edit/" in mail.outbox[0].body


def test_every_job_is_on_the_schedule_and_each_can_be_switched_off(settings):
    scheduling.load_jobs()
    assert {
        "verification_round",
        "resume_invitations",
        "meeting_reminders",
        "commitment_reminders",
        "delete_unconfirmed_subscriptions_task",
        "resume_sends_task",
    } <= set(scheduling.scheduled_jobs())
    from crontask import scheduler

    before = len(scheduler.get_jobs())
    settings.SCHEDULED_JOBS = {**settings.SCHEDULED_JOBS, "verification": False}
    import focalpoints.schedule

    importlib.reload(focalpoints.schedule)  # a switched-off job is not added again
    assert len(scheduler.get_jobs()) == before


def test_the_worker_starts_the_schedule_unless_told_not_to(monkeypatch, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker as library

    started, ran = [], []
    monkeypatch.setattr(scheduling, "start_in_background", lambda: started.append(1))
    monkeypatch.setattr(library.Worker, "run", lambda self: ran.append(1))
    monkeypatch.setattr(library.Worker, "configure_signals", lambda self: None)
    call_command("db_worker", "--queue-name", "*")
    assert started == [1] and ran == [1]
    call_command("db_worker", "--no-scheduler")
    call_command("db_worker", "--batch")
    assert started == [1] and ran == [1, 1, 1]
