"""Action plans: the derived status, the chain of plans, the rules the
database keeps, and the queries over members ("no active plan")."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from network.choices import FeatureAnswer, HighImpactFeature, PlanScope, PlanStatus
from network.models import ActionPlan, Member, PlanFeatureAssessment

from .action_plan_fixtures import malta_fixture, nigeria_fixture, plan  # noqa: F401

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2016, 12, 31), PlanStatus.IN_PREPARATION),  # the day before the period starts
        (D(2017, 1, 1), PlanStatus.ACTIVE),  # its first day
        (D(2023, 12, 31), PlanStatus.ACTIVE),  # "2023" ends on its last day
        (D(2024, 1, 1), PlanStatus.EXPIRED),  # the day after
    ],
)
def test_status_changes_on_the_first_and_after_the_last_day_of_the_period(spain, day, expected):
    second = plan(spain, 2, adopted=2017, start=2017, end=2023)

    annotated = ActionPlan.objects.with_status(on=day).get(pk=second.pk)

    assert annotated.status == expected
    assert second.status_on(day) == expected


def test_status_follows_exact_dates_when_the_source_gives_days(spain):
    exact = plan(spain, 1, start=D(2020, 3, 8), end=D(2022, 3, 7))
    statuses = [
        ActionPlan.objects.with_status(on=day).get(pk=exact.pk).status
        for day in (D(2020, 3, 7), D(2020, 3, 8), D(2022, 3, 7), D(2022, 3, 8))
    ]
    assert statuses == [
        PlanStatus.IN_PREPARATION,
        PlanStatus.ACTIVE,
        PlanStatus.ACTIVE,
        PlanStatus.EXPIRED,
    ]


def test_plan_without_dates_is_in_preparation_and_an_adopted_one_without_end_is_active(spain):
    upcoming = plan(spain, 1)
    assert ActionPlan.objects.with_status(on=D(2030, 1, 1)).get(pk=upcoming.pk).status == (
        PlanStatus.IN_PREPARATION
    )
    upcoming.adopted_on = D(2007, 1, 1)
    upcoming.save()
    assert ActionPlan.objects.with_status(on=D(2030, 1, 1)).get(pk=upcoming.pk).status == (
        PlanStatus.ACTIVE
    )


def test_open_ended_plan_expires_once_the_plan_that_follows_it_takes_effect(spain):
    first = plan(spain, 1, adopted=2007)
    second = plan(spain, 2, start=2017, end=2023, follows=first)

    def status_of(day):
        return ActionPlan.objects.with_status(on=day).get(pk=first.pk).status

    assert status_of(D(2016, 12, 31)) == PlanStatus.ACTIVE
    assert status_of(D(2017, 1, 1)) == PlanStatus.EXPIRED
    assert first.status_on(D(2017, 1, 1)) == PlanStatus.EXPIRED
    assert second.status_on(D(2017, 1, 1)) == PlanStatus.ACTIVE


def test_status_annotation_and_python_rule_agree_on_every_plan(spain, kenya, ecowas):
    plans = [
        plan(spain, 1, adopted=2007),
        plan(spain, 2, start=2017, end=2023),
        plan(kenya, 1, adopted=D(2016, 3, 8), start=2016, end=2018),
        plan(kenya, 2),
        plan(ecowas, None, adopted=D(2010, 9, 17), title="Dakar plan of action"),
    ]
    ActionPlan.objects.filter(pk=plans[1].pk).update(follows=plans[0])
    for day in (D(2010, 1, 1), D(2017, 6, 1), D(2025, 1, 1)):
        annotated = {p.pk: p.status for p in ActionPlan.objects.with_status(on=day)}
        assert annotated == {p.pk: ActionPlan.objects.get(pk=p.pk).status_on(day) for p in plans}


def test_a_plan_follows_the_plan_numbered_one_less_of_the_same_member_and_scope(spain, kenya):
    first = plan(spain, 1, start=2007)
    third = plan(spain, 3, start=2024)
    kenyan = plan(kenya, 1, start=2016)
    second = ActionPlan(
        member=spain, scope=PlanScope.NATIONAL, sequence=2, period_start=D(2017, 1, 1)
    )

    for wrong, message in [
        (third, "Plan 2 follows plan 1, not 3."),
        (kenyan, "A plan follows a plan of the same member and scope."),
    ]:
        second.follows = wrong
        with pytest.raises(ValidationError) as error:
            second.full_clean()
        assert error.value.message_dict["follows"] == [message]

    second.follows = first
    second.full_clean()  # the right predecessor is accepted


def test_a_plan_cannot_follow_one_that_takes_effect_later_or_itself(spain):
    later = plan(spain, 1, start=2020)
    earlier = ActionPlan(member=spain, sequence=2, period_start=D(2015, 1, 1), follows=later)
    with pytest.raises(ValidationError) as error:
        earlier.full_clean()
    assert "takes effect later" in error.value.message_dict["follows"][0]

    later.follows = later
    with pytest.raises(ValidationError) as error:
        later.full_clean()
    assert "follows" in error.value.message_dict


def test_chain_without_numbers_refuses_a_loop(ecowas):
    a = plan(ecowas, title="Plan A")  # undated, so only the loop rule can object
    b = plan(ecowas, title="Plan B", follows=a)
    a.follows = b
    with pytest.raises(ValidationError) as error:
        a.full_clean()
    assert error.value.message_dict["follows"] == ["These plans would follow each other in a loop."]


def test_period_that_ends_before_it_starts_is_refused_by_clean_and_by_the_database(spain):
    bad = ActionPlan(member=spain, sequence=1, period_start=D(2020, 1, 1), period_end=D(2019, 1, 1))
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "period_end" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        bad.save()
    assert not ActionPlan.objects.exists()


def test_database_refuses_two_plans_with_the_same_number_for_one_member(spain, kenya):
    plan(spain, 1)
    plan(kenya, 1)  # another member may have its own first plan
    plan(spain, 1, scope=PlanScope.LOCAL, title="Local plan")  # and another scope
    with pytest.raises(IntegrityError), transaction.atomic():
        plan(spain, 1)


def test_year_precision_is_stored_as_the_whole_year(spain):
    stored = plan(spain, 1)
    stored.period_start, stored.period_start_precision = D(2017, 6, 15), "year"
    stored.period_end, stored.period_end_precision = D(2023, 2, 1), "year"
    stored.save()
    stored.refresh_from_db()
    assert (stored.period_start, stored.period_end) == (D(2017, 1, 1), D(2023, 12, 31))
    assert stored.period_display == "2017–2023"


def test_scope_must_suit_the_member(spain, ecowas):
    with pytest.raises(ValidationError) as error:
        ActionPlan(member=ecowas, scope=PlanScope.NATIONAL, title="x").full_clean()
    assert "scope" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        ActionPlan(member=spain, scope=PlanScope.REGIONAL, title="x").full_clean()
    assert "scope" in error.value.message_dict


def test_untitled_plans_get_a_title_from_their_scope_and_number(spain):
    assert plan(spain, 3).title == "Third National Action Plan on Women, Peace and Security"
    assert plan(spain).title.startswith("National Strategy on Women, Peace and Security")


def test_checklist_answer_needs_its_source(spain):
    subject = plan(spain, 1)
    answer = PlanFeatureAssessment(
        plan=subject, feature=HighImpactFeature.FUNDING, answer=FeatureAnswer.YES
    )
    with pytest.raises(ValidationError) as error:
        answer.full_clean()
    assert "source_url" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        answer.save()
    # "Not known" needs no source.
    PlanFeatureAssessment.objects.create(plan=subject, feature=HighImpactFeature.FUNDING)


def test_plan_changes_are_kept_in_history(spain):
    subject = plan(spain, 1, start=2017)
    subject.period_end = D(2023, 12, 31)
    subject.save()
    assert [h.period_end for h in subject.history.order_by("history_date")] == [
        None,
        D(2023, 12, 31),
    ]


def test_members_without_an_active_plan_is_a_query_over_members(spain, kenya, ecowas, malta):
    plan(spain, 1, start=2007, end=2016)
    plan(spain, 2, start=2017, end=2023)
    plan(kenya, 1, start=2016, end=2018)
    plan(kenya, 2)  # in preparation
    plan(ecowas, adopted=2010, title="Dakar")
    plan(malta, None, scope=PlanScope.LOCAL, title="Valletta local plan", start=2019)
    day = D(2020, 1, 1)

    without = set(Member.objects.without_active_plan(on=day).values_list("slug", flat=True))
    with_active = set(Member.objects.with_active_plan(on=day).values_list("slug", flat=True))

    # A local plan does not count as the member's plan.
    assert without == {kenya.slug, malta.slug}
    assert with_active == {spain.slug, ecowas.slug}
    # In 2030 Spain's plan has ended too; ECOWAS's has no end and no successor.
    later = set(Member.objects.without_active_plan(on=D(2030, 1, 1)).values_list("slug", flat=True))
    assert later == {spain.slug, kenya.slug, malta.slug}


def test_plan_summary_counts_generations_that_have_taken_effect(spain, kenya, nigeria):
    plan(spain, 1, start=2007, end=2016)
    plan(spain, 2, start=2017, end=2023)
    plan(spain, 3)  # not adopted yet: not a generation
    plan(kenya, 2, start=2020, end=2024)  # the first plan is not recorded
    summary = {
        m.slug: (
            m.has_active_plan,
            m.has_plan_in_preparation,
            m.started_plan_count,
            m.highest_plan_number,
        )
        for m in Member.objects.with_plan_summary(on=D(2021, 1, 1))
    }
    assert summary == {
        spain.slug: (True, True, 2, 2),
        kenya.slug: (True, False, 1, 2),
        nigeria.slug: (False, False, 0, 0),
    }
