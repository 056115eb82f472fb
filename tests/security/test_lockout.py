"""Issue 12, finding 3: the lockout counts one login however it is written, per
client address as the trusted proxy saw it, for 15 minutes."""

import pytest

from network.core.security import axes_username, client_address, normalise_login
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return make_user("lockme@example.org")


WRONG = "not-the-password"


def _attempt(client, login, password=WRONG, **headers):
    return client.post("/accounts/login/", {"username": login, "password": password}, **headers)


def test_case_variants_count_as_one_login(client, owner, settings):
    variants = [
        "lockme@example.org",
        "Lockme@example.org",
        "lOckme@example.org",
        " LOCKME@example.org ",
    ]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, variants[attempt % len(variants)])
    # Locked, whatever case the right password comes with.
    response = _attempt(client, "LockMe@Example.org", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_lasts_a_quarter_of_an_hour(settings):
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_a_forged_forwarded_for_does_not_reset_the_count(client, owner, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # The client writes a new address each time; the proxy appends the real one.
        _attempt(
            client,
            owner.email,
            HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}, 203.0.113.7",
        )
    response = _attempt(client, owner.email, PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
    assert response.status_code == 429


def test_the_owner_elsewhere_is_not_locked_out_behind_the_proxy(client, owner, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for _attempt_number in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, owner.email, HTTP_X_FORWARDED_FOR="203.0.113.7")
    # Every client shares the proxy's REMOTE_ADDR; the owner's own address differs.
    response = _attempt(client, owner.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert response.status_code == 302


def test_without_trusted_proxies_the_header_is_ignored(rf, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    request = rf.post("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="198.51.100.9")
    assert client_address(request) == "198.51.100.9"


def test_one_normalised_login_for_the_form_and_axes(rf):
    assert normalise_login("  LockMe@Example.ORG ") == "lockme@example.org"
    request = rf.post("/", {"username": "LOCKME@example.org"})
    assert axes_username(request) == "lockme@example.org"
    assert axes_username(request, {"username": "LockMe@example.org "}) == "lockme@example.org"
