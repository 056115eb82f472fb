"""Template tags for action plans: a member's plan history in one query set."""

from django import template
from django.db.models import Prefetch

from network.core.visibility import viewer_for
from network.models import ActionPlan, ActionPlanReport, PlanFeatureAssessment

register = template.Library()


@register.simple_tag(takes_context=True)
def member_action_plans(context, member):
    """The member's plans, newest first, with their status, themes, checklist
    and reports: four queries whatever the number of plans."""
    request = context.get("request")
    viewer = viewer_for(request) if request is not None else None
    return list(
        ActionPlan.objects.visible_to(viewer)
        .filter(member=member)
        .with_status()
        .select_related("lead_organisation")
        .prefetch_related(
            "themes",
            Prefetch(
                "feature_assessments",
                queryset=PlanFeatureAssessment.objects.visible_to(viewer).order_by("feature"),
            ),
            Prefetch(
                "reports",
                queryset=ActionPlanReport.objects.visible_to(viewer).order_by("-published_on"),
            ),
        )
        .order_by("scope", "-period_start", "-adopted_on", "-sequence")
    )
