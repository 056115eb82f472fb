"""The meetings' fields that are written in more than one language, and the
history of the models that have them (registered after the translation
columns exist, so that the history keeps every language; network/translation.py)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from meetings.models import Commitment, Meeting, Session


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title",)


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("text",)


simple_history.register(Meeting, excluded_fields=["search_text"])
simple_history.register(Commitment, m2m_fields=["themes"], excluded_fields=["search_text"])
