"""Issue 12, finding 5: no secret link in the logs, no forged log line.

Each signed link is visited; every record logged meanwhile — the request log
and Django's own ``Not Found: …`` — is formatted as the console handler does
(its RedactPathsFilter, then the text and JSON formatters) and must not hold
the secret.
"""

import logging

import pytest

from network.core.logs import JsonFormatter, RedactPathsFilter

pytestmark = pytest.mark.django_db

SECRET = "Zs3cr3tT0k3nZ"
SIGNED_LINKS = [
    f"/directory/confirm/{SECRET}/",
    f"/accounts/invitation/{SECRET}/",
    f"/newsletters/confirm/{SECRET}/",
    f"/newsletters/unsubscribe/{SECRET}/",
    f"/newsletters/subscription/{SECRET}/language/",
    f"/newsletters/subscription/{SECRET}/resubscribe/",
    f"/accounts/password/reset/MQ/{SECRET}-abc/",
]


def _lines(records):
    redact, text, json = RedactPathsFilter(), logging.Formatter("%(message)s"), JsonFormatter()
    lines = []
    for record in records:
        redact.filter(record)
        lines += [text.format(record), json.format(record)]
    return lines


@pytest.mark.parametrize("link", SIGNED_LINKS)
def test_no_token_in_a_log_line_after_visiting_a_signed_link(client, caplog, link):
    caplog.set_level(logging.INFO)
    client.get(link)
    lines = _lines(caplog.records)
    assert any("network.requests" in line or "<" in line for line in lines)
    assert not [line for line in lines if SECRET in line]


def test_the_request_log_names_the_route_and_keeps_slugs_and_ids(client, caplog):
    caplog.set_level(logging.INFO, logger="network.requests")
    client.get(f"/newsletters/confirm/{SECRET}/")
    client.get("/meetings/no-such-meeting/")
    records = [r for r in caplog.records if r.name == "network.requests"]
    assert records[0].route == "newsletters:confirm"
    assert records[0].path == "/newsletters/confirm/<key>/"
    assert records[1].path == "/meetings/no-such-meeting/"


def test_a_line_feed_in_a_path_cannot_forge_a_log_line(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/nothing%0a2026-01-01 INFO network.requests GET /admin/ 200 1ms/")
    for line in _lines(caplog.records):
        assert "\n" not in line.split(" ", 1)[-1] or "Traceback" in line
    record = next(r for r in caplog.records if r.name == "network.requests")
    assert "\\n2026-01-01" in record.getMessage()
