"""Accounts: log in by email, log out, lockout, password change and reset."""

import pytest
from django.core import mail

from tests.factories import PASSWORD, link_in_last_email, run_tasks

pytestmark = pytest.mark.django_db


def test_member_logs_in_with_their_email_in_any_case(client, member_user):
    response = client.post(
        "/accounts/login/",
        {"username": member_user.email.upper(), "password": PASSWORD, "next": "/directory/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/directory/"
    assert client.get("/directory/").status_code == 200


def test_wrong_password_shows_an_error_and_keeps_the_email_typed(client, member_user):
    response = client.post(
        "/accounts/login/", {"username": member_user.email, "password": "not-the-password"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "do not match an account" in content
    assert f'value="{member_user.email}"' in content
    assert "_auth_user_id" not in client.session


def test_login_with_a_malformed_email_names_the_field(client, db):
    response = client.post("/accounts/login/", {"username": "not an email", "password": "x"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "username" in form.errors
    assert 'value="not an email"' in response.content.decode()


def test_repeated_failed_logins_lock_the_account_out_with_a_clear_page(
    client, member_user, settings
):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": member_user.email, "password": "wrong"})
    # Now even the right password is refused, with a page saying why.
    response = client.post(
        "/accounts/login/", {"username": member_user.email, "password": PASSWORD}
    )
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many failed attempts" in content
    assert "Try again in 15 minutes" in content
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(member_client):
    assert member_client.get("/accounts/logout/").status_code == 405
    response = member_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in member_client.session


def test_password_reset_emails_a_link_that_sets_a_new_password(client, member_user):
    response = client.post("/accounts/password/reset/", {"email": member_user.email})
    assert response.status_code == 302
    assert mail.outbox == []  # sent by the worker, not the request
    run_tasks()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member_user.email]
    link = link_in_last_email()
    # Django moves the token into the session and redirects to a clean address.
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-password-7", "new_password2": "a-new-long-password-7"},
    )
    assert response.status_code == 302
    member_user.refresh_from_db()
    assert member_user.check_password("a-new-long-password-7")


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody-here@example.org"})
    assert response.status_code == 302
    run_tasks()
    assert mail.outbox == []


def test_password_reset_with_a_bad_address_names_the_field_and_keeps_it(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody at example"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert 'value="nobody at example"' in response.content.decode()


def test_password_change_refuses_a_short_password_next_to_the_field(member_client, member_user):
    response = member_client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    member_user.refresh_from_db()
    assert member_user.check_password(PASSWORD)


def test_password_change_works(member_client, member_user):
    response = member_client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-password-9",
            "new_password2": "another-long-password-9",
        },
    )
    assert response.status_code == 302
    member_user.refresh_from_db()
    assert member_user.check_password("another-long-password-9")


def test_a_forged_password_reset_link_gives_a_clear_page(client, member_user):
    response = client.get("/accounts/password/reset/MQ/set-password/", follow=True)
    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()
