"""Issue 12, finding 9: a formula hidden behind blanks or in full-width form
is neutralised too, by the one rule every export uses."""

import pytest

from focalpoints import resources
from network.api.renderers import safe_cell
from network.core.spreadsheets import escape_formula, unescape_formula

HIDDEN_FORMULAS = [
    "=1+1",
    ' =HYPERLINK("http://x")',
    "\n=1+1",
    "\u00a0=1+1",
    "\u200b@SUM(A1)",
    "\ufeff+1",
    "\uff1d1+1",
    "  \uff0bcmd",
    "\t1",
    "\r1",
    "-2+3",
]


@pytest.mark.parametrize("text", HIDDEN_FORMULAS)
def test_hidden_formulas_are_neutralised_everywhere(text):
    assert safe_cell(text) == "'" + text
    assert resources.escape_formula(text) == "'" + text
    assert unescape_formula(escape_formula(text)) == text


@pytest.mark.parametrize("text", ["Spain", " Spain", "'quoted", "", "a=b", "\u00a0text"])
def test_plain_text_is_left_alone(text):
    assert escape_formula(text) == text
    assert unescape_formula(text) == text


def test_numbers_stay_numbers():
    assert safe_cell(-5) == -5
