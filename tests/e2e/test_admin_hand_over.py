"""A secretariat member hands a post over in the admin, in a real browser:
the successor is found with the admin's search-as-you-type box, and the page
passes axe's WCAG 2.1 AA checks."""

import pytest
from playwright.sync_api import expect

from focalpoints.models import Appointment
from tests.e2e.axe import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_hands_a_post_over_with_the_admin_form(page, live_server, staff_user, adela, mary):
    from tests.factories import PASSWORD

    post = adela.appointments.get()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Email address").fill(staff_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{live_server.url}/admin/focalpoints/appointment/{post.pk}/change/")
    page.get_by_role("link", name="Hand over").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hand over")
    # The admin's search-as-you-type box (select2), named by its label.
    successor = page.get_by_role("combobox", name="Successor")
    expect(successor).to_be_visible()
    assert axe_violations(page) == []

    successor.click()
    page.locator(".select2-search__field").fill("kabu")
    page.get_by_role("option", name="Mary Kaburu").click()
    page.get_by_label("From").fill("2021-02-01")
    page.get_by_role("button", name="Hand over").click()

    expect(page.locator(".messagelist")).to_contain_text(
        "Mary Kaburu takes over from Adela Díaz Bernárdez on 2021-02-01."
    )
    post.refresh_from_db()
    assert str(post.end_on) == "2021-02-01"
    assert Appointment.objects.get(person=mary, member=post.member).start_on == post.end_on
