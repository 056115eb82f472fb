"""What each newsletter email looks like: parts, headers, language, and
sanitised content (Django's locmem backend)."""

import re
from email import message_from_bytes

import pytest
from django.core import mail

from newsletters import services
from newsletters.choices import EntryKind
from newsletters.models import Delivery, Entry
from tests.factories import make_issue, make_subscribers, run_tasks

HOSTILE_SUMMARY = """Good news.

<script>alert('x')</script>
<img src=x onerror="alert('img')">
[click me](javascript:alert('link'))
<a href="javascript:alert(1)" onclick="alert(2)">raw link</a>
<iframe src="https://evil.example/"></iframe>
<p style="background:url(javascript:alert(3))" onmouseover="alert(4)">styled</p>
"""


def send_issue_now(issue):
    services.schedule_issue(issue)
    run_tasks()


@pytest.fixture
def sent_message(newsletter, entry, settings):
    settings.NEWSLETTER_FROM_EMAIL = "WPS Newsletter <newsletter@wps.example.org>"
    settings.NEWSLETTER_REPLY_TO = ["secretariat@wps.example.org"]
    settings.NEWSLETTER_MESSAGE_ID_DOMAIN = "wps.example.org"
    settings.SITE_URL = "https://wps.example.org"
    make_subscribers(newsletter, 1)
    send_issue_now(make_issue(newsletter, [entry], title="After Alicante"))
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def test_issue_email_is_multipart_text_and_html(sent_message):
    assert sent_message.body.strip()
    assert [alternative.mimetype for alternative in sent_message.alternatives] == ["text/html"]
    parsed = message_from_bytes(sent_message.message().as_bytes())
    assert parsed.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in parsed.get_payload()] == [
        "text/plain",
        "text/html",
    ]
    assert "A national initiative" in sent_message.body
    assert "A national initiative" in sent_message.alternatives[0].content


def test_issue_email_has_one_click_unsubscribe_headers(sent_message):
    delivery = Delivery.objects.get()
    token = delivery.subscription.token
    url = f"https://wps.example.org/newsletters/unsubscribe/{token}/"
    headers = sent_message.message()
    assert headers["List-Unsubscribe"] == f"<{url}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The personal link is in both parts too.
    assert url in sent_message.body
    assert url in sent_message.alternatives[0].content


def test_list_unsubscribe_adds_mailto_when_configured(newsletter, entry, settings, mailoutbox):
    settings.NEWSLETTER_UNSUBSCRIBE_MAILTO = "leave@wps.example.org"
    make_subscribers(newsletter, 1)
    send_issue_now(make_issue(newsletter, [entry]))
    header = mailoutbox[0].message()["List-Unsubscribe"]
    assert re.fullmatch(
        r"<https?://[^>]+/newsletters/unsubscribe/[^>]+/>, "
        r"<mailto:leave@wps\.example\.org\?subject=unsubscribe%20[\w-]+>",
        header,
    )


def test_message_id_is_the_deliverys_on_the_sending_domain(sent_message):
    delivery = Delivery.objects.get()
    message_id = sent_message.message()["Message-ID"]
    assert message_id == delivery.message_id
    assert re.fullmatch(r"<[^@<>\s]+@wps\.example\.org>", message_id)


def test_from_and_reply_to_come_from_settings(sent_message):
    headers = sent_message.message()
    assert headers["From"] == "WPS Newsletter <newsletter@wps.example.org>"
    assert headers["Reply-To"] == "secretariat@wps.example.org"
    assert sent_message.to == ["reader0@example.org"]


def test_each_subscriber_gets_their_language_or_the_default(newsletter, entry, mailoutbox):
    make_subscribers(newsletter, 1, language="en", prefix="english")
    make_subscribers(newsletter, 1, language="es", prefix="spanish")
    make_subscribers(newsletter, 1, language="fr", prefix="french")
    english = make_issue(newsletter, [entry], title="Después de Alicante EN")
    spanish = make_issue(newsletter, [entry], language="es", title="Después de Alicante")
    # Spanish is scheduled first, so its readers are not given the English one.
    services.schedule_issue(spanish)
    services.schedule_issue(english)
    run_tasks()
    by_address = {message.to[0]: message for message in mailoutbox}
    assert sorted(by_address) == [
        "english0@example.org",
        "french0@example.org",
        "spanish0@example.org",
    ]
    assert "Después de Alicante" in by_address["spanish0@example.org"].subject
    assert 'lang="es"' in by_address["spanish0@example.org"].alternatives[0].content
    # French has no version: the newsletter's default language.
    assert 'lang="en"' in by_address["french0@example.org"].alternatives[0].content
    assert 'lang="en"' in by_address["english0@example.org"].alternatives[0].content
    assert Delivery.objects.filter(issue=spanish).count() == 1
    assert Delivery.objects.filter(issue=english).count() == 2


