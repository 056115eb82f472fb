"""Every main page in English, Spanish and French in real Chromium: the page is
in the language chosen, axe-core finds no serious or critical WCAG 2.1 AA
violation, and on a 360 px wide screen nothing scrolls sideways."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import axe_violations
from tests.e2e.browser import choose_language, log_in_directly

pytestmark = pytest.mark.django_db(transaction=True)

# What the main navigation's first link says in each language: proof that the
# page was rendered in it, not merely labelled with it.
MEMBERS_LINK = {"en": "Members", "es": "Miembros", "fr": "Membres"}


def main_pages(data):
    """(path, whether it is a page of the site with its navigation), in the
    order a member might visit them."""
    return [
        ("/", True),
        ("/directory/members/", True),
        ("/directory/members/ES/", True),
        ("/directory/?q=kaburu", True),
        (f"/directory/people/{data['mary'].pk}/", True),
        ("/meetings/", True),
        (data["held"].get_absolute_url(), True),
        (data["upcoming"].get_absolute_url(), True),
        ("/commitments/", True),
        ("/action-plans/", True),
        ("/newsletters/", True),
        ("/newsletters/archive/", True),
        ("/newsletters/entries/", True),
        (data["entry"].get_absolute_url(), True),
        # The front door is a site page (its body in English, lang="en");
        # Swagger UI is not.
        ("/api/v1/docs/", True),
        ("/api/v1/docs/swagger/", False),
    ]


def check(page, url, language, *, site_page=True):
    page.goto(url)
    if site_page:
        expect(page.locator("html")).to_have_attribute("lang", language)
        nav = page.get_by_role("navigation").first
        expect(nav.get_by_role("link").first).to_have_text(MEMBERS_LINK[language])
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    else:
        # The API is documented in English, whatever the reader's language.
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_text("WPS Focal Points Network API").first).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], f"{url} ({language}): {violations}"


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_main_pages_are_translated_and_pass_axe_at_any_width(
    page, live_server, network_pages, language
):
    context = page.context
    choose_language(context, live_server, language)
    check(page, live_server.url + "/accounts/login/", language)

    log_in_directly(context, live_server, network_pages["member_user"])
    for path, site_page in main_pages(network_pages):
        check(page, live_server.url + path, language, site_page=site_page)

    # A phone held upright: the layout reflows instead of scrolling sideways.
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ["/", "/directory/", network_pages["held"].get_absolute_url()]:
        check(page, live_server.url + path, language)
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{path} ({language}) scrolls sideways: {width}"
