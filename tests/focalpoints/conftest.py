"""Fixtures of the directory's tests: more rows for query counts, a successor."""

import datetime
from html.parser import HTMLParser

import pytest

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.models import Person
from network.choices import MemberKind
from network.models import Member, Organisation, Theme


@pytest.fixture
def add_rows(db):
    """``add_rows(n)``: n more members, each with an organisation, a theme and a
    person holding a current and a former post — through the services."""
    counter = iter(range(1_000_000))

    def add(n):
        for _ in range(n):
            i = next(counter)
            member = Member.objects.create(kind=MemberKind.CIVIL_SOCIETY, name=f"Network {i}")
            ministry = Organisation.objects.create(name=f"Ministry {i}", member=member)
            Theme.objects.create(name=f"Theme {i}")
            person = Person.objects.create(given_name=f"Person {i}", family_name="Example")
            services.appoint_person(
                person,
                member,
                Role.ALTERNATE,
                organisation=ministry,
                start_on=datetime.date(2015, 1, 1),
                end_on=datetime.date(2019, 1, 1),
            )
            services.appoint_person(
                person,
                member,
                Role.FOCAL_POINT,
                organisation=ministry,
                start_on=datetime.date(2019, 1, 1),
            )

    return add


@pytest.fixture
def successor(db):
    return Person.objects.create(honorific="Ms.", given_name="Ana", family_name="Ruiz Peña")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Production's PBKDF2 costs most of a second per account; tests make many.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class _FormReader(HTMLParser):
    """Collects what a browser would submit from the page's main form."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data.append((attrs["name"], attrs.get("value", "on")))
            elif kind not in {"submit", "button", "file", "image"}:
                self.data.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data.append((self._textarea, ""))

    def handle_data(self, data):
        if self._textarea:
            name, text = self.data[-1]
            self.data[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea:
                name, text = self.data[-1]
                # Browsers drop the newline that follows <textarea>.
                self.data[-1] = (name, text.removeprefix("\n"))
            self._textarea = None


def submitted_form(response, form_id):
    """The data a browser would post from the form ``form_id`` of ``response``,
    as a dict of lists (for Client.post) that tests may change."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return data


@pytest.fixture
def form_of():
    """``form_of(response, form_id)``: what a browser would post from that form."""
    return submitted_form
