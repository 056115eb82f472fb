"""Which UN M49 region a country is in, from the table the migrations load."""

import csv
from functools import cache
from pathlib import Path

from django.utils.translation import pgettext_lazy

M49_FILE = Path(__file__).resolve().parent / "data" / "m49-regions.csv"


@cache
def _table():
    with M49_FILE.open(encoding="utf-8") as handle:
        return {row["iso2"]: row for row in csv.DictReader(handle)}


def region_code_for_country(iso2):
    """The M49 code of the most specific region of an ISO 3166 alpha-2 code
    (intermediate region if it has one, else sub-region), or None."""
    row = _table().get((iso2 or "").upper())
    if row is None:
        return None
    return row["intermediate_code"] or row["subregion_code"] or row["region_code"] or None


# The UN's own names of the M49 regions in the site's languages (the table is
# in English). Keyed by the English name, so a region renamed in the admin
# shows its new name untranslated rather than a stale translation.
REGION_NAMES = {
    "Africa": pgettext_lazy("UN M49 region", "Africa"),
    "Americas": pgettext_lazy("UN M49 region", "Americas"),
    "Asia": pgettext_lazy("UN M49 region", "Asia"),
    "Australia and New Zealand": pgettext_lazy("UN M49 region", "Australia and New Zealand"),
    "Caribbean": pgettext_lazy("UN M49 region", "Caribbean"),
    "Central America": pgettext_lazy("UN M49 region", "Central America"),
    "Central Asia": pgettext_lazy("UN M49 region", "Central Asia"),
    "Eastern Africa": pgettext_lazy("UN M49 region", "Eastern Africa"),
    "Eastern Asia": pgettext_lazy("UN M49 region", "Eastern Asia"),
    "Eastern Europe": pgettext_lazy("UN M49 region", "Eastern Europe"),
    "Europe": pgettext_lazy("UN M49 region", "Europe"),
    "Latin America and the Caribbean": pgettext_lazy(
        "UN M49 region", "Latin America and the Caribbean"
    ),
    "Melanesia": pgettext_lazy("UN M49 region", "Melanesia"),
    "Micronesia": pgettext_lazy("UN M49 region", "Micronesia"),
    "Middle Africa": pgettext_lazy("UN M49 region", "Middle Africa"),
    "Northern Africa": pgettext_lazy("UN M49 region", "Northern Africa"),
    "Northern America": pgettext_lazy("UN M49 region", "Northern America"),
    "Northern Europe": pgettext_lazy("UN M49 region", "Northern Europe"),
    "Oceania": pgettext_lazy("UN M49 region", "Oceania"),
    "Polynesia": pgettext_lazy("UN M49 region", "Polynesia"),
    "South America": pgettext_lazy("UN M49 region", "South America"),
    "South-eastern Asia": pgettext_lazy("UN M49 region", "South-eastern Asia"),
    "Southern Africa": pgettext_lazy("UN M49 region", "Southern Africa"),
    "Southern Asia": pgettext_lazy("UN M49 region", "Southern Asia"),
    "Southern Europe": pgettext_lazy("UN M49 region", "Southern Europe"),
    "Sub-Saharan Africa": pgettext_lazy("UN M49 region", "Sub-Saharan Africa"),
    "Western Africa": pgettext_lazy("UN M49 region", "Western Africa"),
    "Western Asia": pgettext_lazy("UN M49 region", "Western Asia"),
    "Western Europe": pgettext_lazy("UN M49 region", "Western Europe"),
}


def localised_region_name(name):
    """The name of an M49 region in the active language (``name`` as stored
    when it is not one of the UN's names)."""
    return str(REGION_NAMES.get(name, name))
