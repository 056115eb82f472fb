"""Visa support letters: a registration's letter from a LetterTemplate that
staff edit in the back office.

Staff-edited text is never a Django template: it may hold only the
placeholders below, written ``{name}``, and they are filled from a fixed
dictionary (values HTML-escaped). A ``{% … %}`` tag, a ``{{ … }}`` variable or
an unknown placeholder is refused when the template is saved, so the text can
neither run template tags nor reach attributes of the objects behind it.
Kept here rather than in a templating library: ``str.format``-style engines
reach attributes (``{x.__class__}``) and a sandboxed Jinja would be a new
dependency for a dozen names.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from network.models import today

# The placeholders a letter may use, and what each one is filled with.
PLACEHOLDERS = {
    "participant_name": _("the participant's name with honorific, e.g. “Ms. Mary Kaburu”"),
    "given_name": _("the participant's given name"),
    "family_name": _("the participant's family name"),
    "delegation": _("the member whose delegation the participant belongs to"),
    "meeting_title": _("the meeting's title"),
    "meeting_dates": _("the meeting's dates, e.g. “26–27 April 2027”"),
    "meeting_place": _("the meeting's city and country"),
    "meeting_venue": _("the meeting's venue"),
    "meeting_hosts": _("the meeting's hosts"),
    "arrival_date": _("the participant's arrival date, if given"),
    "departure_date": _("the participant's departure date, if given"),
    "letter_date": _("the date the letter is printed"),
    "signatory_name": _("the signatory's name"),
    "signatory_title": _("the signatory's title"),
}

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_TEMPLATE_SYNTAX = re.compile(r"\{[%{#]|[%}#]\}")


def placeholder_help():
    """The placeholders as a line for the admin's help text."""
    return ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)


def validate_letter_text(text):
    """Refuse template syntax and any placeholder that is not in PLACEHOLDERS."""
    if not text:
        return
    if _TEMPLATE_SYNTAX.search(text):
        raise ValidationError(
            _(
                "Template tags and variables such as {%% … %%} or {{ … }} are not allowed. "
                "Use only these placeholders: %(names)s."
            ),
            params={"names": placeholder_help()},
            code="template_syntax",
        )
    unknown = sorted({name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(unknown)s. Use only these placeholders: %(names)s."),
            params={
                "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                "names": placeholder_help(),
            },
            code="unknown_placeholder",
        )
    leftover = _PLACEHOLDER.sub("", text)
    if "{" in leftover or "}" in leftover:
        raise ValidationError(
            _(
                "Braces are kept for placeholders such as {participant_name}; "
                "this text has a brace that is not part of one. "
                "Use only these placeholders: %(names)s."
            ),
            params={"names": placeholder_help()},
            code="stray_brace",
        )


def _date(value):
    return date_format(value, gettext("j F Y")) if value else ""


def letter_values(registration, template):
    """The fixed dictionary a letter's placeholders are filled from, in the
    template's language (dates are written in it)."""
    person, meeting = registration.person, registration.meeting
    with translation.override(template.language):
        return {
            "participant_name": person.full_name,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "delegation": str(registration.member) if registration.member_id else "",
            "meeting_title": meeting.title,
            "meeting_dates": meeting.dates_display,
            "meeting_place": meeting.place,
            "meeting_venue": meeting.venue,
            "meeting_hosts": ", ".join(str(host) for host in meeting.hosts.all()),
            "arrival_date": _date(registration.arrival_on),
            "departure_date": _date(registration.departure_on),
            "letter_date": _date(today()),
            "signatory_name": template.signatory_name,
            "signatory_title": template.signatory_title,
        }


def fill(text, values):
    """HTML of ``text`` with its placeholders filled: the text and the values
    are escaped, and nothing but the known names is substituted."""
    # Checked again here: a row written around the admin (SQL, a fixture)
    # still renders nothing but the fixed values.
    validate_letter_text(text)
    return _PLACEHOLDER.sub(lambda match: escape(values[match.group(1)]), escape(text))


def render_letter(registration, template):
    """The subject and the paragraphs (HTML, lines kept) of one letter."""
    values = letter_values(registration, template)
    paragraphs = [
        fill(block.strip(), values).replace("\n", "<br>")
        for block in re.split(r"\n\s*\n", template.body.replace("\r\n", "\n"))
        if block.strip()
    ]
    return {"subject": fill(template.subject, values), "paragraphs": paragraphs, "values": values}
