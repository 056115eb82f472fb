"""The public's rendering of the meeting page and the commitments tracker is
shared until the data changes (network.core.caching.shared_with_the_public); the
parts that are the visitor's own — the registration panel — never are."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from meetings import services
from meetings.choices import CommitmentStatus

pytestmark = pytest.mark.django_db


def _get(client, url, status=200):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == status
    return response.content.decode(), len(queries)


def test_the_tracker_is_rendered_once_per_query_until_the_data_changes(
    kenya_commitment, staff_user
):
    public = Client()
    _content, first_queries = _get(public, "/commitments/")
    content, again_queries = _get(public, "/commitments/")
    assert again_queries == 0 < first_queries
    assert "Review monitoring and evaluation framework" in content
    assert "No progress reported yet." in content
    services.add_commitment_update(
        kenya_commitment,
        by=staff_user,
        text="Framework reviewed with civil society",
        new_status=CommitmentStatus.IN_PROGRESS,
        reported_on=datetime.date(2018, 5, 1),
    )
    content, _queries = _get(public, "/commitments/")
    assert "Framework reviewed with civil society" in content
    # Another query string is another rendering.
    filtered, _queries = _get(public, "/commitments/?status=achieved")
    assert "Review monitoring and evaluation framework" not in filtered


def test_a_wrong_filter_stays_a_400_when_cached(kenya_commitment):
    public = Client()
    _get(public, "/commitments/?status=nonsense", status=400)
    again, again_queries = _get(public, "/commitments/?status=nonsense", status=400)
    assert again_queries == 0
    assert "Filter “status”" in again


def test_the_meeting_record_is_shared_but_the_registration_panel_is_the_visitors(
    meeting, kenya_user
):
    public, mary = Client(), Client()
    mary.force_login(kenya_user)
    content, first_queries = _get(public, f"/meetings/{meeting.slug}/")
    assert "Log in to register" in content
    content, again_queries = _get(public, f"/meetings/{meeting.slug}/")
    assert "Log in to register" in content
    assert again_queries < first_queries
    mine, _queries = _get(mary, f"/meetings/{meeting.slug}/")
    assert "Log in to register" not in mine
    assert f'href="/meetings/{meeting.slug}/register/"' in mine
    services.schedule_session(meeting, title="Opening of the meeting", day=meeting.start_date)
    content, _queries = _get(public, f"/meetings/{meeting.slug}/")
    assert "Opening of the meeting" in content
