"""One rule for spreadsheet cells that would run as a formula (OWASP "CSV
Injection"): the API's CSV, the meeting exports and the admin's spreadsheets
all call ``escape_formula`` (and the admin's import ``unescape_formula``)."""

import unicodedata

# What a spreadsheet runs as a formula once it skips what it sees as blank.
FORMULA_CHARACTERS = frozenset("=+-@")
# Invisible characters some spreadsheets skip before the formula character:
# zero-width spaces and joiners, the word joiner, the byte-order mark.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def is_formula(text):
    """Whether a spreadsheet could run ``text`` as a formula: it starts with
    a tab or CR, or with = + - @ (or their full-width forms, ＝ …) after any
    spaces, line feeds, no-break or zero-width spaces and BOMs."""
    if not text:
        return False
    if text[0] in "\t\r":
        return True
    for ch in text:
        if ch.isspace() or ch in _INVISIBLE:
            continue
        return unicodedata.normalize("NFKC", ch) in FORMULA_CHARACTERS
    return False


def escape_formula(value):
    """Make a text cell inert in a spreadsheet by prefixing an apostrophe."""
    if isinstance(value, str) and is_formula(value):
        return "'" + value
    return value


def unescape_formula(value):
    """Undo ``escape_formula`` on a cell read back from a file."""
    if isinstance(value, str) and value.startswith("'") and is_formula(value[1:]):
        return value[1:]
    return value
