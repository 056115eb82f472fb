"""Staff see entries not verified for a year and send verification requests;
the signed link lets the person confirm or correct their entry without a password."""

import datetime
import time

import pytest
from django.core import mail, signing
from django.utils import timezone

from focalpoints import services
from focalpoints.models import Person
from focalpoints.tokens import make_verification_token
from tests.factories import link_in_last_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def recently_verified(kenya):
    person = Person.objects.create(given_name="Recent", family_name="Check", email="r@example.org")
    services.mark_verified(person)
    return person


def test_staff_see_only_entries_due_for_verification(staff_client, adela, mary, recently_verified):
    services.mark_verified(mary, at=timezone.now() - datetime.timedelta(days=400))
    response = staff_client.get("/directory/verification/")
    assert response.status_code == 200
    listed = {person.name for person in response.context["page"].object_list}
    assert listed == {"Adela Díaz Bernárdez", "Mary Kaburu"}


def test_members_may_not_see_the_verification_list(member_client, client, db):
    assert member_client.get("/directory/verification/").status_code == 403
    client.logout()
    assert client.get("/directory/verification/")["Location"].startswith("/accounts/login/")


def test_staff_send_verification_requests_to_the_selected_people(staff_client, adela, mary):
    response = staff_client.post(
        "/directory/verification/", {"person": [str(adela.pk), "not-a-number"]}, follow=True
    )
    assert "1 verification request sent." in response.content.decode()
    assert [m.to for m in mail.outbox] == [[adela.email]]
    assert "/directory/confirm/" in mail.outbox[0].body


def test_sending_with_nobody_selected_says_so(staff_client, adela):
    response = staff_client.post("/directory/verification/", {}, follow=True)
    assert "Select the people to write to." in response.content.decode()
    assert mail.outbox == []


def test_staff_send_verification_requests_from_the_admin(staff_client, adela, mary):
    response = staff_client.post(
        "/admin/focalpoints/person/",
        {"action": "send_verification_request", "_selected_action": [adela.pk, mary.pk]},
        follow=True,
    )
    assert "2 verification requests sent." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["adela@example.org", "mary@example.org"]


def test_the_link_opens_a_form_limited_to_the_persons_own_entry(client, adela):
    services.send_verification_request(adela)
    response = client.get(link_in_last_email())
    assert response.status_code == 200
    form = response.context["form"]
    assert form.instance == adela
    assert set(form.fields) == {*services.SELF_SERVICE_FIELDS, "message"}
    assert "_auth_user_id" not in client.session


def test_the_person_corrects_and_confirms_without_a_password(client, adela, climate):
    services.send_verification_request(adela)
    link = link_in_last_email()
    response = client.post(
        link,
        {
            "honorific": "Ms.",
            "given_name": "Adela",
            "family_name": "Díaz Bernárdez",
            "email": "adela.new@example.org",
            "phone": "+34 111 222 333",
            "expertise": [climate.pk],
            "message": "My post ended in March; my successor is Ana Ruiz.",
        },
    )
    assert response.status_code == 200
    assert "Your details are confirmed as current." in response.content.decode()
    adela.refresh_from_db()
    assert adela.verified_at is not None
    assert adela.email == "adela.new@example.org"
    assert adela.phone == "+34 111 222 333"
    assert list(adela.expertise.all()) == [climate]
    assert "my successor is Ana Ruiz" in adela.notes
    # The link worked once.
    again = client.get(link)
    assert again.status_code == 410
    assert "have been confirmed since" in again.content.decode()


def test_errors_on_the_link_form_keep_what_was_typed_and_confirm_nothing(client, adela):
    services.send_verification_request(adela)
    response = client.post(
        link_in_last_email(),
        {"given_name": "", "family_name": "Díaz", "email": "adela@", "message": "Kept message"},
    )
    assert response.status_code == 200
    assert {"given_name", "email"} <= set(response.context["form"].errors)
    content = response.content.decode()
    assert 'value="adela@"' in content
    assert "Kept message" in content
    adela.refresh_from_db()
    assert adela.verified_at is None
    assert adela.email == "adela@example.org"


def test_a_forged_verification_link_gives_a_clear_page(client, adela):
    token = make_verification_token(adela)
    for forged in (token[:-2] + "xx", "abc", signing.dumps({"p": adela.pk}, salt="other")):
        response = client.post(f"/directory/confirm/{forged}/", {"given_name": "Mallory"})
        assert response.status_code == 400
        assert "The link is not valid." in response.content.decode()
    adela.refresh_from_db()
    assert adela.given_name == "Adela"
    assert adela.verified_at is None


def test_an_expired_verification_link_gives_a_clear_page(client, adela, settings, monkeypatch):
    now = time.time()
    monkeypatch.setattr(
        signing.time, "time", lambda: now - (settings.VERIFICATION_LINK_MAX_AGE_DAYS + 1) * 86400
    )
    token = make_verification_token(adela)
    monkeypatch.undo()
    response = client.get(f"/directory/confirm/{token}/")
    assert response.status_code == 410
    assert "has expired" in response.content.decode()


def test_a_request_to_someone_without_any_address_is_refused(staff_client, db):
    nobody = Person.objects.create(given_name="No", family_name="Address")
    response = staff_client.post(
        "/directory/verification/", {"person": [str(nobody.pk)]}, follow=True
    )
    assert "has no email address to write to" in response.content.decode()
    assert mail.outbox == []
