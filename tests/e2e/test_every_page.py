"""Every page of the site at a phone's width (360 px): none scrolls sideways.

The browser crawls the site as tests/crawl.py does (every link from /, once
per path, the demo data loaded), first as a member — who sees every public page
and the directory — then as the public (the login pages), then opens the back
office pages staff use daily. One browser context, each page once; axe runs on
a few representative pages only, as it costs a second or two a page.
"""

import pytest
from django.core.management import call_command

from tests.crawl import SKIPPED
from tests.e2e.axe import axe_violations
from tests.e2e.browser import log_in_directly

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}
# Representative pages for axe: a list, a search, a record, a chart, a briefing.
AXE_PAGES = {"/", "/directory/", "/action-plans/", "/meetings/2017-alicante/", "/commitments/"}
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
        and not path.endswith((".ics", ".csv", "/vcard/", "/feed/", ".json"))
    )


def crawl_in_browser(page, base, start, seen, report):
    """Open every page reachable from ``start``; note each one wider than the window."""
    queue = [start]
    while queue:
        path = queue.pop(0)
        seen.add(path)
        response = page.goto(base + path, wait_until="domcontentloaded")
        if response is None or "html" not in response.headers.get("content-type", ""):
            continue
        assert response.status < 500, f"{path} answered {response.status}"
        measured = page.evaluate(MEASURE)
        if measured["scroll"] > measured["width"]:
            report.append(f"{path}: {measured['scroll']} px wide ({measured['culprit']})")
        if path in AXE_PAGES:
            report.extend(f"{path}: {line}" for line in axe_violations(page))
        for link in page.evaluate(LINKS):
            if wanted(link, seen) and link not in queue:
                queue.append(link)


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
