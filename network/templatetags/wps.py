"""Template filters of the site: names in the reader's language."""

import datetime

from django import template
from django.utils import timezone
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


@register.filter
def machine_datetime(value):
    """A date or date-time for ``<time datetime>``: ISO 8601 to the second.

    Django's ``date:'c'`` keeps microseconds, which HTML's valid date-time
    string refuses (a fraction of a second has one to three digits)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
