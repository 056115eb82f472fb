"""Limits on what users may write: the length of every free-text field, and
single-line names (issue 12, docs/security.md).

A text column without a cap took a 4 MB biography and copied it into history
on every save. Each editable TextField gets ``validators=[text_cap(...)]`` with
one of the sizes below (a validator, not max_length: no database change, and
forms, the admin and the API's serializers all run model validators).
``tests/security/test_text_caps.py`` fails when a field is left without one.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# A note or a short description: a paragraph or a few.
SHORT_TEXT = 2_000
# A biography, a summary, an agenda's description, a commitment.
LONG_TEXT = 10_000
# A newsletter issue's introduction, a meeting's summary record.
DOCUMENT_TEXT = 50_000


def text_cap(limit):
    """The validator of a free-text field of at most ``limit`` characters."""
    return MaxLengthValidator(limit)


@deconstructible
class SingleLineValidator:
    """Names are one line: a CR or LF (or another control character) in a
    name would forge lines in an email header, a vCard or a log."""

    message = _("Write this on one line, without line breaks.")
    code = "line_break"

    def __call__(self, value):
        if any(ch in value for ch in "\r\n\x0b\x0c\x85\u2028\u2029") or any(
            ord(ch) < 32 for ch in value
        ):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, SingleLineValidator)


single_line = SingleLineValidator()
