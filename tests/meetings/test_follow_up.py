"""The follow-up report: commitments made at earlier meetings, latest status."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def _meeting(slug, start):
    return Meeting.objects.create(
        slug=slug, title=slug.title(), start_date=start, end_date=start, status="held"
    )


@pytest.fixture
def three_meetings(kenya, spain, staff_user):
    alicante = _meeting("alicante", datetime.date(2017, 4, 26))
    berlin = _meeting("berlin", datetime.date(2018, 4, 9))
    windhoek = _meeting("windhoek", datetime.date(2019, 4, 10))
    kenya_2017 = services.record_commitment(alicante, kenya, "Kenya 2017 pledge")
    spain_2017 = services.record_commitment(alicante, spain, "Spain 2017 pledge")
    spain_2018 = services.record_commitment(berlin, spain, "Spain 2018 pledge")
    services.record_commitment(windhoek, kenya, "Kenya 2019 pledge")
    services.add_commitment_update(
        kenya_2017,
        by=staff_user,
        new_status="in_progress",
        text="Started",
        reported_on=datetime.date(2018, 4, 9),
        reported_at=berlin,
    )
    services.add_commitment_update(
        kenya_2017,
        by=staff_user,
        new_status="achieved",
        text="Twelve indicators now",
        reported_on=datetime.date(2019, 4, 10),
        reported_at=windhoek,
    )
    services.add_commitment_update(
        spain_2018, by=staff_user, new_status="dropped", reported_on=datetime.date(2019, 1, 1)
    )
    return alicante, berlin, windhoek, spain_2017


def test_the_follow_up_report_lists_earlier_meetings_commitments_with_latest_status(
    client, three_meetings
):
    _alicante, berlin, windhoek, _ = three_meetings

    response = client.get(reverse("meetings:follow_up", args=[windhoek.slug]))

    rows = [(c.text, c.status) for c in response.context["commitments"]]
    assert rows == [
        ("Kenya 2017 pledge", "achieved"),
        ("Spain 2017 pledge", "pledged"),
        ("Spain 2018 pledge", "dropped"),
    ]
    page = response.content.decode()
    assert "Twelve indicators now" in page
    assert "Kenya 2019 pledge" not in page

    earlier = client.get(reverse("meetings:follow_up", args=[berlin.slug])).context["commitments"]
    assert [c.text for c in earlier] == ["Kenya 2017 pledge", "Spain 2017 pledge"]


def test_the_follow_up_report_as_csv(client, three_meetings):
    windhoek = three_meetings[2]
    response = client.get(reverse("meetings:follow_up_csv", args=[windhoek.slug]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["made at", "meeting date", "member", "commitment", "themes", "status"]
    assert [(r[2], r[3], r[5], r[8], r[9]) for r in rows[1:]] == [
        ("Kenya", "Kenya 2017 pledge", "Achieved", "Twelve indicators now", "Windhoek"),
        ("Spain", "Spain 2017 pledge", "Pledged", "", ""),
        ("Spain", "Spain 2018 pledge", "Dropped", "", ""),
    ]


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_csv_cells_cannot_start_a_formula(client, kenya, text):
    earlier = _meeting("earlier", datetime.date(2017, 1, 1))
    later = _meeting("later", datetime.date(2018, 1, 1))
    services.record_commitment(earlier, kenya, text)
    response = client.get(reverse("meetings:follow_up_csv", args=[later.slug]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][3] == "'" + text


def test_a_meeting_known_only_by_its_year_follows_up_earlier_years(client, three_meetings):
    undated = Meeting.objects.create(slug="un-hq", title="UN HQ", year=2025, status="held")
    response = client.get(reverse("meetings:follow_up", args=[undated.slug]))
    assert len(response.context["commitments"]) == 4


def test_a_meeting_with_no_date_at_all_says_so(client):
    undated = Meeting.objects.create(slug="sometime", title="Sometime")
    response = client.get(reverse("meetings:follow_up", args=[undated.slug]))
    assert response.status_code == 200
    assert "no date on record" in response.content.decode()
