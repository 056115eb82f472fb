"""The public's rendering of the meeting page and the commitments tracker is
shared until the data changes (network.core.caching.shared_with_the_public); the
parts that are the visitor's own — the registration panel — never are."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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


def _rows_rendered(response):
    return [t.name for t in response.templates].count("meetings/_commitment_row.html")


def test_after_a_change_the_tracker_renders_again_only_the_changed_commitment(
    kenya_commitment, spain_commitment
):
    public = Client()
    first = public.get("/commitments/")
    assert _rows_rendered(first) == 2
    spain_commitment.text = "Host the network's secretariat until 2027"
    spain_commitment.save()
    with CaptureQueriesContext(connection) as queries:
        again = public.get("/commitments/")
    content = again.content.decode()
    # The charts' figures (with the count), the page's stamps, the stamps of
    # its themes and updates and of the filter's choices (one query), the
    # changed commitment (with its themes and updates): not the choices, nor
    # the other commitments.
    assert len(queries) == 6
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert re.fullmatch(r'.*"meetings_commitment"\."id" IN \(\d+\).*', read)  # one loaded
    # The page was rendered again (the save voided it), its rows were not,
    # except the one whose commitment changed.
    assert _rows_rendered(again) == 1
    assert "Host the network&#x27;s secretariat until 2027" in content
    assert "Review monitoring and evaluation framework" in content


def test_a_row_rendered_for_staff_never_reaches_the_public(
    kenya_commitment, staff_client, staff_user
):
    edit = reverse("meetings:commitment_edit", args=[kenya_commitment.pk])
    assert edit in staff_client.get("/commitments/").content.decode()
    public = Client().get("/commitments/")
    assert _rows_rendered(public) == 1  # its own rendering, not staff's
    assert edit not in public.content.decode()
    assert "Report progress" not in public.content.decode()


def test_a_chart_follows_its_figures(kenya_commitment, staff_user):
    public = Client()
    one_in_progress = '<th scope="row">In progress</th><td>1</td>'
    assert one_in_progress not in _chart_tables(public.get("/commitments/"))
    services.add_commitment_update(
        kenya_commitment,
        by=staff_user,
        text="Under way",
        new_status=CommitmentStatus.IN_PROGRESS,
        reported_on=datetime.date(2018, 5, 1),
    )
    assert one_in_progress in _chart_tables(public.get("/commitments/"))


def _chart_tables(response):
    content = response.content.decode()
    return "".join(part.split("</table>")[0] for part in content.split('class="chart-table"')[1:])


def test_after_a_sessions_save_the_meeting_page_reads_its_agenda_not_its_commitments(
    alicante, kenya_commitment
):
    session = services.schedule_session(alicante, title="Opening", day=alicante.start_date)
    public = Client()
    public.get("/meetings/alicante/")
    session.title = "Opening of the meeting"
    session.save()
    with CaptureQueriesContext(connection) as queries:
        content = public.get("/meetings/alicante/").content.decode()
    assert "Opening of the meeting" in content
    assert "Review monitoring and evaluation framework" in content  # kept
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"meetings_session"' in read
    assert '"meetings_commitment"' not in read and '"meetings_delegation"' not in read
    # A commitment's save renders the commitments again.
    kenya_commitment.text = "Review the monitoring framework with civil society"
    kenya_commitment.save()
    assert "with civil society" in public.get("/meetings/alicante/").content.decode()


def test_after_a_sessions_save_the_agenda_renders_that_session_alone(alicante, adela):
    from meetings.choices import SessionRoleKind

    opening = services.schedule_session(
        alicante,
        title="Opening",
        day=alicante.start_date,
        roles=[{"person": adela, "role": SessionRoleKind.MODERATOR}],
    )
    services.schedule_session(alicante, title="Closing", day=alicante.start_date)
    public = Client()
    first = public.get("/meetings/alicante/")
    names = [t.name for t in first.templates]
    assert names.count("meetings/_session_row.html") == 2
    opening.title = "Opening of the meeting"
    opening.save()
    again = public.get("/meetings/alicante/")
    names = [t.name for t in again.templates]
    assert names.count("meetings/_session_row.html") == 1
    # The head (facts, hosts, chairs, troika) read no table that was written.
    assert "meetings/_meeting_head.html" in names  # its frame…
    assert "components/status.html" not in names  # …not its kept contents
    content = again.content.decode()
    assert "Opening of the meeting" in content and "Closing" in content
    assert adela.full_name in content
