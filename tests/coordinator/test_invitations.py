"""Invitations to a meeting, through the admin and the signed links: invite an
audience, accept, decline, remind, invite again, capacity reached."""

import datetime

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from focalpoints.choices import Role
from focalpoints.models import Audience, Person
from meetings import invitations
from meetings.choices import InvitationStatus, MeetingStatus, RegistrationStatus
from meetings.models import Invitation
from meetings.tokens import make_reply_token
from tests.factories import link_in_last_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_plan(db):
    return Audience.objects.create(
        name="Focal points of members without an active plan",
        roles=[Role.FOCAL_POINT],
        without_active_plan=True,
    )


def invite_page(meeting):
    return reverse("admin:meetings_meeting_invite", args=[meeting.pk])


def reply_path(person):
    invitation = Invitation.objects.get(person=person)
    return reverse("meetings:invitation", kwargs={"token": make_reply_token(invitation)})


def test_staff_invite_exactly_the_focal_points_of_members_without_an_active_plan(
    staff_client, directory, meeting, no_plan
):
    preview = staff_client.post(invite_page(meeting), {"audience": no_plan.pk, "preview": "1"})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "2 people reached" in text
    assert "mary@example.org" in text and "aminata@example.org" in text
    assert not Invitation.objects.exists() and not mail.outbox  # nothing sent on preview

    sent = staff_client.post(invite_page(meeting), {"audience": no_plan.pk, "send": "1"})
    assert sent.status_code == 302
    invited = Invitation.objects.filter(meeting=meeting)
    assert {i.person.given_name for i in invited} == {"Mary", "Aminata"}
    assert all(i.sent_at and i.audience == no_plan for i in invited)
    assert sorted(m.to[0] for m in mail.outbox) == ["aminata@example.org", "mary@example.org"]


def test_each_invitation_is_in_the_persons_working_language(directory, meeting, no_plan):
    invitations.invite_audience(meeting, no_plan)
    french = next(m for m in mail.outbox if m.to == ["aminata@example.org"])
    assert french.subject == "Vous êtes invitée à Meeting vienna-next"
    assert "accepter ou décliner" in french.body
    assert Invitation.objects.get(person=directory["aminata"]).language == "fr"
    assert Invitation.objects.get(person=directory["mary"]).language == "en"


def test_inviting_again_never_sends_twice(directory, meeting, no_plan):
    first = invitations.invite_audience(meeting, no_plan)
    assert (first.invited, first.already) == (2, 0)
    again = invitations.invite_audience(meeting, no_plan)
    assert (again.invited, again.already) == (0, 2)
    assert len(mail.outbox) == 2
    # Picked people on top of the audience: only the new one is written to.
    invitations.invite_people(
        meeting, Person.objects.filter(pk__in=[directory["mary"].pk, directory["adela"].pk])
    )
    assert len(mail.outbox) == 3
    assert mail.outbox[-1].to == ["adela@example.org"]
    assert Invitation.objects.count() == 3


def test_the_link_opens_a_page_and_answers_nothing_by_itself(client, directory, meeting, no_plan):
    invitations.invite_audience(meeting, no_plan)
    path = link_in_last_email("mary@example.org")
    page = client.get(path)
    assert page.status_code == 200
    assert "Accept and register" in page.content.decode()
    assert Invitation.objects.get(person=directory["mary"]).status == InvitationStatus.UNANSWERED


def test_accepting_registers_with_the_form_filled_in(client, directory, meeting, no_plan):
    invitations.invite_audience(meeting, no_plan)
    path = link_in_last_email("mary@example.org")
    answer = client.post(
        path,
        {
            "answer": "accept",
            "travel_support": "on",
            "arrival_on": meeting.start_date.isoformat(),
            "access_needs": "Vegetarian",
        },
    )
    assert answer.status_code == 200
    assert "You are registered" in answer.content.decode()
    invitation = Invitation.objects.get(person=directory["mary"])
    assert invitation.status == InvitationStatus.ACCEPTED and invitation.answered_at
    registration = invitation.registration
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.travel_support and registration.access_needs == "Vegetarian"
    assert registration.member.name == "Kenya"


def test_declining(client, directory, meeting, no_plan):
    invitations.invite_audience(meeting, no_plan)
    answer = client.post(reply_path(directory["aminata"]), {"answer": "decline"})
    assert answer.status_code == 200
    invitation = Invitation.objects.get(person=directory["aminata"])
    assert invitation.status == InvitationStatus.DECLINED
    assert invitation.registration is None
    assert not meeting.registrations.exists()


def test_a_link_used_twice_says_so_and_changes_nothing(client, directory, meeting, no_plan):
    invitations.invite_audience(meeting, no_plan)
    path = reply_path(directory["mary"])
    client.post(path, {"answer": "decline"})
    again = client.post(path, {"answer": "accept"})
    assert again.status_code == 409
    assert "already answered" in again.content.decode()
    assert Invitation.objects.get(person=directory["mary"]).status == InvitationStatus.DECLINED
    assert not meeting.registrations.exists()


def test_a_forged_or_expired_link_is_refused(client, settings, directory, meeting, no_plan):
    invitations.invite_audience(meeting, no_plan)
    path = reply_path(directory["mary"])
    assert client.get(path[:-3] + "xyz/").status_code == 400
    other = signing.dumps({"i": 999999}, salt="meetings.invitation-reply")
    assert client.get(reverse("meetings:invitation", kwargs={"token": other})).status_code == 400
    settings.INVITATION_REPLY_MAX_AGE_DAYS = -1
    assert client.get(path).status_code == 410


