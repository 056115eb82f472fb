"""The newsletters' fields that are written in more than one language, and the
history of the models that have them (registered after the translation
columns exist, so that the history keeps every language; network/translation.py)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from newsletters.models import Entry, Newsletter


@register(Newsletter)
class NewsletterTranslation(TranslationOptions):
    fields = ("name",)


@register(Entry)
class EntryTranslation(TranslationOptions):
    fields = ("title", "summary")


simple_history.register(Entry, excluded_fields=["search_text", "summary_html"])
