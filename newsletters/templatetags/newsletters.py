"""Template tags for pages outside the app that show newsletter content."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def latest_newsletter_issue(viewer):
    """{% latest_newsletter_issue viewer as issue %}"""
    return selectors.latest_issue(viewer)


@register.simple_tag
def member_newsletter_entries(member, viewer):
    """{% member_newsletter_entries member viewer as entries %}"""
    return selectors.entries_for_member(member, viewer)