def test_capacity_reached_puts_acceptances_on_the_waiting_list(client, directory, meeting):
    meeting.capacity = 1
    meeting.save()
    everyone = Audience.objects.create(name="Everyone")
    invitations.invite_audience(meeting, everyone)
    client.post(reply_path(directory["mary"]), {"answer": "accept"})
    late = client.post(reply_path(directory["adela"]), {"answer": "accept"})
    assert "waiting list" in late.content.decode()
    registration = Invitation.objects.get(person=directory["adela"]).registration
    assert registration.status == RegistrationStatus.WAITING
    assert registration.waiting_position == 1


def test_a_reply_after_the_meeting_was_held(client, directory, meeting, no_plan):
    invitations.invite_audience(meeting, no_plan)
    meeting.status = MeetingStatus.HELD
    meeting.save()
    answer = client.post(reply_path(directory["mary"]), {"answer": "accept"})
    assert answer.status_code == 409
    assert "already taken place" in answer.content.decode()
    assert Invitation.objects.get(person=directory["mary"]).status == InvitationStatus.UNANSWERED


def test_remind_those_who_have_not_answered_once(
    client, staff_client, settings, directory, meeting, no_plan
):
    invitations.invite_audience(meeting, no_plan)
    client.post(reply_path(directory["aminata"]), {"answer": "decline"})
    mail.outbox.clear()
    # Not yet due: invited today, reminders after INVITATION_REMINDER_AFTER_DAYS.
    assert invitations.remind_unanswered(meeting) == 0
    Invitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=8))
    changelist = reverse("admin:meetings_meeting_changelist")
    for _ in range(2):  # a second click sends nothing more
        staff_client.post(
            changelist, {"action": "remind_unanswered", "_selected_action": [meeting.pk]}
        )
    assert [m.to for m in mail.outbox] == [["mary@example.org"]]
    assert "Reminder" in mail.outbox[0].subject
    mary = Invitation.objects.get(person=directory["mary"])
    assert mary.reminder_count == 1 and mary.reminded_at


def test_reminders_stop_after_the_maximum(settings, directory, meeting, no_plan):
    settings.INVITATION_REMINDER_MAX_COUNT = 1
    invitations.invite_audience(meeting, no_plan)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Invitation.objects.update(sent_at=long_ago)
    assert invitations.send_reminders() == 2
    Invitation.objects.update(reminded_at=long_ago)
    assert invitations.send_reminders() == 0


def test_meeting_page_shows_who_answered_what(client, staff_client, directory, meeting, no_plan):
    invitations.invite_audience(meeting, no_plan)
    client.post(reply_path(directory["mary"]), {"answer": "accept"})
    page = staff_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    text = page.content.decode()
    assert "2 invited: 1 accepted, 0 declined, 1 not answered" in text


def test_an_empty_audience_a_held_meeting_and_a_cancelled_one_are_refused(
    staff_client, directory, meeting
):
    nobody = Audience.objects.create(name="Nobody", roles=[Role.OBSERVER])
    response = staff_client.post(invite_page(meeting), {"audience": nobody.pk, "send": "1"})
    assert response.status_code == 200
    assert "Nobody to invite" in response.content.decode()
    assert staff_client.post(invite_page(meeting), {"send": "1"}).status_code == 200
    for status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        meeting.status = status
        meeting.save()
        everyone = Audience.objects.get_or_create(name="Everyone")[0]
        refused = staff_client.post(invite_page(meeting), {"audience": everyone.pk, "send": "1"})
        assert refused.status_code == 302
    assert not Invitation.objects.exists() and not mail.outbox


def test_people_who_cannot_be_written_to_are_left_out_and_counted(directory, meeting, no_plan):
    Person.objects.filter(pk=directory["mary"].pk).update(do_not_contact=True)
    report = invitations.invite_audience(meeting, no_plan)
    assert report.invited == 1
    assert report.left_out["do_not_contact"] == 1
    assert invitations.left_out_text(report.left_out) == "1 left out: asked not to be contacted"


def test_a_send_interrupted_before_commit_resumes_without_a_second_copy(
    monkeypatch, directory, meeting, no_plan, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    invitations.invite_audience(meeting, no_plan)
    assert Invitation.objects.unsent().count() == 2
    real_send = invitations._send_one
    calls = []

    def dies_on_the_second(invitation, *, reminder):
        calls.append(invitation.pk)
        if len(calls) == 2:
            raise OSError("connection lost")
        return real_send(invitation, reminder=reminder)

    monkeypatch.setattr(invitations, "_send_one", dies_on_the_second)
    assert invitations.send_pending_invitations() == 1
    assert Invitation.objects.unsent().count() == 1
    monkeypatch.setattr(invitations, "_send_one", real_send)
    assert invitations.send_pending_invitations() == 1
    assert invitations.send_pending_invitations() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["aminata@example.org", "mary@example.org"]


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_only_staff_reach_the_invite_page(client, member_user, meeting, who):
    if who == "member":
        client.force_login(member_user)
    response = client.get(invite_page(meeting))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_member_sees_only_their_own_invitations(member_user, directory, meeting, no_plan):
    everyone = Audience.objects.create(name="Everyone")
    invitations.invite_audience(meeting, everyone)
    visible = Invitation.objects.visible_to(member_user)
    assert [i.person.given_name for i in visible] == ["Adela"]
    assert not Invitation.objects.visible_to(None).exists()
