"""Fixtures and helpers for the action-plan tests (imported by their modules)."""

import datetime

import pytest

from network.choices import DatePrecision, MemberKind, PlanScope
from network.models import ActionPlan, Member, Region
from tests.factories import in_network


def plan(member, number=None, *, adopted=None, start=None, end=None, scope=None, **fields):
    """A saved plan; ``adopted``, ``start`` and ``end`` are years or dates."""

    def as_date(value, last=False):
        if value is None or isinstance(value, datetime.date):
            return value, DatePrecision.DAY
        return datetime.date(value, 12, 31) if last else datetime.date(value, 1, 1), (
            DatePrecision.YEAR
        )

    adopted_on, adopted_precision = as_date(adopted)
    period_start, start_precision = as_date(start)
    period_end, end_precision = as_date(end, last=True)
    if scope is None:
        scope = PlanScope.NATIONAL if member.kind == MemberKind.STATE else PlanScope.REGIONAL
    return ActionPlan.objects.create(
        member=member,
        scope=scope,
        sequence=number,
        adopted_on=adopted_on,
        adopted_precision=adopted_precision,
        period_start=period_start,
        period_start_precision=start_precision,
        period_end=period_end,
        period_end_precision=end_precision,
        **fields,
    )


# Named ``*_fixture`` so that modules can import them without shadowing the
# argument names tests use.
@pytest.fixture(name="malta")
def malta_fixture(db):
    return in_network(
        Member.objects.create(
            kind=MemberKind.STATE, name="Malta", country="MT", region=Region.objects.get(code="039")
        )
    )


@pytest.fixture(name="nigeria")
def nigeria_fixture(db):
    return in_network(
        Member.objects.create(
            kind=MemberKind.STATE,
            name="Nigeria",
            country="NG",
            region=Region.objects.get(code="011"),
        )
    )
