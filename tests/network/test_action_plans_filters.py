"""ActionPlanFilterSet: the plan filters the API and the pages share."""

import datetime

import pytest
from django.http import QueryDict

from network.filtersets import ActionPlanFilterSet
from network.models import ActionPlan, Theme

from .action_plan_fixtures import plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(spain, kenya, ecowas):
    year = datetime.date.today().year
    climate = Theme.objects.create(name="Climate change")
    spanish = plan(spain, 2, adopted=2017, start=2017, end=year + 1)
    spanish.themes.add(climate)
    plan(kenya, 1, adopted=2016, start=2016, end=2018)
    plan(ecowas, adopted=2010, title="Dakar plan of action", notes="Adopted at a forum in Dakar")
    return ActionPlan.objects.all()


def query(params):
    data = QueryDict(mutable=True)
    data.update(params)
    return data


def titles(params):
    filterset = ActionPlanFilterSet(query(params), queryset=ActionPlan.objects.all())
    assert filterset.is_valid(), filterset.errors
    return sorted(p.member.key for p in filterset.qs)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"member": "ES,ecowas"}, ["ES", "ecowas"]),
        ({"region": "002"}, ["KE", "ecowas"]),  # Africa and the regions below it
        ({"scope": "regional"}, ["ecowas"]),
        ({"status": "active"}, ["ES", "ecowas"]),
        ({"status": "expired"}, ["KE"]),
        ({"theme": "climate-change"}, ["ES"]),
        ({"adopted_from": "2016"}, ["ES", "KE"]),
        ({"adopted_from": "2011", "adopted_to": "2016"}, ["KE"]),
        ({"q": "dakar"}, ["ecowas"]),
    ],
)
def test_plans_filter_by_member_region_scope_status_theme_year_and_words(plans, params, expected):
    assert titles(params) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"member": "XX"}, "member"),
        ({"region": "999"}, "region"),
        ({"status": "sleeping"}, "status"),
        ({"theme": "nothing"}, "theme"),
        ({"adopted_from": "soon"}, "adopted_from"),
        ({"updated_since": "yesterday"}, "updated_since"),
    ],
)
def test_bad_filter_values_are_errors_naming_the_field(plans, params, field):
    filterset = ActionPlanFilterSet(query(params), queryset=ActionPlan.objects.all())
    assert not filterset.is_valid()
    assert list(filterset.errors) == [field]
