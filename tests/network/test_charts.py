"""Charts (network/core/charts.py and {% chart %}): valid SVG with its
accessible parts, a table with the same figures as the picture, and the charts
of the tracker, the meeting page, the action-plan page and the dashboard."""

import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.template import Context, Engine
from django.urls import reverse
from django.utils import timezone, translation

from focalpoints.models import Person
from meetings import services as meeting_services
from meetings.choices import CommitmentStatus, MeetingStatus
from network.core.charts import STYLES, Chart, Series, bar_chart
from network.models import ActionPlan
from network.templatetags.charts import chart as render_chart
from tests.factories import make_meeting

SVG = "{http://www.w3.org/2000/svg}"


def _sample():
    return Chart(
        key="Sample chart",
        title="Commitments <by> status",
        description="A test.",
        category_header="Region",
        categories=["Europe", "Africa & the rest"],
        series=[Series("Verified", "dark"), Series("Due", "orange")],
        values=[[3, 1], [0, 2]],
    )


def _figures(html, key):
    """The chart ``key`` in a page: its parsed SVG and its table as lists of cells."""
    figure = re.search(rf'<figure class="chart" id="{key}".*?</figure>', html, re.S)
    assert figure, f"no chart {key}"
    figure = figure.group(0)
    svg = re.search(r"<svg xmlns.*?</svg>", figure, re.S)
    table = re.search(r"<table.*?</table>", figure, re.S).group(0)
    rows = [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>.*?</tr>", table, re.S)
    ]
    return (ET.fromstring(svg.group(0)) if svg else None), rows  # noqa: S314 - our own page


def test_a_chart_is_valid_svg_with_title_description_and_role():
    html = str(render_chart(_sample()))
    svg, _rows = _figures(html, "sample-chart")
    assert svg.get("role") == "img"
    assert svg.get("viewBox").startswith("0 0 400 ")
    assert svg.get("width") == "100%"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}title").text == "Commitments <by> status"
    description = svg.find(f"{SVG}desc")
    assert description.get("id") == desc_id
    assert "Europe: 4 (Verified 3, Due 1)" in description.text


