"""Optional two-factor login for staff: a registered TOTP device is required."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, user, token=""):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": user.email, "password": PASSWORD, "otp_token": token},
    )


def test_staff_without_a_device_logs_in_with_the_password(client, staff_user):
    response = _login(client, staff_user)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_with_a_device_needs_its_code(client, staff_user):
    device = TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)

    response = _login(client, staff_user)
    assert response.status_code == 200  # the form again, with the error
    assert "authentication code" in response.text.lower() or "otp token" in response.text.lower()
    assert client.get("/admin/").status_code == 302  # still not in

    wrong = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    response = _login(client, staff_user, token=wrong)
    assert client.get("/admin/").status_code == 302
    # A wrong code throttles the device for a second; the next try comes later.
    device.refresh_from_db()
    device.throttle_reset()

    response = _login(client, staff_user, token=f"{totp(device.bin_key):06d}")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_required_two_factor_keeps_staff_without_a_device_out(client, staff_user, settings):
    settings.STAFF_REQUIRE_2FA = True
    response = _login(client, staff_user)
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
