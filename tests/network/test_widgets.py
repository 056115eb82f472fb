"""network.core.widgets renders selects exactly as Django's templates do."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from focalpoints.filtersets import OneOfSelect
from network.core.widgets import QuickSelect

CHOICES = [
    ("", "Any"),
    ("a&b", "A <b> & co"),
    ("x", 'X "quoted"'),
    (3, mark_safe("<i>safe</i>")),
    ("x", "the same value again"),
]
GROUPED = [*CHOICES, ("Group <1>", [("1", "one"), ("2", "two")])]
ATTRS = {"id": "id_field", "data-flag": True, "aria-describedby": 'help"', "hidden": False}


@pytest.mark.parametrize("choices", [CHOICES, GROUPED], ids=["flat", "grouped"])
@pytest.mark.parametrize("value", ["", "a&b", ["x"], "2", 3, None, ["x", "3"]])
def test_quick_select_renders_what_djangos_select_renders(choices, value):
    expected = forms.Select(choices=choices, attrs=ATTRS).render("field", value)
    assert QuickSelect(choices=choices, attrs=ATTRS).render("field", value) == expected


def test_one_of_select_renders_as_a_select_and_reads_several_values():
    widget = OneOfSelect(choices=CHOICES)
    assert widget.render("role", ["x"]) == forms.Select(choices=CHOICES).render("role", ["x"])
    data = forms.Form().data.__class__()  # an empty QueryDict
    assert widget.value_from_datadict(data, {}, "role") == []
