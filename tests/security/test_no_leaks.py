"""The leak crawler: as an anonymous visitor and as a partner with an API
token, follow every link of the site and every list, page and object of the
API (JSON and ``?format=csv``), the Popolo export, the calendars and the Atom
feed, and find no email address, no phone number and no person who did not
consent to public listing (DESIGN.md, Visibility). The one exception: a
meeting's public agenda names the people who hold a role in it, on the
meeting's pages and calendars (and the API's meetings and sessions, the same
agenda as data), by name and role only.

The data: the real demo dataset (nobody listed publicly) plus people with
addresses and phone numbers, registrations, subscriptions, commitment
updates and a partner token (tests/security/conftest.py).
"""

import json
import re
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from tests.crawl import LinkParser
from tests.site.test_public_crawl import EMAIL, PHONE

pytestmark = pytest.mark.django_db

SKIPPED = ("/admin/", "/static/", "/media/", "/i18n/", "/jsi18n/")
AGENDA = re.compile(
    r"^/meetings/[^/]+/(calendar\.ics|sessions/\d+\.ics)?(\?.*)?$"
    r"|^/api/v1/(meetings|sessions)/"
)
HOST = "http://testserver"
MAX_REQUESTS = 5000


def _local(url):
    if url.startswith(HOST):
        url = url[len(HOST) :]
    return url if url.startswith("/") else None


def _same_site(base, link):
    """The local path (with its query) of a link on ``base``, or None."""
    parts = urlsplit(urljoin(HOST + base, urldefrag(link)[0]))
    if parts.scheme != "http" or parts.netloc != "testserver":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _strings(value):
    """Every string inside a JSON document."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


class Crawl:
    """Breadth-first over HTML links and API URLs, recording every answer."""

    def __init__(self, client, headers=None, *, follow=True):
        self.client = client
        self.headers = headers or {}
        self.follow = follow
        self.bodies = {}
        self.figures = {"html": 0, "api lists": 0, "api objects": 0, "csv": 0, "other": 0}
        self.queue, self.seen = [], set()

    def add(self, path):
        if path and path not in self.seen and not path.startswith(SKIPPED):
            self.seen.add(path)
            self.queue.append(path)

    def run(self, *starts):
        for start in starts:
            self.add(start)
        while self.queue and len(self.bodies) < MAX_REQUESTS:
            path = self.queue.pop(0)
            response = self.client.get(path, **self.headers)
            assert response.status_code < 500, f"{path} answered {response.status_code}"
            if response.status_code in (301, 302):
                self.add(_local(response["Location"]))
                continue
            if response.status_code != 200:
                continue
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode("utf-8", errors="replace")
            self.bodies[path] = text
            if not self.follow:
                continue
            kind = response.get("Content-Type", "")
            if "html" in kind:
                self.figures["html"] += 1
                parser = LinkParser()
                parser.feed(text)
                for link in parser.links:
                    self.add(_same_site(path, link))
            elif "json" in kind and path.startswith("/api/"):
                self._follow_api(path, json.loads(text))
            elif "csv" in kind:
                self.figures["csv"] += 1
            else:
                self.figures["other"] += 1

    def _follow_api(self, path, data):
        is_list = isinstance(data, dict) and "results" in data
        self.figures["api lists" if is_list else "api objects"] += 1
        if is_list and "?" not in path:
            # The whole list on one page where it fits, and as CSV.
            self.add(f"{path}?page_size=500")
            self.add(f"{path}?format=csv")
        for value in _strings(data):
            local = _local(value)
            if local and local.startswith("/api/v1/") and not local.startswith("/api/v1/docs"):
                self.add(local)


def _problems(crawl, world):
    unlisted = world.unlisted_names()
    contact = world.contact_values()
    problems = []
    for path, text in crawl.bodies.items():
        if path.startswith("/api/v1/schema"):
            continue  # the schema describes fields; it holds no rows
        if match := EMAIL.search(text):
            problems.append(f"{path}: email address {match.group(0)!r}")
        if match := PHONE.search(text):
            problems.append(f"{path}: phone number {match.group(0)!r}")
        for marker in ("mailto:", "tel:"):
            if marker in text:
                problems.append(f"{path}: {marker} link")
        problems += [f"{path}: contact {value!r}" for value in contact if value in text]
        if not AGENDA.match(path):
            problems += [f"{path}: unlisted person {name!r}" for name in unlisted if name in text]
    return problems


def _starts(world):
    slug = world.alicante.slug
    return [
        "/",
        "/api/v1/",
        "/api/v1/popolo.json",
        "/newsletters/feed/",
        f"/meetings/{slug}/",
        f"/meetings/{slug}/calendar.ics",
        f"/directory/people/{world.adela.pk}/",
        f"/directory/people/{world.adela.pk}/vcard/",
        f"/directory/people/{world.secrets[0].pk}/",
    ]


def test_no_contact_data_and_no_unlisted_person_anywhere(client, world):
    for audience in ("anonymous", "partner"):
        _crawl_as(client, world, audience)


def _crawl_as(client, world, audience):
    headers = {"HTTP_AUTHORIZATION": f"Token {world.token}"} if audience == "partner" else {}
    crawl = Crawl(client, headers)
    crawl.run(*_starts(world))
    figures = ", ".join(f"{count} {kind}" for kind, count in crawl.figures.items())
    print(f"\nleak crawler as {audience}: {len(crawl.bodies)} answers read ({figures})")

    # The crawl reached every kind of surface.
    paths = set(crawl.bodies)
    assert {"/", "/directory/members/", "/api/v1/", "/api/v1/popolo.json"} <= paths
    assert "/newsletters/feed/" in paths
    assert any(p.endswith(".ics") for p in paths)
    assert "/api/v1/people/?format=csv" in paths
    assert any(re.match(r"^/api/v1/people/\d+/$", p) for p in paths)
    assert f"/directory/people/{world.mary.pk}/vcard/" in paths
    assert crawl.figures["html"] > 70
    assert crawl.figures["api objects"] > 100
    # The unlisted speaker is in the agenda, by name: the exception is real.
    assert world.speaker.name in crawl.bodies[f"/meetings/{world.alicante.slug}/"]
    assert len(world.unlisted_names()) > 30

    problems = _problems(crawl, world)
    assert problems == [], f"as {audience}:\n" + "\n".join(problems[:30])


def test_the_crawler_catches_a_leak(client, world, member_user):
    """The same checks fail on what a member may see (contact details, the
    directory of unlisted people): they can fail."""
    client.force_login(member_user)
    crawl = Crawl(client, follow=False)
    crawl.run(f"/directory/people/{world.secrets[1].pk}/", "/api/v1/people/?page_size=500")
    problems = _problems(crawl, world)
    assert any("email address" in p for p in problems)
    assert any("phone number" in p for p in problems)
    assert any("unlisted person" in p for p in problems)