def test_every_pattern_a_bar_uses_is_defined_in_its_chart():
    svg, _rows = _figures(str(render_chart(_sample())), "sample-chart")
    defined = {p.get("id") for p in svg.iter(f"{SVG}pattern")}
    used = {
        rect.get("fill")[5:-1]
        for rect in svg.iter(f"{SVG}rect")
        if (rect.get("fill") or "").startswith("url(#")
    }
    assert used and used <= defined
    # Segments: Europe 3 + 1, Africa 2 (a zero draws nothing).
    bars = [r for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [bar.find(f"{SVG}title").text for bar in bars] == ["Verified: 3", "Due: 1", "Due: 2"]


def test_every_style_differs_from_the_others_by_more_than_its_colour():
    # Nothing told by colour alone: no two styles share a pattern and a colour's
    # lightness only; the dark one is the only plain fill.
    patterns = [pattern for _colour, pattern, _ink in STYLES.values()]
    assert patterns.count("solid") == 1
    assert len({(pattern, ink) for _colour, pattern, ink in STYLES.values()}) == len(STYLES)


def test_the_table_has_the_same_figures_as_the_picture():
    chart = _sample()
    _svg, rows = _figures(str(render_chart(chart)), "sample-chart")
    assert rows == [
        ["Region", "Verified", "Due", "Total"],
        ["Europe", "3", "1", "4"],
        ["Africa &amp; the rest", "0", "2", "2"],
    ]
    assert [int(cell) for cell in rows[1][1:3]] == chart.values[0]


def test_an_empty_chart_says_so_instead_of_drawing():
    chart = bar_chart("empty", "Nothing", "None.", "Year", [], "Plans")
    html = str(render_chart(chart))
    assert "<svg xmlns" not in html
    assert "No figures to show yet." in html


def test_long_labels_are_shortened_in_the_picture_not_in_the_table():
    long = "Third Capital-Level Meeting of the Network of Focal Points on WPS, Berlin"
    chart = bar_chart("long", "Long", "Long labels.", "Meeting", [(long, 2)], "Commitments")
    svg, rows = _figures(str(render_chart(chart)), "long")
    label = next(t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-label")
    assert label.endswith("…") and len(label) <= 50
    assert rows[1][0] == long


def test_values_must_match_categories_and_series():
    with pytest.raises(ValueError):
        Chart("bad", "Bad", "", "X", ["a", "b"], [Series("n")], [[1]])
    with pytest.raises(ValueError):
        Chart("bad", "Bad", "", "X", ["a"], [Series("n")], [[1, 2]])


# --- on the pages -------------------------------------------------------------------------


@pytest.fixture
def commitments(spain, kenya, staff_user):
    held = make_meeting(
        "alicante", days_ahead=-500, status=MeetingStatus.HELD, registration_open=False
    )
    later = make_meeting(
        "berlin", days_ahead=-100, status=MeetingStatus.HELD, registration_open=False
    )
    for n, status in enumerate(
        [CommitmentStatus.PLEDGED, CommitmentStatus.ACHIEVED, CommitmentStatus.ACHIEVED]
    ):
        meeting_services.record_commitment(held, spain, f"Pledge {n}", status=status)
    meeting_services.record_commitment(later, kenya, "Later", status=CommitmentStatus.DROPPED)
    return held, later


def test_the_tracker_charts_commitments_by_status_and_by_meeting(commitments, client):
    html = client.get(reverse("meetings:commitment_list")).content.decode()
    assert "css/charts.css" in html
    _svg, rows = _figures(html, "commitments-by-status")
    assert rows[1:] == [["Pledged", "1"], ["In progress", "0"], ["Achieved", "2"], ["Dropped", "1"]]
    _svg, rows = _figures(html, "commitments-by-meeting")
    assert rows[0] == ["Meeting", "Pledged", "In progress", "Achieved", "Dropped", "Total"]
    # Most recent meeting first.
    assert [row[0].split(" (")[0] for row in rows[1:]] == ["Meeting berlin", "Meeting alicante"]
    assert [row[1:] for row in rows[1:]] == [["0", "0", "0", "1", "1"], ["1", "0", "2", "0", "3"]]


def test_a_meeting_page_charts_its_commitments_by_status(commitments, client):
    held, _later = commitments
    html = client.get(held.get_absolute_url()).content.decode()
    _svg, rows = _figures(html, "meeting-commitments-by-status")
    assert rows[1:] == [["Pledged", "1"], ["In progress", "0"], ["Achieved", "2"], ["Dropped", "0"]]


def test_the_action_plan_page_charts_plans_per_year_and_plans_in_force(spain, kenya, client):
    ActionPlan.objects.create(
        member=spain,
        sequence=1,
        adopted_on=datetime.date(2007, 3, 30),
        period_start=datetime.date(2007, 3, 30),
        period_end=datetime.date(2011, 12, 31),
    )
    ActionPlan.objects.create(
        member=spain,
        sequence=2,
        adopted_on=datetime.date(2009, 1, 1),
        period_start=datetime.date(2009, 1, 1),
        period_end=datetime.date(2035, 12, 31),
    )
    html = client.get(reverse("network:action_plans")).content.decode()
    _svg, rows = _figures(html, "plans-adopted-per-year")
    assert rows[1:] == [["2007", "1"], ["2008", "0"], ["2009", "1"]]
    _svg, rows = _figures(html, "plans-in-force-by-region")
    by_region = {row[0]: row[1:] for row in rows[1:]}
    # With a plan in force, plans recorded but none in force, no plan recorded, total.
    assert by_region == {"Europe": ["1", "0", "0", "1"], "Africa": ["0", "0", "1", "1"]}


def test_the_dashboard_charts_verification_coverage_and_registrations(adela, mary, staff_client):
    Person.objects.filter(pk=mary.pk).update(verified_at=timezone.now())
    meeting = make_meeting("next", capacity=5)
    meeting_services.register(meeting, adela)
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "css/charts.css" in html
    _svg, rows = _figures(html, "verification-coverage")
    assert {row[0]: row[1:] for row in rows[1:]} == {
        "Africa": ["1", "0", "1"],
        "Europe": ["0", "1", "1"],
    }
    _svg, rows = _figures(html, "registrations-by-region")
    assert rows[0] == [
        "Region",
        "Confirmed",
        "Registered",
        "On the waiting list",
        "Invited",
        "Total",
    ]
    assert rows[1:] == [["Europe", "0", "1", "0", "0", "1"]]


# The chart's former template, kept as the reference the Python rendering
# (network.core.charts.render_html) must match byte for byte.
REFERENCE_TEMPLATE = Path(__file__).with_name("chart_template.html")


def _reference(chart):
    return (
        Engine.get_default()
        .from_string(REFERENCE_TEMPLATE.read_text())
        .render(Context({"chart": chart}))
    )


def test_the_python_rendering_is_the_template_s_byte_for_byte():
    charts = [
        _sample(),
        bar_chart(
            "Years", "By year", "Per year.", "Year", [(2020, 3), (2021, 0)], "N", compact=True
        ),
        bar_chart("Empty", "Nothing", "None.", "Year", [(2020, 0)], "N"),
        Chart(
            key="every-style",
            title="<script>alert(1)</script>",
            description='"quoted" & more',
            category_header="Style",
            categories=[
                f"Category {name} with a label far longer than fifty characters" for name in STYLES
            ],
            series=[Series(f"Series {name}", name) for name in STYLES],
            values=[[index + 1] * len(STYLES) for index in range(len(STYLES))],
        ),
    ]
    with translation.override("en"):
        for chart in charts:
            assert str(render_chart(chart)) == _reference(chart), chart.key


@pytest.mark.parametrize("language", ["es", "fr"])
def test_coordinates_keep_svg_s_decimal_point_in_every_language(language):
    """The template printed ``x="12,5"`` in French and Spanish, which SVG
    does not read: the bars' geometry is notation, not prose."""
    chart = bar_chart("Thirds", "Thirds", "Thirds.", "Year", [(2020, 1), (2021, 3)], "N")
    with translation.override(language):
        html = str(render_chart(chart))
    svg, _rows = _figures(html, "thirds")
    widths = [rect.get("width") for rect in svg.iter(f"{SVG}rect")]
    assert widths and all("," not in width for width in widths)
    assert any("." in width for width in widths)
