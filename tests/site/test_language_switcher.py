"""The language switcher on every page keeps the reader where they were, and
works as a plain form: no JavaScript, the choice kept in a cookie (the site
has one address per page, with no /es/ or /fr/ prefix)."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from meetings import services as meetings
from meetings.models import Meeting
from newsletters.models import Entry, Issue, Newsletter

pytestmark = pytest.mark.django_db

SWITCHER = re.compile(r'<form action="/i18n/setlang/" method="post"[^>]*>(.*?)</form>', re.S)


class HiddenFields(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.fields = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden":
            self.fields[attrs["name"]] = attrs.get("value", "")


@pytest.fixture
def pages(spain, kenya, adela, mary):
    """A page of each kind, with a query string where the page takes one."""
    meeting = Meeting.objects.create(
        slug="alicante",
        title="Alicante",
        kind="network",
        city="Alicante",
        country="ES",
        time_zone="Europe/Madrid",
        start_date=datetime.date(2017, 4, 26),
        end_date=datetime.date(2017, 4, 27),
        status="held",
    )
    commitment = meetings.record_commitment(meeting, spain, "Institutionalise civil society")
    newsletter = Newsletter.objects.create(name="Newsletter", slug="wps")
    entry = Entry.objects.create(kind="research", title="A study", member=spain)
    now = timezone.now()
    sent = {"status": "sent", "send_started_at": now, "sent_at": now}
    issue = Issue.objects.create(newsletter=newsletter, number=1, title="One", **sent)
    return [
        "/",
        "/directory/members/?region=150",
        "/directory/members/ES/",
        "/directory/?q=kaburu&page=1",
        f"/directory/people/{mary.pk}/",
        "/directory/profile/",
        "/meetings/?when=past",
        meeting.get_absolute_url(),
        f"{meeting.get_absolute_url()}follow-up/",
        "/meetings/my-registrations/",
        "/commitments/?member=ES",
        commitment.get_absolute_url(),
        "/action-plans/?status=active",
        "/newsletters/",
        "/newsletters/archive/",
        issue.get_absolute_url(),
        "/newsletters/entries/?kind=research",
        entry.get_absolute_url(),
        "/accounts/password/change/",
        "/no-such-page/",
    ]


def switcher_fields(content):
    form = SWITCHER.search(content)
    assert form, "no language switcher on the page"
    assert '<button type="submit"' in form.group(1)  # submitted without script
    return HiddenFields(form.group(1)).fields


def test_the_switcher_on_every_page_brings_the_reader_back_to_it_translated(pages, member_user):
    # A browser without JavaScript: it reads the form, CSRF token included,
    # and posts it as it stands.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member_user)
    for number, path in enumerate(pages):
        language = ["es", "fr"][number % 2]
        page = browser.get(path)
        assert page.status_code in (200, 404), path
        fields = switcher_fields(page.content.decode())
        assert fields["next"] == path
        answer = browser.post("/i18n/setlang/", {**fields, "language": language})
        assert answer.status_code == 302, path
        assert answer["Location"] == path
        again = browser.get(answer["Location"]).content.decode()
        assert f'<html lang="{language}"' in again, path
        assert f'<option value="{language}" lang="{language}" selected>' in again, path


def test_visitors_switch_on_the_login_page_too(db):
    browser = Client(enforce_csrf_checks=True)
    fields = switcher_fields(browser.get("/accounts/login/?next=/directory/").content.decode())
    assert fields["next"] == "/accounts/login/?next=/directory/"
    answer = browser.post("/i18n/setlang/", {**fields, "language": "fr"})
    assert answer["Location"] == "/accounts/login/?next=/directory/"
    assert "<h1>Se connecter</h1>" in browser.get(answer["Location"]).content.decode()


def test_the_choice_is_a_cookie_that_outranks_the_browser_language(db):
    answer = Client().post("/i18n/setlang/", {"language": "fr", "next": "/"})
    cookie = answer.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "fr"
    # Any later visit with that cookie, even from a browser set to Spanish.
    reader = Client(headers={"accept-language": "es"})
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="fr"' in reader.get("/meetings/").content.decode()
    # There is no /fr/… address to go to instead.
    assert Client().get("/fr/meetings/").status_code == 404


def test_an_unknown_language_changes_nothing(db):
    answer = Client().post("/i18n/setlang/", {"language": "xx", "next": "/meetings/"})
    assert answer["Location"] == "/meetings/"
    assert settings.LANGUAGE_COOKIE_NAME not in answer.cookies
