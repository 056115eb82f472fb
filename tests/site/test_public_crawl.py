"""A crawler follows every link from / as an anonymous visitor and finds no
email address, no phone number and no person who did not consent to public
listing (DESIGN.md, Visibility)."""

import re

import pytest
from django.core.management import call_command

from focalpoints.models import Person
from tests.crawl import crawl
from tests.factories import make_people

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# An international number (+34 913 799 700), or a long run of digit groups.
PHONE = re.compile(r"\+\s?\d[\d\s().-]{5,}\d|\b\d{2,4}[\s.-]\d{3}[\s.-]\d{3,4}\b")
# Pages where people may be named (not contacted) because they hold a role in a
# meeting's public agenda; the meetings app's tests check who appears there.
# A meeting's public agenda names its speakers, moderators and facilitators
# (DESIGN.md, Visibility): the meeting page and its calendars.
AGENDA_PAGES = re.compile(r"^/meetings/[^/]+/(calendar\.ics|sessions/\d+\.ics)?$")


@pytest.fixture
def seeded(spain, kenya, senegal, adela, mary):
    """The real demo data (nobody consented), plus people with contact data:
    some who consented, more who did not."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    make_people(12, senegal, consent=False, prefix="Secret")
    make_people(3, senegal, consent=True, prefix="Listed")
    return Person.objects.all()


def test_public_pages_leak_no_contact_data_and_no_unlisted_person(client, seeded):
    pages = crawl(client)
    assert "/" in pages
    assert "/directory/members/" in pages
    assert "/directory/members/KE/" in pages
    mary = seeded.get(given_name="Mary")
    # Consenting people are reachable, so the crawl did reach people pages.
    assert f"/directory/people/{mary.pk}/" in pages
    assert f"/directory/people/{mary.pk}/vcard/" in pages

    unlisted = [p.name for p in seeded.filter(public_listing=False)]
    assert len(unlisted) > 40
    contact = [value for p in seeded for value in (p.email, p.phone) if value]
    contact += [
        value
        for p in seeded
        for post in p.appointments.all()
        for value in (post.work_email, post.phone)
        if value
    ]
    problems = []
    for url, text in pages.items():
        if match := EMAIL.search(text):
            problems.append(f"{url}: email address {match.group(0)!r}")
        if match := PHONE.search(text):
            problems.append(f"{url}: phone number {match.group(0)!r}")
        for marker in ("mailto:", "tel:"):
            if marker in text:
                problems.append(f"{url}: {marker} link")
        problems += [f"{url}: contact {value!r}" for value in contact if value in text]
        if not AGENDA_PAGES.match(url):
            problems += [f"{url}: unlisted person {name!r}" for name in unlisted if name in text]
    assert problems == [], "\n".join(problems[:30])
    assert len(pages) > 70, sorted(pages)


def test_the_crawler_would_notice_a_leak(member_client, mary):
    """The checks above can fail: a consenting person's page seen by a member
    shows contact data, and the same checks catch it."""
    pages = crawl(member_client, f"/directory/people/{mary.pk}/")
    text = pages[f"/directory/people/{mary.pk}/"]
    assert EMAIL.search(text)
    assert PHONE.search(text)
    assert "mailto:" in text
