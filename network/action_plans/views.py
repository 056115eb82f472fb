"""The action-plan page: world map, table, timeline, members without an active
plan, figures and the high-impact checklist by region (/action-plans/)."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.action_plans.map import world_map
from network.choices import (
    FeatureAnswer,
    HighImpactFeature,
    MemberKind,
    MemberPlanStatus,
    PlanStatus,
    RegionLevel,
)
from network.core.charts import Chart, Series, bar_chart
from network.core.search import normalise
from network.core.visibility import viewer_for
from network.filtersets import ActionPlanMapFilterSet
from network.models import PRIMARY_PLAN_SCOPES, ActionPlan, Member, PlanFeatureAssessment, Region
from network.templatetags.wps import member_name

# The map's categories, in the legend's order: (css class, label).
MAP_CATEGORIES = [
    ("gen1", _("Active plan: the first")),
    ("gen2", _("Active plan: the second")),
    ("gen3", _("Active plan: the third or later")),
    (MemberPlanStatus.IN_PREPARATION.value, _("Plan in preparation, none active")),
    (MemberPlanStatus.EXPIRED.value, _("Plans expired, none active")),
    (MemberPlanStatus.NONE.value, _("Member with no plan recorded (one may exist)")),
]
# The day the plans' sources were read: every figure on the page rests on
# them (network/data/action-plans-NOTES.md).
SOURCES_READ_ON = datetime.date(2026, 12, 3)
CATEGORY_LABELS = dict(MAP_CATEGORIES)
TIMELINE_START_YEAR = 2000  # UNSCR 1325


@dataclass
class MemberPlans:
    """Where one member stands with its plans, for the map, table and timeline."""

    member: Member
    plans: list = field(default_factory=list)
    category: str = MemberPlanStatus.NONE
    map_class: str = MemberPlanStatus.NONE
    generation: int = 0
    current: ActionPlan | None = None
    top_region: Region | None = None
    in_network: bool = True

    @property
    def label(self):
        return CATEGORY_LABELS[self.map_class]

    @property
    def adopted(self):
        """At least one plan is recorded that is not in preparation (dated or not)."""
        return any(not p.in_preparation for p in self.plans)

    @property
    def in_force_by_period(self):
        """A plan in force today within the period it states."""
        return any(p.status == PlanStatus.ACTIVE and p.period_end for p in self.plans)

    @property
    def open_ended_only(self):
        """In force only through plans that state no end date."""
        return self.category == MemberPlanStatus.ACTIVE and not self.in_force_by_period

    @property
    def summary(self):
        """One sentence for the map's tooltip and the screen reader."""
        text = _("%(member)s: %(status)s") % {
            "member": member_name(self.member),
            "status": self.label,
        }
        if not self.in_network:
            text += " — " + str(_("not a member of the network"))
        if self.current is not None and self.current.period_display:
            text += f" ({self.current.period_display})"
        return text


def _top_region(region):
    while region is not None and region.level != RegionLevel.REGION:
        region = region.parent
    return region


def _describe(member, plans):
    row = MemberPlans(
        member=member,
        plans=plans,
        top_region=_top_region(member.region),
        in_network=member.is_in_network,
    )
    row.generation = max(member.started_plan_count or 0, member.highest_plan_number or 0)
    primary = [p for p in plans if p.scope in PRIMARY_PLAN_SCOPES]
    if member.has_active_plan:
        row.category = MemberPlanStatus.ACTIVE
        row.map_class = f"gen{min(max(row.generation, 1), 3)}"
        active = [p for p in primary if p.status == PlanStatus.ACTIVE]
        row.current = max(active, key=_plan_order, default=None)
    elif member.has_plan_in_preparation:
        row.category = row.map_class = MemberPlanStatus.IN_PREPARATION
        row.current = max(
            (p for p in primary if p.status == PlanStatus.IN_PREPARATION),
            key=_plan_order,
            default=None,
        )
    elif member.has_plan:
        row.category = row.map_class = MemberPlanStatus.EXPIRED
        row.current = max(primary, key=_plan_order, default=None)
    return row


def _plan_order(plan):
    return (plan.starts_on or datetime.date.max, plan.sequence or 0)


def _region_choices():
    levels = [RegionLevel.REGION, RegionLevel.SUBREGION]
    return [("", _("Any")), *Region.objects.choices(levels=levels)]


def _form_errors(filterset):
    messages = []
    for name, errors in filterset.form.errors.items():
        label = filterset.form.fields[name].label if name in filterset.form.fields else name
        for error in errors:
            messages.append(f"{label}: {error}")
    return messages


def _region_name(row):
    return row.top_region.display_name if row.top_region else ""


