"""The coordinator's journey in a real browser: staff invite the focal points
of the members without an active plan to a meeting; a focal point accepts
from the email and registers (docs/coordinator.md)."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from focalpoints.choices import Role
from focalpoints.models import Audience
from meetings.choices import InvitationStatus, RegistrationStatus
from meetings.models import Invitation
from tests.e2e.browser import log_in_directly
from tests.factories import link_in_last_email, make_meeting
from tests.network.action_plan_fixtures import plan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "newsletters"],
        }
    }


def test_staff_invite_members_without_a_plan_and_a_focal_point_accepts(
    page, context, live_server, staff_user, spain, adela, mary
):
    plan(spain, 1, adopted=2017, start=2017, end=2099, title="Spain's plan")
    meeting = make_meeting("vienna-e2e", capacity=10)
    audience = Audience.objects.create(
        name="No active plan", roles=[Role.FOCAL_POINT], without_active_plan=True
    )
    log_in_directly(context, live_server, staff_user)

    page.goto(f"{live_server.url}/admin/meetings/meeting/{meeting.pk}/change/")
    page.get_by_role("link", name="Invite…").click()
    page.get_by_label("Audience").select_option(str(audience.pk))
    page.get_by_role("button", name="Show whom it reaches").click()
    expect(page.get_by_role("heading", name="1 person reached")).to_be_visible()
    expect(page.locator("#invite-preview")).to_contain_text("Mary Kaburu")
    expect(page.locator("#invite-preview")).not_to_contain_text("Adela")
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.locator(".messagelist")).to_contain_text("1 invitation is being sent.")
    expect(page.locator(".field-invitations_summary")).to_contain_text("1 invited")
    assert [m.to for m in mail.outbox] == [["mary@example.org"]]

    # Mary opens the link in her email: a page, not an answer.
    page.goto(live_server.url + link_in_last_email("mary@example.org"))
    assert Invitation.objects.get().status == InvitationStatus.UNANSWERED
    page.get_by_label("I need a visa invitation letter").check()
    page.get_by_label("Arrival").fill(meeting.start_date.isoformat())
    page.get_by_role("button", name="Accept and register").click()
    expect(page.get_by_role("status")).to_contain_text("You are registered")

    invitation = Invitation.objects.get()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.registration.status == RegistrationStatus.REGISTERED
    assert invitation.registration.visa_letter
