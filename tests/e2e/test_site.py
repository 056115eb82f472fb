"""The members' site in real Chromium: log in, search the directory, edit one's
profile, switch language, accept an invitation — with axe-core checking each
main page for serious or critical WCAG 2.1 AA violations."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from focalpoints import services
from focalpoints.tokens import make_verification_token
from tests.e2e.axe import axe_violations
from tests.factories import PASSWORD

# Transactional, as the live server runs in another thread (tests/e2e/conftest.py
# puts back the reference data that flushing the database removes).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def assert_accessible(page):
    assert axe_violations(page) == [], page.url


def log_in(page, live_server, email, password=PASSWORD, *, check=False):
    page.goto(live_server.url + "/accounts/login/")
    if check:
        assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_member_logs_in_searches_the_directory_and_opens_an_entry(
    page, live_server, member_user, mary
):
    log_in(page, live_server, member_user.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Focal Points Network")
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Directory").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Directory")
    assert_accessible(page)
    # Typing filters the results as one types (progressive enhancement)…
    page.get_by_label("Search", exact=True).fill("kaburu")
    expect(page.locator("#result-count")).to_have_text("1 person found")
    expect(page).to_have_url(re.compile(r"/directory/\?q=kaburu$"))
    # …and choosing a filter too; the form still submits without script.
    page.get_by_label("Search", exact=True).fill("")
    page.get_by_label("Member", exact=True).select_option("ES")
    expect(page.locator("#results")).to_contain_text("Adela Díaz Bernárdez")
    expect(page.locator("#results")).not_to_contain_text("Mary Kaburu")
    expect(page).to_have_url(re.compile(r"/directory/\?member=ES$"))
    page.get_by_label("Search", exact=True).fill("diaz")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#result-count")).to_have_text("1 person found")

    page.get_by_role("link", name="Ms. Adela Díaz Bernárdez").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ms. Adela Díaz Bernárdez")
    expect(page.get_by_text("adela@example.org")).to_be_visible()
    assert_accessible(page)


def test_member_edits_their_profile_and_confirms_it(page, live_server, member_user, adela):
    log_in(page, live_server, member_user.email)
    page.goto(live_server.url + "/directory/profile/")
    assert_accessible(page)
    page.get_by_label("Phone").fill("not a phone")
    page.get_by_label("Short biography").fill("Works on national action plans.")
    page.get_by_label("Spanish").check()
    page.get_by_role("button", name="Save changes").click()
    # The error is next to the field and what was typed is kept.
    expect(page.locator("#id_phone_error")).to_contain_text("Enter a phone number")
    expect(page.get_by_label("Short biography")).to_have_value("Works on national action plans.")
    assert_accessible(page)

    page.get_by_label("Phone").fill("+34 913 799 700")
    page.get_by_label("List my name and posts on the network's public pages").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("Your changes are saved.")
    page.get_by_role("button", name="My details are current").click()
    expect(page.get_by_role("status")).to_contain_text("your details are recorded as current")

    adela.refresh_from_db()
    assert adela.phone == "+34 913 799 700"
    assert adela.public_listing is True
    assert adela.verified_at is not None
    assert list(adela.languages.values_list("code", flat=True)) == ["es"]


def test_visitor_switches_language(page, live_server, spain):
    page.goto(live_server.url + "/directory/members/")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Miembros de la red")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name="España")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Idioma").select_option("fr")
    page.get_by_role("button", name="Cambiar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Membres du réseau")
    assert_accessible(page)


def test_person_accepts_an_invitation_and_lands_on_their_profile(page, live_server, adela):
    services.invite_person(adela)
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Open your account")
    assert_accessible(page)
    page.get_by_label("Password", exact=True).fill("my-own-long-password-1")
    page.get_by_label("Password again").fill("my-own-long-password-2")
    page.get_by_role("button", name="Open my account").click()
    expect(page.locator("#id_new_password2_error")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Password", exact=True).fill("my-own-long-password-1")
    page.get_by_label("Password again").fill("my-own-long-password-1")
    page.get_by_role("button", name="Open my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My profile")
    expect(page.get_by_role("status")).to_contain_text("Welcome, Adela Díaz Bernárdez")
    adela.refresh_from_db()
    assert adela.user.email == adela.email

    # The link works once.
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation cannot be used")
    assert_accessible(page)


def test_repeated_failed_logins_show_the_lockout_page(page, live_server, member_user, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(page, live_server, member_user.email, "wrong-password")
    log_in(page, live_server, member_user.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many failed attempts")
    assert_accessible(page)


def test_public_pages_have_no_serious_accessibility_violation(page, live_server, mary):
    token = make_verification_token(mary)
    for path in [
        "/",
        "/directory/members/",
        "/directory/members/KE/",
        f"/directory/people/{mary.pk}/",
        "/accounts/password/reset/",
        "/no-such-page/",
        "/accounts/invitation/forged/",
        f"/directory/confirm/{token}/",
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    # Narrow screens (a phone): the layout reflows and stays accessible.
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/directory/members/")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_staff_pages_have_no_serious_accessibility_violation(page, live_server, staff_user, adela):
    log_in(page, live_server, staff_user.email)
    for path in ["/directory/verification/", "/directory/?q=adela", "/accounts/password/change/"]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    # The account menu opens without script and its links are reachable.
    page.get_by_text(staff_user.email).click()
    expect(page.get_by_role("link", name="Entries to verify")).to_be_visible()
    assert_accessible(page)
