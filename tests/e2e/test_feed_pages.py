"""The pages members use to feed the network and find what is coming — the
calendar, the document library, the proposal form — pass axe and do not
scroll sideways on a 360 px wide screen."""

import datetime

import pytest
from playwright.sync_api import expect

from network.models import LibraryDocument, today
from newsletters.choices import EntryKind
from newsletters.models import Entry
from tests.e2e.axe import axe_violations
from tests.e2e.browser import log_in_directly
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db(transaction=True)


def test_calendar_library_and_proposals_at_360_px(page, live_server, member_user, spain):
    make_meeting("berlin-next", title="Network meeting in Berlin with a rather long title")
    Entry.objects.create(
        kind=EntryKind.FUNDING,
        title="Grants for women mediators and their networks across the regions",
        deadline=today() + datetime.timedelta(days=20),
    )
    LibraryDocument.objects.create(
        title="Guidance for focal points on national action plans",
        url="https://example.org/guidance",
        member=spain,
        language="en",
        audience="members",
    )
    log_in_directly(page.context, live_server, member_user)
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ["/calendar/", "/library/", "/newsletters/propose/"]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert axe_violations(page) == [], path
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{path} scrolls sideways: {width}"
