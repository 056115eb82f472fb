"""Partner tokens (hashed, shown once, revocable, expiring, read-only),
session authentication with CSRF, throttling, and the one error shape."""

import datetime
import hashlib

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from network.models import PartnerToken


def _client(plaintext, keyword="Token"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {plaintext}")
    return client


@pytest.mark.django_db
def test_token_is_stored_only_as_a_hash(partner_token):
    token, plaintext = partner_token
    token.refresh_from_db()
    assert token.secret_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    stored = [str(value) for value in PartnerToken.objects.values().get(pk=token.pk).values()]
    assert plaintext not in stored
    assert plaintext.startswith(f"wps_{token.prefix}_") and len(plaintext) > 40


@pytest.mark.django_db
def test_staff_issue_a_token_in_the_admin_and_see_it_once(staff_client):
    response = staff_client.post(
        "/admin/network/partnertoken/add/",
        {
            "name": "Peace Research Institute",
            "contact_name": "Data team",
            "contact_email": "data@example.org",
            "expires_at_0": "2030-01-01",
            "expires_at_1": "00:00:00",
        },
    )
    assert response.status_code == 200
    token = PartnerToken.objects.get(name="Peace Research Institute")
    page = response.content.decode()
    start = page.index(f"wps_{token.prefix}_")
    plaintext = page[start : page.index('"', start)]
    assert token.matches(plaintext)
    assert "no-store" in response["Cache-Control"]
    assert _client(plaintext).get("/api/v1/members/").status_code == 200
    # Never again: the change page and the list show only the prefix.
    for url in (
        f"/admin/network/partnertoken/{token.pk}/change/",
        "/admin/network/partnertoken/",
    ):
        later = staff_client.get(url).content.decode()
        assert plaintext not in later and token.prefix in later


@pytest.mark.django_db
def test_revoked_token_is_refused(staff_client, partner_token):
    token, plaintext = partner_token
    response = staff_client.post(
        "/admin/network/partnertoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = _client(plaintext).get("/api/v1/members/")
    assert refused.status_code == 401
    assert refused.json() == {
        "status": 401,
        "code": "authentication_failed",
        "detail": "This token has been revoked.",
    }
    assert refused["WWW-Authenticate"].startswith("Token")


@pytest.mark.django_db
def test_expired_token_is_refused(partner_token):
    token, plaintext = partner_token
    PartnerToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = _client(plaintext).get("/api/v1/members/")
    assert response.status_code == 401
    assert response.json()["detail"] == "This token has expired."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    ["Token wps_deadbeef_nope", "Token not-a-token", "Token", "Bearer a b", "Token wps__x"],
)
def test_wrong_or_malformed_token_is_a_401_not_anonymous_access(partner_token, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/members/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.django_db
def test_bearer_keyword_works_too(partner_token):
    assert _client(partner_token[1], "Bearer").get("/api/v1/regions/").status_code == 200


@pytest.mark.django_db
def test_last_used_is_recorded_at_most_once_a_minute(partner_token):
    token, plaintext = partner_token
    client = _client(plaintext)
    assert token.last_used_at is None
    client.get("/api/v1/members/")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/v1/members/")
    token.refresh_from_db()
    assert token.last_used_at == first
    PartnerToken.objects.filter(pk=token.pk).update(
        last_used_at=first - datetime.timedelta(minutes=2)
    )
    client.get("/api/v1/members/")
    token.refresh_from_db()
    assert token.last_used_at > first - datetime.timedelta(minutes=1)


@pytest.mark.django_db
def test_token_issued_by_staff_sees_only_public_data_and_never_writes(
    staff_user, adela, mary, spain
):
    _, plaintext = PartnerToken.objects.issue(name="Staff's own test", created_by=staff_user)
    client = _client(plaintext)
    people = client.get("/api/v1/people/").json()["results"]
    assert [p["id"] for p in people] == [mary.pk]
    assert "email" not in people[0]
    for method, url in [
        ("post", "/api/v1/themes/"),
        ("patch", f"/api/v1/members/{spain.pk}/"),
        ("put", f"/api/v1/members/{spain.pk}/"),
        ("delete", f"/api/v1/members/{spain.pk}/"),
    ]:
        response = getattr(client, method)(url, {"name": "x"}, format="json")
        assert response.status_code == 403
        assert response.json()["detail"] == "Partner tokens are read-only."


@pytest.mark.django_db
def test_session_writes_need_the_csrf_token(staff_user, spain):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(staff_user)
    url = f"/api/v1/members/{spain.pk}/"
    refused = client.patch(url, {"acronym": "ES"}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/admin/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.patch(url, {"acronym": "ES"}, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200


@pytest.mark.django_db
def test_anonymous_clients_are_throttled_with_retry_after(settings, anonymous):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anonymous": "3/minute"}
    statuses = [anonymous.get("/api/v1/regions/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = anonymous.get("/api/v1/regions/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    body = response.json()
    assert body["status"] == 429 and body["code"] == "throttled"


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_reset_the_rate(settings, anonymous):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anonymous": "2/minute"}
    statuses = [
        anonymous.get("/api/v1/themes/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_each_token_has_its_own_bucket(settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "partner": "2/hour"}
    first = _client(PartnerToken.objects.issue(name="A")[1])
    second = _client(PartnerToken.objects.issue(name="B")[1])
    assert [first.get("/api/v1/themes/").status_code for _ in range(3)] == [200, 200, 429]
    assert second.get("/api/v1/themes/").status_code == 200
    assert int(first.get("/api/v1/themes/")["Retry-After"]) > 60
    # The token's bucket is not the anonymous one.
    assert APIClient().get("/api/v1/themes/").status_code == 200


@pytest.mark.django_db
def test_errors_share_one_shape(staff, anonymous, spain):
    not_found = anonymous.get("/api/v1/members/999999/")
    assert not_found.status_code == 404
    assert not_found.json() == {
        "status": 404,
        "code": "not_found",
        "detail": "No Member matches the given query.",
    }
    assert anonymous.get("/api/v1/no-such-thing/").json()["code"] == "not_found"
    not_allowed = staff.post(f"/api/v1/members/{spain.pk}/", {}, format="json")
    assert not_allowed.status_code == 405
    assert not_allowed.json()["code"] == "method_not_allowed"
    unauthenticated = anonymous.post("/api/v1/themes/", {"name": "x"}, format="json")
    assert unauthenticated.status_code == 401
    assert unauthenticated.json()["code"] == "not_authenticated"
    invalid = staff.post("/api/v1/members/", {"kind": "state", "name": "Nowhere"}, format="json")
    assert invalid.status_code == 400
    assert invalid.json()["errors"] == {"country": ["A member State needs its country."]}


@pytest.mark.django_db
def test_model_rules_apply_to_api_writes(staff, mary, spain, kenya):
    duplicate = staff.post(
        "/api/v1/members/", {"kind": "state", "name": "Spain again", "country": "ES"}, format="json"
    )
    assert duplicate.status_code == 400
    assert "country" in duplicate.json()["errors"]
    backwards = staff.post(
        "/api/v1/appointments/",
        {
            "person": mary.pk,
            "member": spain.pk,
            "role": "observer",
            "start_on": "2020-01-02",
            "end_on": "2020-01-01",
        },
        format="json",
    )
    assert backwards.status_code == 400
    assert "end_on" in backwards.json()["errors"]
    twice = staff.post(
        "/api/v1/appointments/",
        {"person": mary.pk, "member": kenya.pk, "role": "focal_point"},
        format="json",
    )
    assert twice.status_code == 400
    in_use = staff.delete(f"/api/v1/members/{kenya.pk}/")
    assert in_use.status_code == 409
    assert in_use.json()["code"] == "conflict"


@pytest.mark.django_db
def test_staff_create_a_person_and_appoint_them(staff, spain):
    person = staff.post(
        "/api/v1/people/",
        {"given_name": "Nadia", "family_name": "Ali", "languages": ["ar", "en"]},
        format="json",
    )
    assert person.status_code == 201, person.content
    body = person.json()
    assert body["languages"] == ["ar", "en"] and body["appointments"] == []
    post = staff.post(
        "/api/v1/appointments/",
        {"person": body["id"], "member": spain.pk, "role": "delegate", "start_on": "2024-05-01"},
        format="json",
    )
    assert post.status_code == 201, post.content
    assert post.json()["display"] == "Nadia Ali — Delegate, Spain"
    again = staff.get(body["url"]).json()
    assert again["appointments"][0]["member"]["display"] == "Spain"
    assert staff.get("/api/v1/people/?q=nadia spain").json()["count"] == 1


# --- scopes (issue 13) ---------------------------------------------------------


def test_scopes_name_the_resources_of_the_router():
    from django.urls import get_resolver, resolve, reverse

    from network.api.exceptions import json_not_found
    from network.choices import PARTNER_RESOURCES

    for name in PARTNER_RESOURCES:
        path = f"/api/v1/{name}" if name.endswith(".json") else f"/api/v1/{name}/"
        assert resolve(path).func is not json_not_found, name
    api = get_resolver().namespace_dict["api"][1]
    lists = {
        reverse(f"api:{name}").split("/")[3]
        for name in api.reverse_dict
        if isinstance(name, str) and name.endswith("-list")
    }
    assert lists - set(PARTNER_RESOURCES) == {"registrations", "subscriptions"}  # personal


@pytest.mark.django_db
def test_an_unknown_scope_is_refused_with_a_message():
    from django.core.exceptions import ValidationError

    from network.models import PartnerToken

    token = PartnerToken.objects.issue(name="Typo", resources=["peple"])[0]
    with pytest.raises(ValidationError, match="peple"):
        token.full_clean()


@pytest.mark.django_db
def test_requests_are_counted_in_the_cache_and_written_once_a_minute(partner_token):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    token, plaintext = partner_token
    client = _client(plaintext)
    client.get("/api/v1/regions/")  # the first use writes the row at once
    token.refresh_from_db()
    assert token.request_count == 1
    with CaptureQueriesContext(connection) as queries:
        for _ in range(4):
            client.get("/api/v1/regions/")
    updates = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert updates == []
    token.refresh_from_db()
    assert token.request_count == 1 and token.pending_uses() == 4
    # A minute later the next request writes what the cache counted, itself included.
    PartnerToken.objects.filter(pk=token.pk).update(
        last_used_at=token.last_used_at - datetime.timedelta(minutes=1)
    )
    client.get("/api/v1/regions/")
    token.refresh_from_db()
    assert token.request_count == 6 and token.pending_uses() == 0


@pytest.mark.django_db
def test_requests_finding_the_same_stale_row_write_it_once(partner_token):
    token, _plaintext = partner_token
    now = timezone.now()
    first = PartnerToken.objects.get(pk=token.pk)
    second = PartnerToken.objects.get(pk=token.pk)  # another process, same stale row
    first.record_use(now)
    second.record_use(now)
    token.refresh_from_db()
    assert token.request_count == 1 and token.pending_uses() == 1


@pytest.mark.django_db
def test_staff_see_each_tokens_last_use_and_request_count(staff_client, partner_token):
    token, plaintext = partner_token
    for _ in range(3):
        _client(plaintext).get("/api/v1/regions/")
    page = staff_client.get("/admin/network/partnertoken/").content.decode()
    assert 'class="field-requests">3<' in page
    token.refresh_from_db()
    change = staff_client.get(f"/admin/network/partnertoken/{token.pk}/change/").content.decode()
    assert "Requests" in change and "Last used" in change
