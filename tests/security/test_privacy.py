"""Data protection: everything held about one person as JSON, erasure that
anonymises while keeping the meetings' figures, and the retention of
unconfirmed subscriptions."""

import datetime
import io
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from focalpoints.models import Appointment, Person
from meetings.models import CommitmentUpdate, Registration
from network.core import privacy
from network.models import PersonalDataExport
from newsletters.models import Delivery, Subscription

pytestmark = pytest.mark.django_db


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_person_data_export_holds_everything_from_every_app(world):
    adela = world.adela
    data = privacy.export_person_data(adela, user=world.staff_user, surface="command")
    assert data["format"] == "wps-person-data/1"
    directory, meetings, newsletters = data["directory"], data["meetings"], data["newsletters"]
    assert directory["person"]["email"] == "adela@example.org"
    assert directory["person"]["gender"] == "female"
    assert "search_text" not in directory["person"]
    assert "adela.work@example.org" in [a["work_email"] for a in directory["appointments"]]
    assert len(directory["person_history"]) >= 2  # created, then linked to her account
    assert directory["user_account"]["email"] == world.member_user.email
    assert "password" not in directory["user_account"]
    assert len(meetings["registrations"]) == 2
    assert meetings["registrations"][0]["access_needs"] == "Wheelchair access, please"
    assert len(meetings["registration_history"]) >= 2
    assert [u["id"] for u in meetings["commitment_updates_written"]] == [world.update.pk]
    assert len(newsletters["subscriptions"]) == 1
    assert "token" not in newsletters["subscriptions"][0]
    assert len(newsletters["deliveries"]) == 1
    # Nobody else's data is in it.
    text = privacy.person_data_json(data)
    assert all(secret.email not in text for secret in world.secrets)
    json.loads(text)
    log = PersonalDataExport.objects.get()
    assert (log.person_id, log.export_format, log.user) == (adela.pk, "json", world.staff_user)


def test_export_command_writes_json_and_refuses_an_unknown_id(world, tmp_path):
    target = tmp_path / "adela.json"
    call_command(
        "export_person_data", str(world.adela.pk), output=str(target), stderr=io.StringIO()
    )
    data = json.loads(target.read_text())
    assert data["person_id"] == world.adela.pk
    assert data["directory"]["person"]["family_name"] == "Díaz Bernárdez"
    assert PersonalDataExport.objects.filter(surface="command", person_id=world.adela.pk).exists()
    with pytest.raises(CommandError, match="No person has the id"):
        call_command("export_person_data", "999999", stdout=io.StringIO())


