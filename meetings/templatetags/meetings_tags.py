"""Template tags that put the meetings app's pieces on other apps' pages.

The home page and a member's page belong to the site; they show the next
meeting, the troika, a member's meetings and commitments with:

    {% load meetings_tags %}
    {% home_meetings %}                 (uses ``viewer`` from the context)
    {% member_meetings member %}
    {% member_commitments member %}

Each tag runs the selector (meetings.selectors) and renders the partial
template of the same name; a page that already has the data may include the
partial itself with the variables the partial names.
"""

from django import template

from network.core.visibility import may_update_commitment, viewer_for

from .. import selectors

register = template.Library()


def _viewer(context):
    viewer = context.get("viewer")
    if viewer is None:
        viewer = viewer_for(context.get("request"))
    return viewer_for(viewer)


@register.inclusion_tag("meetings/_home_meetings.html", takes_context=True)
def home_meetings(context):
    """The next meeting and the network's troika (four queries)."""
    viewer = _viewer(context)
    return {
        "next_meeting": selectors.next_meeting(viewer),
        "troika": selectors.troika(),
        "viewer": viewer,
    }


@register.inclusion_tag("meetings/_member_meetings.html", takes_context=True)
def member_meetings(context, member):
    """The meetings ``member`` took part in, hosted or chaired."""
    viewer = _viewer(context)
    return {
        "member": member,
        "delegations": list(selectors.delegations_of(member, viewer)),
        "viewer": viewer,
    }


@register.inclusion_tag("meetings/_member_commitments.html", takes_context=True)
def member_commitments(context, member):
    """``member``'s commitments with their status and latest update."""
    viewer = _viewer(context)
    commitments = list(selectors.commitments_of(member, viewer))
    return {
        "member": member,
        "commitments": commitments,
        "may_update": bool(commitments) and may_update_commitment(viewer, commitments[0]),
        "viewer": viewer,
    }
