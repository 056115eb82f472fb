"""Template filters of the site: names and content in the reader's language."""

import datetime

from django import template
from django.db.models import Model
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from network.core.caching import kept_key, kept_while_tables_stand, read_ahead, stamp
from network.core.translations import content_language, text_in
from network.core.visibility import PUBLIC, viewer_for

register = template.Library()

# The marker after a text shown in its original language, in the reader's.
IN_LANGUAGE = {"en": _("in English"), "es": _("in Spanish"), "fr": _("in French")}


class TranslatedText:
    """A field's text for the reader: ``text``, the ``language`` it is in, and
    whether that is a fallback to another language than the reader's. Rendered
    as HTML, a fallback carries its ``lang`` and a visible marker."""

    def __init__(self, text, language, reader_language):
        self.text = text
        self.language = language
        self.is_fallback = bool(text) and language != reader_language

    @property
    def marker(self):
        return IN_LANGUAGE.get(self.language, self.language) if self.is_fallback else ""

    def __str__(self):
        return self.text

    @property
    def html(self):
        """The text as HTML, marked safe: what to pass to an include (a
        template variable renders an object by str(), without its markup)."""
        return self.__html__()

    def __html__(self):
        if not self.is_fallback:
            return format_html("{}", self.text)
        return format_html(
            '<span lang="{}">{}</span> <small class="untranslated">({})</small>',
            self.language,
            self.text,
            self.marker,
        )


@register.simple_tag
def translated(obj, field):
    """``{% translated meeting "title" %}``: the field in the reader's language,
    or the original marked "(in English)"; ``… as title`` gives the
    TranslatedText (``title.text``, ``title.language``, ``title.is_fallback``)."""
    reader = content_language()
    if obj is None:
        return TranslatedText("", reader, reader)
    text, language = text_in(obj, field, reader)
    return TranslatedText(text, language, reader)


@register.filter
def lang_of(obj, field):
    """The language ``obj``'s ``field`` is shown in, for a ``lang`` attribute."""
    return "" if obj is None else text_in(obj, field)[1]


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


@register.tag("kept_until_written")
def kept_until_written(parser, token):
    """``{% kept_until_written "name" obj … %}…{% endkept_until_written %}``:
    the block's rendering for the public, kept until a row of a table its
    queries read is written (network.core.caching.kept_while_tables_stand);
    the objects named after the name (stamped by their updated_at) and the
    language are its key. Any other viewer gets it rendered afresh. The first
    kept block of a template reads every one of its kept blocks from the
    cache, in one round trip (``read_ahead``)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("kept_until_written needs a name.")
    nodelist = parser.parse(("endkept_until_written",))
    parser.delete_first_token()
    return KeptUntilWrittenNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


class KeptUntilWrittenNode(template.Node):
    """The node of ``{% kept_until_written %}``."""

    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def key(self, context):
        """The name and parts this block is kept under, in ``context``."""
        name, *values = (part.resolve(context) for part in self.parts)
        return str(name), tuple(stamp(v) if isinstance(v, Model) else repr(v) for v in values)

    def render(self, context):
        request = context.get("request")
        if request is None or viewer_for(request) != PUBLIC:
            return self.nodelist.render(context)
        name, parts = self.key(context)
        if context.render_context.get(self) is None:
            # The template's kept blocks, read ahead with this one (a block
            # inside a loop may name what only the loop defines: it is then
            # read when it renders).
            siblings = context.template.nodelist.get_nodes_by_type(KeptUntilWrittenNode)
            for node in [self, *siblings]:
                context.render_context[node] = True
            read_ahead([kept_key(*node.key(context)) for node in siblings])
        return kept_while_tables_stand(name, parts, lambda: self.nodelist.render(context))
