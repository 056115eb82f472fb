"""Markdown rendered to HTML that is safe in a page and in an email.

Staff write summaries and intros in Markdown; Markdown passes raw HTML
through, so its output is sanitised with nh3 (an allow-list: no script, no
style, no event handler attribute, no javascript: or data: URL) before it is
stored or shown.
"""

import re
from html import unescape

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h3",
    "h4",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text):
    """Markdown → sanitised HTML (a SafeString)."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned)


_BLANK_LINES = re.compile(r"\n{3,}")


def markdown_to_text(text):
    """A plain-text rendering for the text/plain part of an email: the
    sanitised HTML with its tags dropped, links kept as "text (url)"."""
    html = str(render_markdown(text))
    html = re.sub(
        r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>',
        lambda m: m.group(2) if m.group(2) == m.group(1) else f"{m.group(2)} ({m.group(1)})",
        html,
        flags=re.S,
    )
    html = re.sub(r"<li>", "- ", html)
    html = re.sub(r"</li>\s*", "\n", html)
    html = re.sub(r"</(p|h3|h4|blockquote|pre)>", "\n", html)
    html = re.sub(r"<br ?/?>", "\n", html)
    plain = strip_tags(html)
    return _BLANK_LINES.sub("\n\n", unescape(plain)).strip()
