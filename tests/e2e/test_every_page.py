"""Every page of the site at a phone's width (360 px): none scrolls sideways.

The browser crawls the site as tests/crawl.py does (every link from /, once
per path, the demo data loaded), first as a member — who sees every public page
and the directory — then as the public (the login pages), then opens the back
office pages staff use daily. One browser context, each page once.

axe runs over every kind of page (one page per URL pattern: a member page
stands for all members) in each of the three languages, at the same width:
a second a page, so once per pattern rather than once per page.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import Resolver404, resolve

from tests.crawl import SKIPPED
from tests.e2e.axe import axe_violations
from tests.e2e.browser import go, in_flight, log_in_directly

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}
# The back office pages staff open every day.
ADMIN_PAGES = (
    "/admin/",
    "/admin/focalpoints/person/",
    "/admin/focalpoints/person/{person}/change/",
    "/admin/focalpoints/appointment/",
    "/admin/network/member/",
    "/admin/network/member/{member}/change/",
    "/admin/meetings/meeting/",
    "/admin/meetings/meeting/{meeting}/change/",
    "/admin/meetings/registration/",
    "/admin/meetings/commitment/",
    "/admin/newsletters/issue/",
)
# Where the links of a page are read: hrefs of this site, without fragments.
LINKS = """() => [...document.querySelectorAll('a[href]')]
  .filter(a => a.origin === location.origin && !a.search)
  .map(a => a.pathname)"""
# The widest element that sticks out, so that a failure says what to fix.
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  let culprit = '';
  for (const el of document.querySelectorAll('main *, header *, footer *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && el.parentElement.getBoundingClientRect().right <= width + 1
        && !el.closest('[data-scrolls], .main-nav, .table-wrap, .table-scroll, .results')) {
      culprit = el.tagName.toLowerCase() + (el.className ? '.' + el.className : '');
      break;
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, culprit};
}"""


def wanted(path, seen):
    """A page of the site the crawler has not opened yet (assets, the admin,
    downloads and calendars are not pages)."""
    return (
        path not in seen
        and not path.startswith(SKIPPED)
        and not path.endswith((".ics", ".csv", "/vcard/", "/feed/", ".json", "/schema/"))
    )


def crawl_in_browser(page, base, start, seen, report):
    """Open every page reachable from ``start``; note each one wider than the window."""
    pending = in_flight(page)
    queue = [start]
    while queue:
        path = queue.pop(0)
        seen.add(path)
        response = go(page, base + path, pending)
        if response is None or "html" not in response.headers.get("content-type", ""):
            continue
        assert response.status < 500, f"{path} answered {response.status}"
        measured = page.evaluate(MEASURE)
        if measured["scroll"] > measured["width"]:
            report.append(f"{path}: {measured['scroll']} px wide ({measured['culprit']})")
        for link in page.evaluate(LINKS):
            if wanted(link, seen) and link not in queue:
                queue.append(link)


def one_page_per_pattern(paths):
    """A page for each URL pattern among ``paths`` (the first in order)."""
    chosen = {}
    for path in sorted(paths):
        try:
            route = resolve(path).route
        except Resolver404:
            continue
        chosen.setdefault(route, path)
    return sorted(chosen.values())


def axe_in_every_language(page, context, base, seen):
    """Open each kind of page in each language (the language cookie, as the
    site's language menu sets it); yield (language, path) once it is loaded."""
    pending = in_flight(page)
    for language, _name in settings.LANGUAGES:
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}]
        )
        for path in one_page_per_pattern(seen):
            response = go(page, base + path, pending)
            if response is not None and "html" in response.headers.get("content-type", ""):
                if not path.startswith("/api/"):  # the API is documented in English
                    assert page.locator("html").get_attribute("lang") == language, path
                yield language, path
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}])


def test_every_page_fits_a_phone(browser, live_server, spain, kenya, member_user, staff_user):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from meetings.models import Meeting

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    seen, report = set(), []

    log_in_directly(context, live_server, member_user)
    crawl_in_browser(page, live_server.url, "/", seen, report)
    member_pages = len(seen)
    assert member_pages > 100, sorted(seen)
    for language, path in axe_in_every_language(page, context, live_server.url, seen):
        report.extend(f"{path} [{language}]: {line}" for line in axe_violations(page))

    context.clear_cookies()
    seen.discard("/")
    crawl_in_browser(page, live_server.url, "/", seen, report)
    assert "/accounts/login/" in seen

    log_in_directly(context, live_server, staff_user)
    ids = {
        "person": member_user.person.pk,
        "member": spain.pk,
        "meeting": Meeting.objects.get(slug="2017-alicante").pk,
    }
    for template in ADMIN_PAGES:
        path = template.format(**ids)
        # The admin's scripts do not wait for its stylesheets: measure once all loaded.
        response = page.goto(live_server.url + path, wait_until="load")
        assert response.status == 200, path
        measured = page.evaluate(MEASURE)
        if measured["scroll"] > measured["width"]:
            report.append(f"{path}: {measured['scroll']} px wide ({measured['culprit']})")
    context.close()
    assert report == [], "\n".join(report)
