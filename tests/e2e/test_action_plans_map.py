"""The action-plan map in a real Chromium: countries are links with titles,
small States can be found and clicked, and the page passes axe."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from network.choices import MemberKind
from network.models import Member, Region
from tests.e2e.axe import axe_violations
from tests.network.action_plan_fixtures import plan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def members_with_plans(db):
    year = timezone.localdate().year
    # The M49 regions come from a data migration, which an earlier
    # transactional test's flush may have removed.
    europe, _ = Region.objects.get_or_create(
        code="039", defaults={"name": "Southern Europe", "level": "subregion"}
    )
    spain = Member.objects.create(kind=MemberKind.STATE, name="Spain", country="ES", region=europe)
    malta = Member.objects.create(kind=MemberKind.STATE, name="Malta", country="MT", region=europe)
    first = plan(spain, 1, start=year - 10, end=year - 3)
    plan(spain, 2, start=year - 2, end=year + 2, follows=first)
    plan(malta, 1)
    return spain, malta


def test_map_countries_are_links_with_titles_and_malta_can_be_found(
    page, live_server, members_with_plans
):
    page.goto(live_server.url + "/action-plans/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Action plans")

    spain = page.locator('#plan-map a[data-code="ES"]')
    expect(spain).to_have_attribute("href", "/directory/members/ES/")
    assert spain.locator("title").text_content().startswith("Spain: Active plan: the second")
    box = spain.locator("path").bounding_box()
    assert box["width"] > 10 and box["height"] > 10  # drawn, at a visible size

    # Malta is a few pixels wide at this scale; its marker makes it findable
    # by sight, by pointer and by its accessible name.
    malta = page.locator('#plan-map a[data-code="MT"]')
    marker = malta.locator("circle.marker").bounding_box()
    assert marker["width"] >= 6 and marker["height"] >= 6
    by_name = page.get_by_role("link", name="Malta: Plan in preparation, none active")
    expect(by_name).to_have_count(1)
    malta.locator("circle.marker").click()
    expect(page).to_have_url(live_server.url + "/directory/members/MT/")


def test_map_page_passes_axe_and_works_without_javascript(browser, live_server, members_with_plans):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/action-plans/?status=active")
    rows = page.locator("table.plan-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Spain")
    context.close()

    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/action-plans/")
    assert axe_violations(page) == []
    page.goto(live_server.url + "/action-plans/?region=nowhere")
    expect(page.get_by_role("alert")).to_contain_text("No region has the code")
    assert axe_violations(page) == []
    context.close()