def _figures_by_region(rows):
    groups = defaultdict(list)
    for row in rows:
        groups[_region_name(row)].append(row)
    figures = []
    for name in sorted(groups, key=lambda n: (n == "", normalise(n))):
        group = groups[name]
        figures.append(
            {
                "region": name or _("No region (international organisations)"),
                "members": len(group),
                "active": sum(r.category == MemberPlanStatus.ACTIVE for r in group),
                "second_or_later": sum(
                    r.category == MemberPlanStatus.ACTIVE and r.generation >= 2 for r in group
                ),
                "in_preparation": sum(r.category == MemberPlanStatus.IN_PREPARATION for r in group),
                # Two facts, not one: plans recorded but none in force, and no
                # plan recorded at all (which does not mean that none exists).
                "none_in_force": sum(
                    r.category in (MemberPlanStatus.IN_PREPARATION, MemberPlanStatus.EXPIRED)
                    for r in group
                ),
                "none_recorded": sum(r.category == MemberPlanStatus.NONE for r in group),
            }
        )
    return figures


def _features_by_region(rows, assessments):
    """For each high-impact feature and region: how the members' active plans
    answer, counting plans with no sourced answer as not assessed."""
    current = {r.current.pk: r for r in rows if r.category == MemberPlanStatus.ACTIVE}
    regions = sorted(
        {_region_name(r) for r in current.values()},
        key=lambda n: (n == "", normalise(n)),
    )
    counts = Counter()
    for plan_id, feature, answer in assessments:
        if plan_id in current and answer != FeatureAnswer.UNKNOWN:
            row = current[plan_id]
            counts[(feature, _region_name(row), answer)] += 1
    plans_in = Counter(_region_name(r) for r in current.values())
    table = []
    for feature, label in HighImpactFeature.choices:
        cells = []
        for region in regions:
            yes, partly, no = (counts[(feature, region, a)] for a in ("yes", "partly", "no"))
            cells.append(
                {
                    "yes": yes,
                    "partly": partly,
                    "no": no,
                    "assessed": yes + partly + no,
                    "not_assessed": plans_in[region] - yes - partly - no,
                }
            )
        table.append({"feature": label, "cells": cells})
    headers = [name or _("No region") for name in regions]
    return {"regions": headers, "rows": table, "plans": sum(plans_in.values())}


def _adopted_per_year_chart(rows):
    """Plans of the members shown, by the year they were adopted, every year
    from the first to the last (gaps shown as zero). No query of its own."""
    years = Counter(plan.adopted_on.year for row in rows for plan in row.plans if plan.adopted_on)
    span = range(min(years), max(years) + 1) if years else []
    return bar_chart(
        "plans-adopted-per-year",
        _("Plans adopted per year"),
        _("National and regional action plans of the members shown, by year of adoption."),
        _("Year"),
        [(str(year), years.get(year, 0)) for year in span],
        _("Plans adopted"),
        compact=True,
    )


def _plan_in_force_chart(figures):
    """Members shown with and without a plan in force, by region (the figures
    table's numbers)."""
    return Chart(
        key="plans-in-force-by-region",
        title=_("Members with a plan in force, by region"),
        # Three facts, as in the figures table: "no plan recorded" is not "no
        # plan in force" (a plan may exist that the sources do not state).
        description=_(
            "Members shown, by region: with a plan in force, with plans recorded but "
            "none in force, or with no plan recorded."
        ),
        category_header=_("Region"),
        categories=[str(row["region"]) for row in figures],
        series=[
            Series(_("With a plan in force"), "dark"),
            Series(_("Plans recorded, none in force"), "orange"),
            Series(_("No plan recorded"), "white"),
        ],
        values=[[row["active"], row["none_in_force"], row["none_recorded"]] for row in figures],
    )


def _timeline(rows, today):
    """Bars placed as percentages of a common axis, for members with plans."""
    # The axis runs a year past the last end or start it shows, so that a plan
    # in preparation (starting later) is drawn inside it, not cut at its edge.
    years = [
        day.year
        for row in rows
        for p in row.plans
        for day in (p.period_end, p.starts_on)
        if day is not None and day.year <= today.year + 10
    ]
    last_year = max([today.year + 1] + [year + 1 if year > today.year else year for year in years])
    axis_start = datetime.date(TIMELINE_START_YEAR, 1, 1).toordinal()
    axis_end = datetime.date(last_year, 12, 31).toordinal()
    span = axis_end - axis_start

    def percent(day):
        return round(100 * (min(max(day.toordinal(), axis_start), axis_end) - axis_start) / span, 2)

    lines = []
    for row in rows:
        bars = []
        # An open-ended plan runs until the plan that follows it takes effect.
        successor_start = {p.follows_id: p.starts_on for p in row.plans if p.follows_id}
        for plan in sorted(row.plans, key=_plan_order):
            start = plan.starts_on
            bar = {"plan": plan, "open_ended": plan.period_end is None}
            if start is not None:
                end = plan.period_end or successor_start.get(plan.pk) or max(today, start)
                width = max(percent(end) - percent(start), 0.8)
                # A bar never runs past the axis's right edge.
                bar["left"] = min(percent(start), round(100 - width, 2))
                bar["width"] = width
            bars.append(bar)
        if bars:
            lines.append({"row": row, "bars": bars})
    ticks = [
        {"year": year, "left": percent(datetime.date(year, 1, 1))}
        for year in range(TIMELINE_START_YEAR, last_year + 1, 5)
    ]
    return {"lines": lines, "ticks": ticks, "today": percent(today)}


