"""The API's docs render in a real browser under the site's Content Security
Policy, from local assets only."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

# How long a state may take to arrive on a loaded machine; a wait ends as soon
# as the state is there, so this only bounds a real failure.
READY = 120_000


def _watch(page):
    """Console errors (CSP violations are reported there) and requests leaving the site."""
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_swagger_ui_renders_under_the_csp(page, live_server):
    problems = _watch(page)
    outside = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto(live_server.url + "/api/v1/docs/swagger/")
    expect(page.get_by_text("WPS Focal Points Network API").first).to_be_visible(timeout=READY)
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/people/").first).to_be_visible()
    assert problems == []
    assert [url for url in outside if not url.startswith("data:")] == []


def test_redoc_renders_under_the_csp(page, live_server):
    problems = _watch(page)
    page.goto(live_server.url + "/api/v1/docs/redoc/")
    # ReDoc's init callback marks the body once the schema is rendered: wait on
    # that state (generously: a loaded machine renders a 100-operation schema
    # slowly), never on a guess of how long rendering takes.
    page.wait_for_selector("body[data-redoc]", state="attached", timeout=READY)
    assert page.locator("body").get_attribute("data-redoc") == "ready"
    expect(page.get_by_role("heading", name="WPS Focal Points Network API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/people/").first).to_be_attached()
    # The search index is built in a Web Worker from a blob: URL (the page's
    # policy allows exactly that): a term gives results, in the page's own list.
    search = page.get_by_role("search").get_by_role("textbox")
    search.fill("people")
    # ReDoc lists results as menu items of its results list (the
    # "search:result" role some versions pass to each item never reaches the
    # DOM: waiting for it was waiting for nothing).
    results = page.locator("[data-role='search:results'] [role=menuitem]")
    expect(results.first).to_be_visible(timeout=READY)
    expect(results.filter(has_text="people_list")).to_have_count(1)
    # ReDoc's "powered by" logo comes from its CDN; the page keeps it from being
    # requested, and nothing else may be refused (its scripts and worker run).
    assert problems == []