def test_erasure_anonymises_everywhere_and_keeps_meeting_figures(world, staff_user):
    adela = world.adela
    identifying = {
        "Adela",
        "Díaz Bernárdez",
        "adela@example.org",
        "adela.work@example.org",
        world.member_user.email,
        "+34 000 000 000",
        "+34 111 111 111",
        "Director of the Human Rights Office",
        "Wheelchair access, please",
    }
    counts_before = {
        meeting.pk: meeting.registrations.count() for meeting in (world.alicante, world.upcoming)
    }
    statuses_before = sorted(
        Registration.objects.filter(person=adela).values_list("status", flat=True)
    )
    ct = ContentType.objects.get_for_model(Person)
    LogEntry.objects.create(
        user=staff_user,
        content_type=ct,
        object_id=str(adela.pk),
        object_repr=str(adela),
        action_flag=CHANGE,
    )

    report = privacy.erase_person(adela, by=staff_user)

    adela.refresh_from_db()
    assert adela.name == f"Erased person #{adela.pk}"
    assert (adela.email, adela.phone, adela.bio, adela.gender, adela.user) == ("", "", "", "", None)
    assert not adela.languages.exists()
    user = world.member_user
    user.refresh_from_db()
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.email.endswith("@erased.invalid")
    # The figures stay: same registrations, same statuses, the post's role and member.
    assert {
        m.pk: m.registrations.count() for m in (world.alicante, world.upcoming)
    } == counts_before
    assert (
        sorted(Registration.objects.filter(person=adela).values_list("status", flat=True))
        == statuses_before
    )
    posts = Appointment.objects.filter(person=adela)
    assert {(p.member.country.code, p.role) for p in posts} >= {("ES", "focal_point")}
    assert {(p.work_email, p.phone, p.position) for p in posts} == {("", "", "")}
    update = CommitmentUpdate.objects.get(pk=world.update.pk)
    assert update.author is None and update.text == "Review started"
    subscription = Subscription.objects.get(pk=world.subscriptions[0].pk)
    assert subscription.email.endswith("@erased.invalid") and subscription.person is None
    assert not subscription.is_active
    assert Delivery.objects.get(subscription=subscription).last_error == ""
    assert report["focalpoints.person"] == 1
    assert report["meetings.registration"] == 2
    assert report["newsletters.subscription"] == 1

    # Nothing identifying is left in her rows, their history or the admin's log.
    everything = privacy.export_person_data(adela, user=staff_user)
    left = [s for s in _strings(everything) if any(value in s for value in identifying)]
    assert left == []
    history = [
        *Person.history.filter(id=adela.pk).values_list("given_name", "email", "phone"),
        *Appointment.history.filter(person_id=adela.pk).values_list("work_email", "phone"),
        *Subscription.history.filter(id=subscription.pk).values_list("email", flat=True),
    ]
    assert not any(value in str(history) for value in identifying)
    assert LogEntry.objects.get(object_id=str(adela.pk), content_type=ct).object_repr == (
        adela.name
    )
    # Who erased, and when, is on the record.
    assert Person.history.filter(id=adela.pk).latest().history_change_reason == (
        privacy.ERASED_REASON
    )
    # Other people are untouched.
    assert Person.objects.get(pk=world.secrets[1].pk).email.startswith("secret")


def test_erasure_in_the_admin_asks_first(staff_client, world):
    adela = world.adela
    changelist = reverse("admin:focalpoints_person_changelist")
    page = staff_client.post(changelist, {"action": "erase_people", "_selected_action": [adela.pk]})
    assert page.status_code == 200
    assert b"cannot be undone" in page.content
    adela.refresh_from_db()
    assert adela.email == "adela@example.org"  # nothing happened yet
    done = staff_client.post(
        changelist,
        {"action": "erase_people", "_selected_action": [adela.pk], "confirm_erasure": "yes"},
        follow=True,
    )
    assert "1 person erased." in done.content.decode()
    adela.refresh_from_db()
    assert adela.email == "" and adela.name.startswith("Erased person")


def test_erase_command(world):
    out = io.StringIO()
    call_command("erase_person", str(world.secrets[2].pk), no_input=True, stdout=out)
    assert "erased" in out.getvalue()
    assert Person.objects.get(pk=world.secrets[2].pk).email == ""


def test_unconfirmed_subscriptions_are_deleted_after_thirty_days(world):
    now = timezone.now()
    stale = Subscription.objects.create(
        newsletter=world.subscriptions[0].newsletter,
        email="never-confirmed@example.net",
        requested_at=now - datetime.timedelta(days=31),
    )
    recent = Subscription.objects.create(
        newsletter=world.subscriptions[0].newsletter,
        email="just-asked@example.net",
        requested_at=now - datetime.timedelta(days=29),
    )
    old_confirmed = world.subscriptions[1]
    Subscription.objects.filter(pk=old_confirmed.pk).update(
        requested_at=now - datetime.timedelta(days=400)
    )
    out = io.StringIO()
    call_command("delete_unconfirmed_subscriptions", stdout=out)
    assert "Deleted 1 subscription" in out.getvalue()
    assert not Subscription.objects.filter(pk=stale.pk).exists()
    # Its address is gone from the history too.
    assert not Subscription.history.filter(email="never-confirmed@example.net").exists()
    assert Subscription.objects.filter(pk__in=[recent.pk, old_confirmed.pk]).count() == 2


def test_retention_task_is_queued_for_the_worker(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = io.StringIO()
    call_command("delete_unconfirmed_subscriptions", enqueue=True, stdout=out)
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.get()
    assert task.task_path == (
        "newsletters.services.subscriptions.delete_unconfirmed_subscriptions_task"
    )
    assert task.args_kwargs == {"args": [], "kwargs": {}}
