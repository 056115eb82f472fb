"""Template tags for pages outside the app that show newsletter content."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from network.core.translations import content_language, text_in
from network.templatetags.wps import IN_LANGUAGE

from .. import selectors
from ..markup import render_markdown

register = template.Library()


@register.simple_tag
def latest_newsletter_issue(viewer):
    """{% latest_newsletter_issue viewer as issue %}"""
    return selectors.latest_issue(viewer)


@register.simple_tag
def member_newsletter_entries(member, viewer):
    """{% member_newsletter_entries member viewer as entries %}"""
    return selectors.entries_for_member(member, viewer)


@register.simple_tag
def translated_summary(entry):
    """An entry's summary as HTML in the reader's language, else the original
    with its ``lang`` and the marker "(in English)" (network.templatetags.wps)."""
    reader = content_language()
    text, language = text_in(entry, "summary", reader)
    if not text:
        return ""
    # The stored HTML is the original's; a translation is rendered here.
    html = entry.summary_html if language == entry.language else render_markdown(text)
    if language == reader:
        return mark_safe(html)
    return format_html(
        '<div lang="{}">{}</div><p class="untranslated">({})</p>',
        language,
        mark_safe(html),
        IN_LANGUAGE.get(language, language),
    )
