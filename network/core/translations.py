"""Content written in more than one language: which translations a row has, and
the text to show a reader, with the language that text is really in.

django-modeltranslation stores one column per language (``title_en``,
``title_es``, ``title_fr``) for the fields each app's ``translation.py``
names, and reading ``meeting.title`` gives the reader's language or silently
falls back. Pages and the API must not claim a translation that does not
exist, so they ask here instead: ``text_in`` says which language the text it
returns is written in, and ``languages_of`` lists the translations a row has.
Every surface (templates through ``{% translated %}``, serializers, feeds,
emails) calls these; none reads the columns itself.
"""

from django.conf import settings
from django.db.models import TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from modeltranslation.translator import NotRegistered, translator

# The languages content may be written in, in the order fallbacks try them.
CONTENT_LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)
# The language of the original text unless a row says otherwise (an Entry has
# its own ``language``: the one its title and summary were written in).
ORIGINAL_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def content_language(language=None):
    """``language`` (or the active one) as one of CONTENT_LANGUAGES: "es-ar"
    reads Spanish; anything unknown reads the original language."""
    code = (language or get_language() or ORIGINAL_LANGUAGE).lower()
    if code not in CONTENT_LANGUAGES:
        code = code.split("-")[0]
    return code if code in CONTENT_LANGUAGES else ORIGINAL_LANGUAGE


def translated_fields(model):
    """The names of ``model``'s fields that have a column per language ("title",
    "summary"), in their declared order; () for a model with none."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return ()
    return tuple(options.get_field_names())


def original_language(obj):
    """The language ``obj``'s content was first written in."""
    language = getattr(obj, "original_language", None)
    return language if language in CONTENT_LANGUAGES else ORIGINAL_LANGUAGE


def stored_text(obj, field, language):
    """The text stored for ``field`` in ``language`` itself (no fallback), or ""."""
    value = getattr(obj, f"{field}_{language}", None)
    return value if value and str(value).strip() else ""


def text_in(obj, field, language=None):
    """``(text, language_of_text)``: ``field`` in ``language`` (default: the
    reader's) when it has been written in it, else the original, else any
    language that has it. The second item is always the language the text is
    in, so a caller can mark a fallback."""
    wanted = content_language(language)
    for candidate in (wanted, original_language(obj), *CONTENT_LANGUAGES):
        value = stored_text(obj, field, candidate)
        if value:
            return value, candidate
    return "", wanted


def languages_of(obj):
    """``{field: [languages that have a text]}`` for every translated field of
    ``obj``, the languages in CONTENT_LANGUAGES order."""
    return {
        field: [code for code in CONTENT_LANGUAGES if stored_text(obj, field, code)]
        for field in translated_fields(type(obj))
    }


def missing_languages(obj):
    """The content languages in which at least one non-empty field of ``obj``
    has no translation yet (for the admin's "missing translation")."""
    missing = set()
    for present in languages_of(obj).values():
        if present:
            missing.update(code for code in CONTENT_LANGUAGES if code not in present)
    return [code for code in CONTENT_LANGUAGES if code in missing]


def every_text(obj, field):
    """``field``'s text in every language it has, for search text that finds a
    row whatever language the reader searches in."""
    return [stored_text(obj, field, code) for code in CONTENT_LANGUAGES]


def in_reader_language(field, language=None):
    """``field`` (a translated field, or a lookup ending in one: "meeting__title")
    as an expression of the text the reader reads: their language's, else the
    original, else any language's — the order ``text_in`` tries."""
    wanted = content_language(language)
    columns = dict.fromkeys((wanted, ORIGINAL_LANGUAGE, *CONTENT_LANGUAGES))
    texts = (NullIf(f"{field}_{code}", Value(""), output_field=TextField()) for code in columns)
    return Coalesce(*texts, output_field=TextField())


def in_reader_order(field, language=None):
    """An ordering by ``field`` as the reader reads it: their language's text,
    else the original. (``order_by("name")`` on a translated model sorts by the
    reader's column alone, where untranslated rows are all NULL.)"""
    return in_reader_language(field, language).asc()
