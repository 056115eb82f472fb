"""Template filters of the site: names in the reader's language."""

from django import template
from django.utils.translation import get_language_info

register = template.Library()


@register.filter
def member_name(member):
    """A member's name in the reader's language (Member.localised_name)."""
    return "" if member is None else member.localised_name


@register.filter
def language_names(languages):
    """Working languages, named in the reader's language, comma-separated."""
    names = []
    for language in languages:
        try:
            names.append(str(get_language_info(language.code)["name_translated"]))
        except KeyError:
            names.append(language.name)
    return ", ".join(sorted(names))
