"""Which UN M49 region a country is in, from the table the migrations load."""

import csv
from functools import cache
from pathlib import Path

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


def region_for_country(iso2):
    """The Region row for a country, or None when the table has none."""
    from .models import Region

    code = region_code_for_country(iso2)
    return Region.objects.filter(code=code).first() if code else None
