"""Invitations: staff invite a person from the admin; the signed link in the
email lets them set a password, creates the account and links it to them."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing

from focalpoints import services
from focalpoints.models import Person
from focalpoints.tokens import make_invitation_token
from tests.factories import link_in_last_email

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-chosen-password-5"


def invite_from_admin(staff_client, *people):
    return staff_client.post(
        "/admin/focalpoints/person/",
        {"action": "send_invitation", "_selected_action": [p.pk for p in people]},
        follow=True,
    )


def test_staff_invite_a_person_from_the_admin_and_the_email_carries_a_link(staff_client, adela):
    response = invite_from_admin(staff_client, adela)
    assert "1 invitation sent." in response.content.decode()
    assert [m.to for m in mail.outbox] == [[adela.email]]
    assert "/accounts/invitation/" in mail.outbox[0].body
    # Nothing exists until the person accepts.
    adela.refresh_from_db()
    assert adela.user is None
    assert not get_user_model().objects.filter(email=adela.email).exists()


def test_invitation_refused_for_someone_with_an_account_or_no_address(
    staff_client, member_user, adela
):
    nobody = Person.objects.create(given_name="No", family_name="Address")
    response = invite_from_admin(staff_client, adela, nobody)
    content = response.content.decode()
    assert "already has an account" in content
    assert "has no email address to invite" in content
    assert mail.outbox == []


def test_invitation_goes_to_the_work_address_when_there_is_no_personal_one(adela):
    adela.email = ""
    adela.save()
    assert services.invite_person(adela) == "adela.work@example.org"
    assert mail.outbox[0].to == ["adela.work@example.org"]


def test_invitation_refused_when_the_address_belongs_to_another_account(adela, db):
    get_user_model().objects.create_user(email=adela.email.upper(), password="x" * 20)
    with pytest.raises(Exception, match="exists already"):
        services.invite_person(adela)


def test_the_invitation_email_is_in_the_persons_language(adela, spanish):
    adela.languages.set([spanish])
    services.invite_person(adela)
    assert "invitación" in mail.outbox[0].subject.lower()


def test_opening_the_link_shows_the_form_and_writes_nothing(client, adela):
    services.invite_person(adela)
    response = client.get(link_in_last_email())
    assert response.status_code == 200
    assert adela.email in response.content.decode()
    assert not get_user_model().objects.exists()


def test_accepting_creates_the_account_links_it_and_logs_in(client, adela):
    services.invite_person(adela)
    response = client.post(
        link_in_last_email(), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/directory/profile/"
    adela.refresh_from_db()
    assert adela.user.email == adela.email
    assert adela.user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(adela.user.pk)
    # The account works for logging in later, by email.
    client.post("/accounts/logout/")
    login = client.post("/accounts/login/", {"username": adela.email, "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_mismatched_passwords_show_the_error_next_to_the_field_and_write_nothing(client, adela):
    services.invite_person(adela)
    response = client.post(
        link_in_last_email(), {"new_password1": NEW_PASSWORD, "new_password2": "something-else-1"}
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    assert 'id="id_new_password2_error"' in response.content.decode()
    assert not get_user_model().objects.exists()


def test_a_used_invitation_gives_a_clear_page_and_writes_nothing(client, adela):
    services.invite_person(adela)
    link = link_in_last_email()
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.post("/accounts/logout/")
    response = client.post(
        link, {"new_password1": "yet-another-password-3", "new_password2": "yet-another-password-3"}
    )
    assert response.status_code == 410
    assert "has been used already" in response.content.decode()
    assert get_user_model().objects.count() == 1
    adela.refresh_from_db()
    assert adela.user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-3] + "abc",
        lambda token: "not-a-token",
        lambda token: signing.dumps({"p": 1, "e": "x@example.org"}, salt="another.salt"),
        lambda token: signing.dumps("a string", salt="focalpoints.invitation"),
    ],
)
def test_a_forged_invitation_gives_a_clear_page_and_writes_nothing(client, adela, mangle):
    token = make_invitation_token(adela, adela.email)
    response = client.post(
        f"/accounts/invitation/{mangle(token)}/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_an_expired_invitation_gives_a_clear_page_and_writes_nothing(
    client, adela, settings, monkeypatch
):
    now = time.time()
    monkeypatch.setattr(
        signing.time, "time", lambda: now - (settings.INVITATION_LINK_MAX_AGE_DAYS + 1) * 86400
    )
    token = make_invitation_token(adela, adela.email)
    monkeypatch.undo()
    response = client.post(
        f"/accounts/invitation/{token}/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_changing_the_address_after_inviting_voids_the_link(client, adela):
    token = make_invitation_token(adela, adela.email)
    adela.email = "new-address@example.org"
    adela.save()
    response = client.get(f"/accounts/invitation/{token}/")
    assert response.status_code == 410
