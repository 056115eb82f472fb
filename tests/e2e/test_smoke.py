"""The site opens in a real browser and the staff login works."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_and_staff_login(page, live_server, staff_user):
    from tests.factories import PASSWORD

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Focal Points Network")
    assert axe_violations(page) == []

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Email address").fill(staff_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Back office")).to_be_visible()
