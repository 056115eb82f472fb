"""The public page /action-plans/ (map, table, lists, figures, checklist,
timeline) and the member page's plan-history partial."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from network.choices import FeatureAnswer, HighImpactFeature, PlanReportKind, PlanScope
from network.models import ActionPlanReport, Member, PlanFeatureAssessment, Region, Theme

from .action_plan_fixtures import malta_fixture, nigeria_fixture, plan  # noqa: F401

pytestmark = pytest.mark.django_db

URL = "/action-plans/"


@pytest.fixture
def this_year():
    return timezone.localdate().year


@pytest.fixture
def plans(spain, kenya, ecowas, malta, nigeria, this_year):
    """Spain on an active second plan, Kenya with an expired one, Nigeria with
    one in preparation, Malta with none, ECOWAS with an active regional plan."""
    climate = Theme.objects.create(name="Climate change")
    first = plan(spain, 1, start=this_year - 12, end=this_year - 3)
    second = plan(spain, 2, start=this_year - 2, end=this_year + 2, follows=first)
    second.themes.add(climate)
    plan(kenya, 1, start=this_year - 8, end=this_year - 6)
    plan(nigeria, 1)
    plan(ecowas, adopted=this_year - 10, title="Dakar plan of action")
    PlanFeatureAssessment.objects.create(
        plan=second,
        feature=HighImpactFeature.FUNDING,
        answer=FeatureAnswer.YES,
        source_url="https://example.org/budget",
    )
    return {"second": second, "climate": climate}


def svg_of(html):
    return html[html.index("<svg xmlns") : html.index("</svg>", html.index("<svg xmlns")) + 6]


def test_map_draws_each_member_state_as_a_link_with_a_title(client, plans, this_year):
    response = client.get(URL)

    assert response.status_code == 200
    svg = svg_of(response.content.decode())
    spain_link = re.search(
        r'<a href="([^"]+)" class="country (\w+)" data-code="ES"><title>([^<]+)<', svg
    )
    assert spain_link.groups() == (
        reverse("network:member", kwargs={"key": "ES"}),
        "gen2",
        f"Spain: Active plan: the second ({this_year - 2}–{this_year + 2})",
    )
    by_code = {
        code: cls for cls, code in re.findall(r'class="country (\w+)" data-code="(\w\w)"', svg)
    }
    assert by_code == {
        "ES": "gen2",
        "KE": "expired",
        "NG": "in_preparation",
        "MT": "none",
    }
    # Malta is too small to click at this scale: it gets a marker.
    assert re.search(r'data-code="MT">.*?<circle class="marker"', svg)
    # Countries that are not members are drawn but are not links.
    assert 'data-code="FR"' not in svg


def test_svg_map_stays_small(client, plans):
    svg = svg_of(client.get(URL).content.decode())
    assert 60_000 < len(svg.encode()) < 150_000


def test_table_says_what_the_map_shows(client, plans):
    html = client.get(URL).content.decode()
    table = html[
        html.index('class="plan-table"') : html.index("</table>", html.index('class="plan-table"'))
    ]
    rows = re.findall(
        r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>.*?</span> ([^<]+)</td>', table, re.S
    )
    assert rows == [
        ("Economic Community of West African States", "Active plan: the first"),
        ("Kenya", "Plans expired, none active"),
        ("Malta", "Member with no plan recorded (one may exist)"),
        ("Nigeria", "Plan in preparation, none active"),
        ("Spain", "Active plan: the second"),
    ]


def test_members_without_an_active_plan_are_listed(client, plans):
    html = client.get(URL).content.decode()
    names = []
    for list_id in ("without-active-plan", "no-plan-recorded"):
        listed = html[html.index(f'id="{list_id}"') : html.index("</ul>", html.index(list_id))]
        names.append(re.findall(r'<a href="[^"]+">([^<]+)</a>', listed))
    # Plans recorded but none in force, and no plan recorded: two lists, not one.
    assert names == [["Kenya", "Nigeria"], ["Malta"]]
    assert sorted(names[0] + names[1]) == sorted(
        Member.objects.without_active_plan().values_list("name", flat=True)
    )


def test_figures_by_region(client, plans):
    figures = {f["region"]: f for f in client.get(URL).context["figures"]}
    assert {
        name: (
            f["members"],
            f["active"],
            f["second_or_later"],
            f["in_preparation"],
            f["none_in_force"],
            f["none_recorded"],
        )
        for name, f in figures.items()
    } == {
        "Africa": (3, 1, 0, 1, 2, 0),  # ECOWAS (Western Africa), Kenya, Nigeria
        "Europe": (2, 1, 1, 0, 0, 1),  # Spain on its second plan, Malta with none recorded
    }


def test_high_impact_checklist_is_summarised_by_region(client, plans):
    features = client.get(URL).context["features"]
    assert features["regions"] == ["Africa", "Europe"]
    funding = next(r for r in features["rows"] if r["feature"] == HighImpactFeature.FUNDING.label)
    assert funding["cells"] == [
        {"yes": 0, "partly": 0, "no": 0, "assessed": 0, "not_assessed": 1},  # ECOWAS
        {"yes": 1, "partly": 0, "no": 0, "assessed": 1, "not_assessed": 0},  # Spain, sourced
    ]


def test_timeline_lists_each_members_plans_in_order(client, plans):
    lines = client.get(URL).context["timeline"]["lines"]
    spain = next(line for line in lines if line["row"].member.country == "ES")
    assert [bar["plan"].sequence for bar in spain["bars"]] == [1, 2]
    assert spain["bars"][0]["left"] < spain["bars"][1]["left"]
    assert [line["row"].member.name for line in lines] == [
        "Economic Community of West African States",
        "Kenya",
        "Nigeria",
        "Spain",
    ]


def test_timeline_draws_a_plan_in_preparation_inside_its_axis(client, plans, malta, this_year):
    """A plan that starts after every other plan has ended was drawn at the
    axis's right edge, half outside it."""
    plan(malta, 1, start=this_year + 4)
    lines = client.get(URL).context["timeline"]["lines"]
    bars = [bar for line in lines for bar in line["bars"] if bar.get("left") is not None]
    malta_bar = next(b for line in lines if line["row"].member == malta for b in line["bars"])
    assert malta_bar["left"] < 100
    assert all(bar["left"] + bar["width"] <= 100 for bar in bars)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=150", ["Malta", "Spain"]),  # Europe and the regions below it
        ("region=011", ["Economic Community of West African States", "Nigeria"]),
        ("status=active", ["Economic Community of West African States", "Spain"]),
        ("status=expired", ["Kenya"]),
        ("status=in_preparation", ["Nigeria"]),
        ("status=none", ["Malta"]),
        ("theme=climate-change", ["Spain"]),
        ("region=150&status=none", ["Malta"]),
    ],
)
def test_filters_by_region_status_and_theme(client, plans, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert [row.member.name for row in response.context["rows"]] == expected


def test_bad_filter_values_give_a_message_not_an_error(client, plans):
    response = client.get(f"{URL}?region=999&status=sleeping&theme=nothing")

    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Region: No region has the code &#x27;999&#x27;." in html
    assert "Status: Select a valid choice. sleeping is not one of the available choices." in html
    assert "Theme: Select a valid choice." in html
    # The bad filters are ignored, not half applied: every member is shown.
    assert len(response.context["rows"]) == 5


def test_page_query_count_does_not_grow_with_members_and_plans(
    client, plans, django_assert_num_queries, this_year
):
    # members, plans, their themes, the checklist answers, the region and theme
    # choices, and the site-wide sample flag (kept until a sample row is written)
    with django_assert_num_queries(7):
        assert client.get(URL).status_code == 200

    europe = Region.objects.get(code="155")
    for code, name in [("DE", "Germany"), ("FR", "France"), ("LU", "Luxembourg")]:
        member = Member.objects.create(name=name, country=code, region=europe)
        first = plan(member, 1, start=this_year - 10, end=this_year - 5)
        second = plan(member, 2, start=this_year - 4, end=this_year + 1, follows=first)
        second.themes.add(plans["climate"])
        PlanFeatureAssessment.objects.create(
            plan=second,
            feature=HighImpactFeature.MONITORING,
            answer=FeatureAnswer.PARTLY,
            source_url="https://example.org/m-and-e",
        )

    # The same, less the sample flag: no sample row was written.
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert len(response.context["rows"]) == 8
    # Filters add a fixed number: the region by its code and the regions below
    # it, and the theme by its slug.
    with django_assert_num_queries(9):
        client.get(f"{URL}?region=150&status=active&theme=climate-change")


def test_navigation_links_to_the_action_plans(client, db):
    html = client.get(reverse("network:home")).content.decode()
    assert f'href="{URL}"' in html


def test_member_partial_shows_the_plan_history_with_checklist_and_reports(
    plans, spain, django_assert_num_queries
):
    ActionPlanReport.objects.create(
        plan=plans["second"],
        kind=PlanReportKind.SHADOW_REPORT,
        title="Shadow report on the second plan",
        published_on=timezone.localdate(),
        url="https://example.org/shadow",
        author="A civil-society coalition",
    )
    with django_assert_num_queries(4):  # plans, themes, checklist, reports
        html = render_to_string("network/_member_action_plans.html", {"member": spain})

    assert html.index("Second National Action Plan") < html.index("First National Action Plan")
    assert "Active" in html and "Expired" in html
    assert "Dedicated funding for implementation, including costing" in html
    assert 'href="https://example.org/budget"' in html
    assert "Civil-society shadow report" in html and 'href="https://example.org/shadow"' in html
    assert "Climate change" in html


def test_member_partial_says_when_no_plan_is_recorded(malta):
    html = render_to_string("network/_member_action_plans.html", {"member": malta})
    assert "No action plan recorded." in html


def test_local_plans_appear_in_the_history_but_not_as_the_members_plan(client, malta, this_year):
    plan(malta, None, scope=PlanScope.LOCAL, title="Valletta local plan", start=this_year - 1)
    response = client.get(URL)
    row = next(r for r in response.context["rows"] if r.member == malta)
    assert row.map_class == "none"
    assert [p.title for p in row.plans] == ["Valletta local plan"]
