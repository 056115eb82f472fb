"""The network's fields that are written in more than one language (theme
names), and the history of the models that have them: simple-history copies a
model's fields when it registers, so it registers after modeltranslation has
added the columns (django-simple-history's documented way with
django-modeltranslation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from network.models import Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)


# The names' translations stay out of the history: modeltranslation's columns
# repeat the original's ``unique``, which a history table cannot have (many
# rows of one theme). The English name, the original, is kept as before.
simple_history.register(Theme, excluded_fields=["name_en", "name_es", "name_fr"])
