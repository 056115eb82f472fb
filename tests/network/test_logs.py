"""Request logs carry what operators need and no personal data."""

import json
import logging

import pytest

from network.core.logs import JsonFormatter

pytestmark = pytest.mark.django_db


def test_request_log_has_no_email_or_query_string(member_client, member_user, caplog):
    with caplog.at_level(logging.INFO, logger="network.requests"):
        response = member_client.get("/directory/?q=adela%40example.org")
    record = next(r for r in caplog.records if r.name == "network.requests")
    line = JsonFormatter().format(record)
    payload = json.loads(line)
    assert payload["path"] == "/directory/"
    assert payload["status"] == 200
    assert payload["user_id"] == member_user.pk
    assert payload["request_id"] == response["X-Request-ID"]
    assert "@" not in line
    assert "example.org" not in line


def test_forged_request_id_is_replaced(client, caplog):
    response = client.get("/", HTTP_X_REQUEST_ID="evil\nFAKE LOG LINE")
    assert response["X-Request-ID"].isalnum()
    assert "\n" not in response["X-Request-ID"]
