"""The demo dataset: Alicante 2017 in full, the meeting history, the chairs."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from meetings.models import ChairTerm, Commitment, Meeting, Session
from meetings.selectors import troika

pytestmark = pytest.mark.django_db

WORKING_GROUPS = {
    "Working group: Addressing Structural Barriers to Gender Equality": "Ms. Jennifer Wittwer",
    "Working group: Civil Society Engagement in Design and Implementation of NAPs": (
        "María Villellas"
    ),
    "Working group: Preventing or Countering Violent Extremism and NAPs": "Ms. Ann-Sofie Stude",
}


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _session_blocks(page):
    """Each session's HTML on the meeting page, by its heading."""
    blocks = {}
    for block in re.findall(
        r'<li class="session".*?</li>\s*(?=<li class="session"|</ol>)', page, flags=re.S
    ):
        title = re.search(r"<h4>(.*?)</h4>", block).group(1)
        blocks[title] = block
    return blocks


def test_the_alicante_page_shows_the_three_working_groups_and_their_facilitators(client, demo):
    response = client.get(reverse("meetings:meeting", args=["2017-alicante"]))
    assert response.status_code == 200
    blocks = _session_blocks(response.content.decode())

    for title, facilitator in WORKING_GROUPS.items():
        assert title in blocks
        assert re.search(rf"Facilitator:</span>\s*{re.escape(facilitator)}", blocks[title])
    structural = blocks["Working group: Addressing Structural Barriers to Gender Equality"]
    for person in ("Hafida Benchehida", "Abeda Osman", "María Luisa Martino"):
        assert re.search(rf"Intervention:</span>[^<]*{person}", structural)
    opening = blocks["Opening plenary"]
    assert re.search(r"Moderator:</span>\s*Ambassador Roman Oyarzun Marchesi", opening)
    assert opening.count("Panellist:") == 4
    closing = blocks["Concrete Actions and Closing"]
    assert "Representative of Germany" in closing and "Representative of UN Women" in closing


def test_the_tracker_lists_the_seven_alicante_commitments(client, demo):
    response = client.get(reverse("meetings:commitment_list") + "?meeting=2017-alicante")
    commitments = list(response.context["page"].object_list)
    assert sorted(c.member.name for c in commitments) == sorted(
        [
            "Finland",
            "Global Network of Women Peacebuilders",
            "Kenya",
            "Thailand",
            "Norway",
            "Norway",
            "Canada",
        ]
    )
    page = client.get(reverse("meetings:commitment_list")).content.decode()
    assert "Incorporate new and emerging themes within next NAP" in page
    assert "Institutionalize civil society engagement" in page


def test_alicante_is_recorded_as_the_seed_gives_it(client, demo):
    alicante = Meeting.objects.get(slug="2017-alicante")
    assert (alicante.start_date, alicante.end_date) == (
        datetime.date(2017, 4, 26),
        datetime.date(2017, 4, 27),
    )
    assert alicante.time_zone == "Europe/Madrid"
    # 60 States and 5 organisations of the communiqué, and GNWP from the summary.
    assert alicante.delegations.count() == 66
    assert alicante.delegations.filter(member__kind="state").count() == 60
    sessions = Session.objects.filter(meeting=alicante)
    assert sessions.count() == 8
    # No clock time is invented.
    assert not sessions.exclude(start_time=None).exists()
    assert [s.day.day for s in sessions] == [26, 26, 26, 26, 26, 27, 27, 27]

    # Its calendar: one event per session.
    response = client.get(reverse("meetings:meeting_calendar", args=["2017-alicante"]))
    calendar = Calendar.from_ical(response.content)
    assert len(calendar.walk("VEVENT")) == 8


def test_the_meeting_history_is_loaded_with_its_chairs_and_the_undated_row_is_honest(demo):
    assert Meeting.objects.count() == 10
    berlin = Meeting.objects.get(slug="2018-berlin")
    assert [m.name for m in berlin.chairs.all()] == ["Germany"]
    debriefing = Meeting.objects.get(slug="2018-new-york-debriefing")
    assert debriefing.chairs_note == "troika"
    assert debriefing.chairs.count() == 3
    undated = Meeting.objects.get(slug="2025-new-york-un-headquarters")
    assert undated.start_date is None and undated.end_date is None
    assert undated.year == 2025
    assert "no date" in undated.dates_note

    # The troika is derived from the chairs by year.
    in_2019 = troika(datetime.date(2019, 6, 1))
    assert [m.name for m in in_2019.outgoing.members.all()] == ["Germany"]
    assert [m.name for m in in_2019.current.members.all()] == ["Namibia"]
    assert sorted(m.name for m in in_2019.incoming.members.all()) == ["Canada", "Uruguay"]
    # No stored page names the 2024 chairs: the troika says so rather than guess.
    in_2024 = troika(datetime.date(2024, 6, 1))
    assert in_2024.current is None
    assert in_2024.outgoing.start_year == 2023
    assert in_2024.incoming.start_year == 2025
    assert ChairTerm.objects.get(start_year=2020).label == "2020/2021"


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = (
        Meeting.objects.count(),
        Session.objects.count(),
        Commitment.objects.count(),
        Meeting.history.count(),
        Commitment.history.count(),
    )
    stamps = list(Session.objects.order_by("pk").values_list("updated_at", "uid"))
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (
        Meeting.objects.count(),
        Session.objects.count(),
        Commitment.objects.count(),
        Meeting.history.count(),
        Commitment.history.count(),
    )
    assert stamps == list(Session.objects.order_by("pk").values_list("updated_at", "uid"))
