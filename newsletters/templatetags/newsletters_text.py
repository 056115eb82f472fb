"""Filters for the plain-text part of the newsletter's emails."""

from django import template

from ..markup import markdown_to_text

register = template.Library()


@register.filter
def markdown_text(value):
    """Markdown as readable plain text (sanitised, tags dropped)."""
    return markdown_to_text(value)


@register.filter
def underline(value):
    return "=" * len(str(value))
