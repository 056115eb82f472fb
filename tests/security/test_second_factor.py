"""Issue 12, finding 1: the second factor guards every surface, not only /admin/.

The attack: a staff user with a confirmed TOTP device logs in at
/accounts/login/ with the password alone and uses the API and the staff pages.
"""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from network.core.visibility import Audience, viewer_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def device(staff_user):
    return TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)


def _password_login(client, user, next_url="/directory/"):
    return client.post(
        "/accounts/login/", {"username": user.email, "password": PASSWORD, "next": next_url}
    )


def test_password_alone_gives_a_staff_user_with_a_device_no_staff_powers(
    client, staff_user, device, adela
):
    response = _password_login(client, staff_user)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/code/")
    # The API: an unlisted person is not there, registrations are not theirs,
    # and nothing can be changed.
    assert client.get(f"/api/v1/people/{adela.pk}/").status_code == 404
    assert client.get("/api/v1/registrations/").json()["count"] == 0
    patch = client.patch(
        f"/api/v1/people/{adela.pk}/", {"notes": "x"}, content_type="application/json"
    )
    assert patch.status_code in (403, 404)
    # The staff pages and the admin.
    assert client.get("/directory/verification/").status_code == 403
    assert client.get("/admin/").status_code == 302


def test_the_code_step_gives_the_staff_powers(client, staff_user, device, adela):
    _password_login(client, staff_user)
    session_key = client.session.session_key
    wrong = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/login/code/", {"otp_token": wrong, "next": "/directory/"})
    assert response.status_code == 400
    assert client.get(f"/api/v1/people/{adela.pk}/").status_code == 404
    device.refresh_from_db()
    device.throttle_reset()

    response = client.post(
        "/accounts/login/code/", {"otp_token": f"{totp(device.bin_key):06d}", "next": "/directory/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/directory/"
    assert client.session.session_key != session_key
    body = client.get(f"/api/v1/people/{adela.pk}/").json()
    assert body["email"] == "adela@example.org"
    assert "notes" in body
    assert client.get("/directory/verification/").status_code == 200


def test_the_code_step_refuses_an_outside_next(client, staff_user, device):
    _password_login(client, staff_user)
    device.refresh_from_db()
    response = client.post(
        "/accounts/login/code/",
        {"otp_token": f"{totp(device.bin_key):06d}", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_member_without_a_device_logs_in_in_one_step(client, member_user):
    response = _password_login(client, member_user)
    assert response["Location"] == "/directory/"


def test_staff_linked_to_a_person_are_that_member_until_verified(staff_user, device, adela):
    adela.user = staff_user
    adela.save()
    staff_user.is_verified = lambda: False  # what OTPMiddleware sets on a password-only login
    viewer = viewer_for(staff_user)
    assert viewer.audience == Audience.MEMBER
    assert viewer.person_id == adela.pk


def test_required_two_factor_makes_staff_without_a_device_no_staff(settings, staff_user, adela):
    settings.STAFF_REQUIRE_2FA = True
    client = APIClient()
    client.force_login(staff_user)
    assert client.get(f"/api/v1/people/{adela.pk}/").status_code == 404
    assert client.get("/directory/verification/").status_code == 403


# --- Issue 12, finding 4: staff powers follow the model permissions -------------


@pytest.fixture
def staff_without_perms(db):
    from tests.factories import make_user

    return make_user("no.perms@example.org", is_staff=True)


def test_staff_without_permissions_get_no_staff_data_from_the_api(staff_without_perms, adela):
    client = APIClient()
    client.force_login(staff_without_perms)
    assert client.get(f"/api/v1/people/{adela.pk}/").status_code == 404
    assert client.get("/api/v1/registrations/").json()["count"] == 0
    assert client.get("/directory/verification/").status_code == 403


def test_staff_with_the_view_permission_read_but_do_not_write(staff_without_perms, adela):
    from django.contrib.auth.models import Permission

    staff_without_perms.user_permissions.add(
        Permission.objects.get(codename="view_person", content_type__app_label="focalpoints")
    )
    client = APIClient()
    client.force_login(staff_without_perms)
    assert "notes" in client.get(f"/api/v1/people/{adela.pk}/").json()
    response = client.patch(f"/api/v1/people/{adela.pk}/", {"notes": "x"}, format="json")
    assert response.status_code == 403
    assert client.delete(f"/api/v1/people/{adela.pk}/").status_code == 403