def _map(rows):
    outlines = world_map()
    by_code = {r.member.country.code: r for r in rows if r.member.country}
    land, linked = [], []
    for code, country in outlines["countries"].items():
        row = by_code.get(code)
        if row is None:
            if country["d"]:
                land.append(country["d"])
            continue
        linked.append(
            {
                "code": code,
                "row": row,
                "d": country["d"],
                "marker": country["marker"],
                "url": row.member.get_absolute_url(),
            }
        )
    # Small States last, so their markers are drawn above their neighbours.
    linked.sort(key=lambda item: item["marker"] is not None)
    return {
        "width": outlines["width"],
        "height": outlines["height"],
        "land": land,
        "other_land": outlines["other_land"],
        "countries": linked,
    }


def action_plan_map(request):
    """The map of members' plans, with the same facts as tables, for everyone."""
    viewer = viewer_for(request)
    today = timezone.localdate()
    # The tracker covers every State and organisation with a plan, member of
    # the network or not, and every member, with a plan or not.
    in_network = Member.objects.in_network(today).filter(pk=OuterRef("pk"))
    members = (
        Member.objects.visible_to(viewer)
        .filter(active=True)
        .annotate(is_in_network=Exists(in_network))
        .filter(Q(is_in_network=True) | Exists(ActionPlan.objects.filter(member=OuterRef("pk"))))
        .with_plan_summary(today)
        .select_related("region__parent__parent")
        .order_by("name")
    )
    filterset = ActionPlanMapFilterSet(request.GET or None, queryset=members)
    filterset.form.fields["region"].widget = forms.Select(choices=_region_choices())
    errors = _form_errors(filterset) if filterset.is_bound and not filterset.is_valid() else []
    members = list(filterset.qs)

    plans_by_member = defaultdict(list)
    plans = (
        ActionPlan.objects.visible_to(viewer)
        .filter(member__in=[m.pk for m in members])
        .with_status(today)
        .prefetch_related("themes")
        .order_by("member_id", "scope", "sequence", "adopted_on")
    )
    for plan in plans:
        plans_by_member[plan.member_id].append(plan)
    rows = [_describe(m, plans_by_member[m.pk]) for m in members]

    current_ids = [r.current.pk for r in rows if r.category == MemberPlanStatus.ACTIVE]
    assessments = PlanFeatureAssessment.objects.visible_to(viewer).filter(plan__in=current_ids)
    assessments = list(assessments.values_list("plan_id", "feature", "answer"))

    figures = _figures_by_region(rows)
    states = [r for r in rows if r.member.kind == MemberKind.STATE]
    adopted = [r for r in states if r.adopted]
    context = {
        # Only what the records stand behind (issue 15): adopted, in force by
        # the period stated, in force with no end stated — never "without".
        "headline": {
            "adopted": len(adopted),
            "adopted_members": sum(r.in_network for r in adopted),
            "in_force_by_period": sum(r.in_force_by_period for r in states),
            "open_ended": sum(r.open_ended_only for r in states),
            "members_none_recorded": sum(
                r.in_network and r.category == MemberPlanStatus.NONE for r in states
            ),
            "outside_network": sum(not r.in_network for r in rows),
        },
        "sources_read_on": SOURCES_READ_ON,
        "filterset": filterset,
        "filter_errors": errors,
        "is_filtered": bool(
            filterset.is_bound and any(request.GET.get(f) for f in filterset.filters)
        ),
        "rows": rows,
        "states": states,
        "organisations": [r for r in rows if r.member.kind != MemberKind.STATE],
        "none_in_force": [
            r
            for r in rows
            if r.category in (MemberPlanStatus.IN_PREPARATION, MemberPlanStatus.EXPIRED)
        ],
        "none_recorded": [r for r in rows if r.category == MemberPlanStatus.NONE],
        "active_count": sum(r.category == MemberPlanStatus.ACTIVE for r in rows),
        "second_or_later_count": sum(
            r.category == MemberPlanStatus.ACTIVE and r.generation >= 2 for r in rows
        ),
        "plan_count": sum(len(r.plans) for r in rows),
        "figures": figures,
        "adopted_chart": _adopted_per_year_chart(rows),
        "in_force_chart": _plan_in_force_chart(figures),
        "features": _features_by_region(rows, assessments),
        "timeline": _timeline(rows, today),
        "map": _map(rows),
        "categories": MAP_CATEGORIES,
        "today": today,
    }
    return render(request, "network/action_plans.html", context, status=400 if errors else 200)
