"""A one-off message to an audience, through the admin: preview, send once,
progress, the footer's reason, the unsubscribe link and who is left out."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from focalpoints.choices import Role
from focalpoints.models import Audience, Person
from newsletters.choices import DeliveryStatus, MessageStatus, SuspensionReason
from newsletters.models import AudienceMessage, MessageDelivery
from newsletters.services import messages as message_services
from newsletters.services import suspend_address

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.NEWSLETTER_SEND_RATE = 0


@pytest.fixture
def no_plan(directory):
    return Audience.objects.create(
        name="No active plan", roles=[Role.FOCAL_POINT], without_active_plan=True
    )


@pytest.fixture
def message(no_plan, staff_user):
    return AudienceMessage.objects.create(
        audience=no_plan,
        subject="Drafting a first plan",
        body="Dear colleague,\n\nA **workshop** on [first plans](https://example.org/w).\n"
        "<script>alert(1)</script>",
        created_by=staff_user,
    )


def send_url(message):
    return reverse("admin:newsletters_audiencemessage_send", args=[message.pk])


def test_staff_write_a_message_in_the_admin(staff_client, no_plan):
    response = staff_client.post(
        reverse("admin:newsletters_audiencemessage_add"),
        {
            "audience": no_plan.pk,
            "subject": "Workshop",
            "body": "Hello *all*",
            "language": "en",
            "optional": "on",
        },
    )
    assert response.status_code == 302
    assert AudienceMessage.objects.get().status == MessageStatus.DRAFT


def test_preview_shows_whom_it_reaches_the_text_and_the_sanitised_html(
    staff_client, message, directory
):
    mary = directory["mary"]
    mary.do_not_contact = True
    mary.save()
    response = staff_client.get(send_url(message))
    assert response.status_code == 200
    page = response.content.decode()
    assert "reaches 1 person today" in page
    assert "1 asked not to be contacted" in page
    assert "aminata@example.org" in page
    text = response.context["preview"]["text"]
    assert "workshop" in text and "first plans (https://example.org/w)" in text
    assert "You receive this as focal point of Economic Community" in text
    html = staff_client.get(
        reverse("admin:newsletters_audiencemessage_preview_html", args=[message.pk])
    )
    body = html.content.decode()
    assert "<strong>workshop</strong>" in body and "<script>" not in body
    assert "default-src 'none'" in html.headers["Content-Security-Policy"]
    assert not mail.outbox and not MessageDelivery.objects.exists()


def test_send_reaches_each_person_once_with_the_reason_and_shows_progress(staff_client, message):
    response = staff_client.post(send_url(message))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["aminata@example.org", "mary@example.org"]
    copy = by_address["mary@example.org"]
    assert "You receive this as focal point of Kenya." in copy.body
    html = copy.alternatives[0].content
    assert "<strong>workshop</strong>" in html and "<script>" not in html
    assert copy.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert copy.extra_headers["Message-ID"] == (
        MessageDelivery.objects.get(email="mary@example.org").message_id
    )
    change = staff_client.get(
        reverse("admin:newsletters_audiencemessage_change", args=[message.pk])
    )
    assert "2 of 2 done: 2 sent, 0 pending, 0 failed, 0 skipped" in change.content.decode()
    listing = staff_client.get(reverse("admin:newsletters_audiencemessage_changelist"))
    assert "2 of 2 done" in listing.content.decode()


def test_sending_twice_sends_no_second_copy(staff_client, message):
    staff_client.post(send_url(message))
    response = staff_client.post(send_url(message), follow=True)
    assert "already sent: it is sent only once" in response.content.decode()
    assert len(mail.outbox) == 2
    assert MessageDelivery.objects.count() == 2
    with pytest.raises(message_services.MessageError):
        message_services.start_message_send(message)


def test_an_empty_audience_is_refused_with_the_reasons_and_nothing_is_written(
    staff_client, no_plan, directory
):
    for person in (directory["mary"], directory["aminata"]):
        person.email = ""
        person.save()
    person = directory["aminata"]
    person.appointments.update(work_email="")
    mary = directory["mary"]
    mary.appointments.update(work_email="")
    message = AudienceMessage.objects.create(audience=no_plan, subject="S", body="B")
    response = staff_client.post(send_url(message), follow=True)
    page = response.content.decode()
    assert "reaches nobody (2 no email): nothing was sent" in page
    message.refresh_from_db()
    assert message.status == MessageStatus.DRAFT
    assert not MessageDelivery.objects.exists() and not mail.outbox


def test_unsubscribe_link_opts_out_and_later_optional_messages_leave_them_out(
    client, staff_client, message, no_plan, directory
):
    staff_client.post(send_url(message))
    copy = next(m for m in mail.outbox if m.to == ["mary@example.org"])
    url = copy.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("http://testserver").split("://", 1)[-1]
    path = "/" + path.split("/", 1)[1] if not path.startswith("/") else path
    assert path in copy.body
    page = client.get(path)  # a mail scanner following the link changes nothing
    assert page.status_code == 200
    assert Person.objects.get(given_name="Mary").optional_mail_opted_out_at is None
    # RFC 8058 one-click: a POST without cookies or CSRF token.
    answer = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert "You are unsubscribed from optional messages" in answer.content.decode()
    assert Person.objects.get(given_name="Mary").optional_mail_opted_out_at is not None
    assert client.get(path.replace(path.split("/")[-2], "forged")).status_code == 404

    mail.outbox.clear()
    second = AudienceMessage.objects.create(audience=no_plan, subject="Again", body="Hello")
    preview = staff_client.get(send_url(second)).content.decode()
    assert "1 opted out of optional mail" in preview
    staff_client.post(send_url(second))
    assert [m.to for m in mail.outbox] == [["aminata@example.org"]]

    # Operational mail ignores the opt-out, and carries no unsubscribe link.
    mail.outbox.clear()
    notice = AudienceMessage.objects.create(
        audience=no_plan, subject="Venue changed", body="Hall B", optional=False
    )
    staff_client.post(send_url(notice))
    assert sorted(m.to[0] for m in mail.outbox) == ["aminata@example.org", "mary@example.org"]
    assert all("List-Unsubscribe" not in m.extra_headers for m in mail.outbox)


def test_a_complaint_opts_out_of_optional_mail_and_a_bounce_leaves_out(directory, no_plan):
    suspend_address("mary@example.org", SuspensionReason.COMPLAINT, at=timezone.now())
    suspend_address("aminata@example.org", SuspensionReason.HARD_BOUNCE, at=timezone.now())
    message = AudienceMessage.objects.create(audience=no_plan, subject="S", body="B")
    resolution = message_services.preview(message)["resolution"]
    assert resolution.left_out["opted_out"] == 1 and resolution.left_out["bounced"] == 1


def test_a_person_who_opts_out_after_the_start_is_skipped(directory, message):
    def opt_out_mary_first(*args, **kwargs):
        Person.objects.filter(given_name="Mary").update(optional_mail_opted_out_at=timezone.now())

    # Start without sending, opt out, then let the worker send.
    original = message_services.enqueue_message_send
    message_services.enqueue_message_send = lambda *a, **k: None
    try:
        message_services.start_message_send(message)
    finally:
        message_services.enqueue_message_send = original
    opt_out_mary_first()
    message_services.run_message_send(message.pk, slice_seconds=0)
    statuses = dict(MessageDelivery.objects.values_list("email", "status"))
    assert statuses == {
        "mary@example.org": DeliveryStatus.SKIPPED,
        "aminata@example.org": DeliveryStatus.SENT,
    }
    assert [m.to for m in mail.outbox] == [["aminata@example.org"]]


def test_a_sent_message_cannot_be_edited_or_deleted(staff_client, message):
    staff_client.post(send_url(message))
    change = reverse("admin:newsletters_audiencemessage_change", args=[message.pk])
    staff_client.post(change, {"subject": "Changed", "body": "x", "audience": message.audience_id})
    message.refresh_from_db()
    assert message.subject == "Drafting a first plan"
    delete = reverse("admin:newsletters_audiencemessage_delete", args=[message.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403


# The permission table of the new pages: (page, caller) → status. Anonymous
# callers and members are sent to the admin's login (302); staff without the
# newsletters permissions get 403; the unsubscribe page answers anyone with a
# valid token and nobody without one.
PAGES = {
    "send": {"anonymous": 302, "member": 302, "staff_without_perms": 403, "staff": 200},
    "preview_html": {"anonymous": 302, "member": 302, "staff_without_perms": 403, "staff": 200},
    "changelist": {"anonymous": 302, "member": 302, "staff_without_perms": 403, "staff": 200},
    "copies": {"anonymous": 302, "member": 302, "staff_without_perms": 403, "staff": 200},
    "unsubscribe": {"anonymous": 200, "member": 200, "staff_without_perms": 200, "staff": 200},
    "unsubscribe_forged": {
        "anonymous": 404,
        "member": 404,
        "staff_without_perms": 404,
        "staff": 404,
    },
}


def _page_url(page, message, person):
    return {
        "send": send_url(message),
        "preview_html": reverse(
            "admin:newsletters_audiencemessage_preview_html", args=[message.pk]
        ),
        "changelist": reverse("admin:newsletters_audiencemessage_changelist"),
        "copies": reverse("admin:newsletters_messagedelivery_changelist"),
        "unsubscribe": reverse(
            "newsletters:optional_mail_unsubscribe",
            kwargs={"token": message_services.unsubscribe_token(person)},
        ),
        "unsubscribe_forged": reverse(
            "newsletters:optional_mail_unsubscribe", kwargs={"token": f"{person.pk}:forged"}
        ),
    }[page]


@pytest.mark.parametrize(
    ("page", "who", "expected"),
    [(page, who, status) for page, row in PAGES.items() for who, status in row.items()],
)
def test_permission_table_of_audience_mail(
    client, page, who, expected, message, directory, member_user, staff_user
):
    from tests.factories import make_user

    callers = {
        "member": member_user,
        "staff": staff_user,
        "staff_without_perms": make_user("bare.staff@example.org", is_staff=True),
    }
    if who in callers:
        client.force_login(callers[who])
    response = client.get(_page_url(page, message, directory["mary"]))
    assert response.status_code == expected
    assert Person.objects.get(given_name="Mary").optional_mail_opted_out_at is None


def test_a_message_in_spanish_has_its_footer_in_spanish(staff_client, no_plan):
    message = AudienceMessage.objects.create(
        audience=no_plan, subject="Taller", body="Hola", language="es"
    )
    staff_client.post(send_url(message))
    copy = next(m for m in mail.outbox if m.to == ["mary@example.org"])
    assert "Recibe este mensaje como punto focal de Kenya." in copy.body
    assert "Para darse de baja de los mensajes opcionales:" in copy.body


def test_starting_a_send_costs_the_same_queries_whatever_the_audience(
    directory, no_plan, kenya, monkeypatch
):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from focalpoints import services as directory_services

    monkeypatch.setattr(message_services, "enqueue_message_send", lambda *a, **k: None)

    def queries_to_start():
        message = AudienceMessage.objects.create(audience=no_plan, subject="S", body="B")
        with CaptureQueriesContext(connection) as captured:
            count = message_services.start_message_send(message)
        return count, len(captured)

    small = queries_to_start()
    for n in range(6):
        person = Person.objects.create(given_name="Extra", family_name=f"{n}", email=f"x{n}@e.org")
        directory_services.appoint_person(
            person, kenya, Role.FOCAL_POINT, start_on=datetime.date(2020, 1, 1)
        )
    large = queries_to_start()
    assert (small[0], large[0]) == (2, 8)
    assert large[1] == small[1] <= 20


def test_the_list_of_messages_costs_the_same_queries_for_one_or_many(
    staff_client, no_plan, message
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff_client.post(send_url(message))
    url = reverse("admin:newsletters_audiencemessage_changelist")
    with CaptureQueriesContext(connection) as one:
        staff_client.get(url)
    for n in range(3):
        other = AudienceMessage.objects.create(audience=no_plan, subject=f"S{n}", body="B")
        message_services.start_message_send(other)
    with CaptureQueriesContext(connection) as four:
        response = staff_client.get(url)
    assert response.content.decode().count("2 of 2 done") == 4
    assert len(four) == len(one)


def test_a_persons_copies_are_in_their_data_export_and_erased_with_them(
    staff_client, message, directory, staff_user
):
    from network.core import privacy

    staff_client.post(send_url(message))
    mary = directory["mary"]
    data = privacy.export_person_data(mary, user=staff_user, surface="command")
    assert [c["email"] for c in data["newsletters"]["messages_received"]] == ["mary@example.org"]
    privacy.erase_person(mary, by=staff_user)
    copy = MessageDelivery.objects.get(person=mary)
    assert "mary" not in copy.email and copy.reason == ""


def test_bounces_and_complaints_come_back_through_the_providers_webhook(
    client, settings, staff_client, message, directory
):
    import base64
    import json

    settings.ANYMAIL = {"WEBHOOK_SECRET": "wps:a-webhook-secret"}
    settings.ANYMAIL_WEBHOOK_PROVIDERS = ["postmark"]
    auth = "Basic " + base64.b64encode(b"wps:a-webhook-secret").decode()
    staff_client.post(send_url(message))
    for kind, address in (
        ("HardBounce", "mary@example.org"),
        ("SpamComplaint", "aminata@example.org"),
    ):
        response = client.post(
            "/newsletters/anymail/postmark/tracking/",
            json.dumps(
                {
                    "RecordType": "SpamComplaint" if kind == "SpamComplaint" else "Bounce",
                    "Type": kind,
                    "Email": address,
                    "BouncedAt": "2026-01-01T10:00:00Z",
                }
            ),
            content_type="application/json",
            headers={"Authorization": auth},
        )
        assert response.status_code == 200
    mary, aminata = (Person.objects.get(given_name=n) for n in ("Mary", "Aminata"))
    assert mary.email_bounced_at is not None
    assert aminata.optional_mail_opted_out_at is not None and aminata.email_bounced_at is None
    second = AudienceMessage.objects.create(audience=message.audience, subject="S", body="B")
    left_out = message_services.preview(second)["resolution"].left_out
    assert (left_out["bounced"], left_out["opted_out"]) == (1, 1)