def test_hostile_markdown_summary_reaches_no_email_or_page(newsletter, client, mailoutbox):
    entry = Entry.objects.create(
        kind=EntryKind.RESEARCH, title="Hostile", summary=HOSTILE_SUMMARY, link=""
    )
    make_subscribers(newsletter, 1)
    issue = make_issue(newsletter, [entry], intro=HOSTILE_SUMMARY)
    send_issue_now(issue)
    html = mailoutbox[0].alternatives[0].content
    page = client.get(entry.get_absolute_url()).content.decode()
    issue_page = client.get(issue.get_absolute_url()).content.decode()
    for output in (html, page, issue_page, mailoutbox[0].body):
        lowered = output.lower()
        assert "<script>alert" not in lowered
        assert "javascript:" not in lowered
        assert "onerror" not in lowered
        assert "onclick" not in lowered
        assert "onmouseover" not in lowered
        assert "<iframe" not in lowered
    assert "Good news." in html
    assert "raw link" in html


def test_a_test_send_goes_to_staff_only_marked_as_test(newsletter, entry, mailoutbox):
    make_subscribers(newsletter, 3)
    issue = make_issue(newsletter, [entry])
    services.send_test(issue, "staff@example.org")
    assert [m.to for m in mailoutbox] == [["staff@example.org"]]
    assert mailoutbox[0].subject.startswith("[TEST] ")
    assert Delivery.objects.count() == 0
    issue.refresh_from_db()
    assert issue.status == "draft"


def test_bytes_sent_over_smtp_are_the_same_message_as_djangos(newsletter, entry, settings):
    """Over SMTP the message is built from a per-issue template (speed);
    parsed, it must equal Django's own message for the same delivery."""
    import email
    import email.policy

    from newsletters.emails import IssueComposer

    settings.NEWSLETTER_UNSUBSCRIBE_MAILTO = "leave@example.org"
    settings.NEWSLETTER_REPLY_TO = ["secretariat@example.org"]
    entry.summary = "Ünïcödé — “quotes”, a long line " * 20 + "\n\nA = sign and trailing space "
    entry.save()
    make_subscribers(newsletter, 1)
    issue = make_issue(newsletter, [entry], title="Número 1 — después de Alicante")
    services.schedule_issue(issue)
    services.start_sending(issue)
    delivery = Delivery.objects.select_related("subscription").get()
    composer = IssueComposer(issue)
    ours = email.message_from_bytes(composer.raw_message_for(delivery), policy=email.policy.SMTP)
    django = email.message_from_bytes(
        composer.message_for(delivery).message(policy=email.policy.SMTP).as_bytes(),
        policy=email.policy.SMTP,
    )
    assert ours.defects == [] and all(part.defects == [] for part in ours.walk())
    for header in (
        "Subject",
        "From",
        "To",
        "Reply-To",
        "Message-ID",
        "List-Id",
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
        "MIME-Version",
    ):
        assert str(ours[header]).strip() == str(django[header]).strip(), header
    assert ours.get_content_type() == "multipart/alternative"
    ours_parts = [(p.get_content_type(), p.get_content()) for p in ours.iter_parts()]
    django_parts = [(p.get_content_type(), p.get_content()) for p in django.iter_parts()]
    assert ours_parts == django_parts
    assert delivery.subscription.unsubscribe_url() in ours_parts[1][1]
    # Quoted-printable lines stay within RFC 2045's 76 characters.
    assert max(len(line) for line in composer.raw_message_for(delivery).split(b"\r\n")) <= 998
    body = composer.raw_message_for(delivery).split(b"\r\n\r\n", 1)[1]
    assert max(len(line) for line in body.split(b"\r\n")) <= 76
