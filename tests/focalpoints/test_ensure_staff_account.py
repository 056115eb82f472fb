"""``manage.py ensure_staff_account`` prints a login that works."""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.urls import reverse

from focalpoints.management.commands import ensure_staff_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def password_file(tmp_path, monkeypatch):
    # Never touch the developer's own .local/demo-password.
    path = tmp_path / ".local" / "demo-password"
    monkeypatch.setattr(ensure_staff_account, "PASSWORD_FILE", path)
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    return path


def run():
    out = StringIO()
    call_command("ensure_staff_account", stdout=out)
    return out.getvalue()


def printed_logins(output):
    return dict(re.findall(r"(\S+@example\.org) / (\S+)", output))


def log_in_to_admin(client, email, password):
    return client.post(
        reverse("admin:login"),
        {"username": email, "password": password, "next": reverse("admin:index")},
    )


def test_printed_staff_login_opens_the_admin(client, password_file):
    logins = printed_logins(run())

    response = log_in_to_admin(client, "admin@example.org", logins["admin@example.org"])

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:focalpoints_person_changelist")).status_code == 200
    # The generated password is kept, private, and reused by the next run.
    assert password_file.read_text().strip() == logins["admin@example.org"]
    assert password_file.stat().st_mode & 0o077 == 0
    assert printed_logins(run()) == logins


def test_password_from_the_environment_wins(client, password_file, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "correct-horse-battery-staple")
    assert printed_logins(run()) == {"admin@example.org": "correct-horse-battery-staple"}
    response = log_in_to_admin(client, "admin@example.org", "correct-horse-battery-staple")
    assert response.status_code == 302
    assert not password_file.exists()


def test_member_login_is_printed_once_the_demo_is_loaded(client, password_file):
    call_command("load_demo", stdout=StringIO())
    output = run()
    logins = printed_logins(output)
    assert "as Ms. Adela Díaz Bernárdez" in output

    # A member is not staff: the admin refuses, the site knows who they are.
    response = log_in_to_admin(client, "member@example.org", logins["member@example.org"])
    assert response.status_code == 200  # the login form again, with an error
    request = client.get("/").wsgi_request
    user = authenticate(
        request, username="member@example.org", password=logins["member@example.org"]
    )
    assert user is not None and user.person.family_name == "Díaz Bernárdez"


def test_running_again_resets_a_changed_password(client, password_file):
    logins = printed_logins(run())
    staff = get_user_model().objects.get(email="admin@example.org")
    staff.set_password("something-else-entirely")
    staff.is_active = False
    staff.save()

    run()

    assert (
        log_in_to_admin(client, "admin@example.org", logins["admin@example.org"]).status_code == 302
    )
