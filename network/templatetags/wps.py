"""Template tags of the site: optional sections of other apps, localised names."""

from django import template
from django.template.loader import get_template
from django.template.loader_tags import construct_relative_path
from django.utils.translation import get_language_info

register = template.Library()


class IncludeIfExistsNode(template.Node):
    def __init__(self, template_name):
        self.template_name = template_name

    def render(self, context):
        name = self.template_name.resolve(context)
        try:
            partial = get_template(name)
        except template.TemplateDoesNotExist:
            return ""
        with context.push():
            return partial.template.render(context)


@register.tag
def include_if_exists(parser, token):
    """``{% include_if_exists "meetings/_member_meetings.html" %}``: include a
    template with the current context if it exists, render nothing if not.

    The site's pages leave places for sections that other apps provide; a page
    works before (or without) the app that fills a place.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one template name.")
    name = construct_relative_path(parser.origin.template_name, bits[1])
    return IncludeIfExistsNode(parser.compile_filter(name))


@register.filter
def member_name(member):
    """A member's name in the reader's language: a State by its localised
    country name (django-countries), an organisation by its own name."""
    if member is None:
        return ""
    if getattr(member, "country", None):
        return member.country.name
    return member.name


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
