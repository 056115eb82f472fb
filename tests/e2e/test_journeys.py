"""What members and visitors come to do, in real Chromium and in the three
languages: register for a meeting, subscribe to the newsletter and leave it,
report progress on a commitment, and find action plans on the map."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from meetings.models import Registration
from newsletters.models import Subscription
from tests.e2e.axe import axe_violations
from tests.e2e.browser import choose_language, log_in_directly

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # The confirmation email is sent by a background task; here it runs
    # when enqueued, in the live server's thread (the same process, so
    # Django's locmem outbox is the test's).
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "newsletters"],
        }
    }


def test_member_registers_for_an_open_meeting_and_finds_it_among_their_registrations(
    page, live_server, network_pages
):
    meeting = network_pages["upcoming"]
    log_in_directly(page.context, live_server, network_pages["member_user"])
    page.goto(live_server.url + "/meetings/")
    page.get_by_role("link", name=meeting.title).click()
    page.get_by_role("link", name="Register", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registration")
    page.get_by_label("I need a visa invitation letter").check()
    page.get_by_label("Access needs").fill("Step-free access")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status")).to_contain_text("You are registered.")
    assert axe_violations(page) == []

    page.get_by_role("link", name="All my registrations").click()
    row = page.get_by_role("row").filter(has_text=meeting.title)
    expect(row).to_contain_text("Registered")
    registration = Registration.objects.get(meeting=meeting)
    assert registration.person == network_pages["adela"]
    assert registration.visa_letter and registration.access_needs == "Step-free access"


def test_member_subscribes_in_spanish_confirms_by_email_and_unsubscribes(
    page, live_server, network_pages
):
    context = page.context
    choose_language(context, live_server, "es")
    log_in_directly(context, live_server, network_pages["member_user"])
    page.goto(live_server.url + "/newsletters/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Boletines")
    page.get_by_label("Correo electrónico").fill("adela@example.org")
    expect(page.get_by_label("Idioma del boletín")).to_have_value("es")
    page.get_by_role("button", name="Suscribirse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revise su bandeja de entrada")

    # Double opt-in: nothing is active until the emailed link is followed.
    subscription = Subscription.objects.get(email="adela@example.org")
    assert subscription.confirmed_at is None
    message = mail.outbox[-1]
    assert message.to == ["adela@example.org"]
    assert message.subject.startswith("Confirme su suscripción")
    link = re.search(r"https?://\S+/newsletters/confirm/\S+/", message.body).group(0)
    page.goto(live_server.url + "/" + link.split("://", 1)[1].split("/", 1)[1])
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirme su suscripción")
    page.get_by_role("button", name="Confirmar mi suscripción").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suscripción confirmada")
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None and subscription.person == network_pages["adela"]

    # The member finds the subscription on the newsletter page and leaves it.
    page.goto(live_server.url + "/newsletters/")
    page.get_by_role("link", name="Gestionar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Su suscripción")
    page.get_by_role("button", name="Darse de baja").click()
    expect(page.get_by_role("status")).to_contain_text("Se ha dado de baja")
    assert axe_violations(page) == []
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_member_filters_the_tracker_and_reports_progress_in_french(
    page, live_server, network_pages
):
    context = page.context
    choose_language(context, live_server, "fr")
    log_in_directly(context, live_server, network_pages["member_user"])
    page.goto(live_server.url + "/")
    page.get_by_role("navigation").first.get_by_role("link", name="Engagements").click()
    expect(page.get_by_role("status")).to_have_text("2 engagements")
    page.get_by_label("Membre", exact=True).select_option(label="Espagne")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("status")).to_have_text("1 engagement")
    expect(page).to_have_url(re.compile(r"member=ES"))

    page.get_by_role("link", name="Rendre compte des progrès").click()
    page.get_by_role("textbox", name="Progrès").fill("Un comité avec la société civile se réunit.")
    page.get_by_label("Nouveau statut").select_option(label="En cours")
    page.get_by_role("button", name="Ajouter la mise à jour").click()
    expect(page.get_by_role("status")).to_contain_text("Votre mise à jour est enregistrée.")
    expect(page.get_by_text("Un comité avec la société civile se réunit.")).to_be_visible()
    assert axe_violations(page) == []
    pledge = network_pages["pledge"]
    pledge.refresh_from_db()
    assert pledge.status == "in_progress"
    assert pledge.updates.get().author == network_pages["member_user"]


def test_visitor_filters_the_action_plan_map_by_region(page, live_server, network_pages):
    page.goto(live_server.url + "/action-plans/")
    expect(page.locator('#plan-map a[data-code="KE"]')).to_have_count(1)
    page.get_by_role("combobox", name="Region").select_option(label="Europe")
    page.get_by_role("combobox", name="Status").select_option(label="Active plan")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"region=150"))
    expect(page.locator('#plan-map a[data-code="ES"]')).to_have_count(1)
    expect(page.locator('#plan-map a[data-code="KE"]')).to_have_count(0)
    rows = page.get_by_role("table").first.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Second National Action Plan")
    page.get_by_role("link", name="Show all members").click()
    expect(page.locator('#plan-map a[data-code="KE"]')).to_have_count(1)
