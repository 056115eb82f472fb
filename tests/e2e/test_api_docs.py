"""The API's docs render in a real browser under the site's Content Security
Policy, from local assets only."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


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
    page.goto(live_server.url + "/api/v1/docs/")
    expect(page.get_by_text("WPS Focal Points Network API").first).to_be_visible(timeout=15000)
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/people/").first).to_be_visible()
    assert problems == []
    assert [url for url in outside if not url.startswith("data:")] == []


def test_redoc_renders_under_the_csp(page, live_server):
    problems = _watch(page)
    page.goto(live_server.url + "/api/v1/docs/redoc/")
    expect(page.get_by_role("heading", name="WPS Focal Points Network API").first).to_be_visible(
        timeout=15000
    )
    expect(page.get_by_text("/api/v1/people/").first).to_be_attached()
    # ReDoc's "powered by" logo comes from its CDN; the policy blocks it, and
    # nothing else may be refused (its scripts and search worker must run).
    assert [p for p in problems if "cdn.redoc.ly/redoc/logo-mini.svg" not in p] == []
    page.get_by_role("textbox", name="Search").first.fill("people")
    expect(page.locator("[role=search] li, [data-role='search:result']").first).to_be_visible()
