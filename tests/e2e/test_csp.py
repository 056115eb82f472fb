"""The Content Security Policy in a real Chromium: the main pages of the site,
the admin (its import pages included), the action-plan map, the audit page and
the API's docs raise no CSP violation and no console error, and load nothing
from another site."""

import pytest
from django.test import Client

from tests.factories import seed_world

pytestmark = pytest.mark.django_db(transaction=True)

# Reports every violation into window.__violations before any page script runs.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def world(member_user, staff_user, mary, reference_data):
    from network.choices import MemberKind
    from network.models import Member, Region

    senegal = Member.objects.create(
        kind=MemberKind.STATE, name="Senegal", country="SN", region=Region.objects.get(code="011")
    )
    return seed_world(member_user, staff_user, senegal, mary)


def _context(browser, live_server, user=None):
    context = browser.new_context()
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    context.add_init_script(WATCH)
    return context


def _visit(context, live_server, paths):
    """{path: [problems]} for each page: violations, console errors, outside requests."""
    page = context.new_page()
    found, current = {}, {"path": None}

    def note(problem):
        found.setdefault(current["path"], []).append(problem)

    page.on(
        "console",
        lambda message: (
            note(f"console {message.type}: {message.text}")
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: note(f"page error: {error}"))
    page.on(
        "request",
        lambda request: (
            note(f"outside request: {request.url}")
            if not request.url.startswith((live_server.url, "data:", "blob:"))
            else None
        ),
    )
    for path in paths:
        current["path"] = path
        # The API's docs fetch the schema and render it after load: wait for the network.
        wait = "networkidle" if path.startswith("/api/") else "load"
        response = page.goto(live_server.url + path, wait_until=wait)
        assert response.status < 400, (path, response.status)
        for violation in page.evaluate("window.__violations"):
            note(f"CSP violation: {violation}")
    page.close()
    return found


def test_no_page_raises_a_csp_violation(browser, live_server, world):
    slug = world.alicante.slug
    public = [
        "/",
        "/action-plans/",
        "/directory/members/",
        "/directory/members/ES/",
        f"/directory/people/{world.mary.pk}/",
        "/meetings/",
        f"/meetings/{slug}/",
        "/commitments/",
        f"/commitments/{world.commitment.pk}/",
        "/newsletters/",
        "/newsletters/archive/",
        "/newsletters/entries/",
        "/accounts/login/",
        "/api/v1/docs/",
        "/api/v1/docs/swagger/",
        "/api/v1/docs/redoc/",
    ]
    member = ["/directory/", "/directory/profile/", f"/meetings/{slug}/register/"]
    staff = [
        "/admin/",
        "/admin/focalpoints/person/",
        f"/admin/focalpoints/person/{world.adela.pk}/change/",
        f"/admin/focalpoints/person/{world.adela.pk}/history/",
        "/admin/focalpoints/person/import/",
        "/admin/focalpoints/appointment/import/",
        "/admin/focalpoints/person/export/",
        "/admin/network/actionplan/import/",
        "/admin/network/actionplan/",
        f"/admin/meetings/meeting/{world.alicante.pk}/change/",
        "/admin/newsletters/issue/",
        "/admin/audit/",
        "/admin/network/personaldataexport/",
        "/directory/verification/",
    ]
    problems = {}
    for user, paths in ((None, public), (world.member_user, member), (world.staff_user, staff)):
        context = _context(browser, live_server, user)
        problems.update(_visit(context, live_server, paths))
        context.close()
    total = len(public) + len(member) + len(staff)
    print(f"\nCSP in Chromium: {total} pages, {sum(map(len, problems.values()))} problems")
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_the_watch_sees_a_violation(browser, live_server, reference_data):
    """An inline script without the nonce is refused, and the test sees it."""
    context = _context(browser, live_server)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = 1'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(100)
    assert page.evaluate("window.ran") is None
    assert any("script-src" in v for v in page.evaluate("window.__violations"))
    context.close()
