"""Dates as sources state them: a year ("2017"), a month ("2017-03") or a day.

A partial date is stored as a real date plus its precision, so periods stay
comparable in the database: a period that starts in "2017" starts on
1 January 2017 and one that ends in "2022" ends on 31 December 2022.
"""

import calendar
import datetime
import re

from django.utils import formats
from django.utils.translation import gettext as _

from network.choices import DatePrecision

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_partial_date(text, *, end=False):
    """``(date, precision)`` for "2017", "2017-03" or "2017-03-08".

    ``end`` picks the last day of a year or month (the end of a period) rather
    than the first. Raises ValueError with a message people can act on.
    """
    match = _PATTERN.match((text or "").strip())
    if not match:
        raise ValueError(
            _("“%(value)s” is not a year (2017), a month (2017-03) or a date (2017-03-08).")
            % {"value": text}
        )
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if month is None:
            return bound(datetime.date(year, 1, 1), DatePrecision.YEAR, end=end), DatePrecision.YEAR
        if day is None:
            value = datetime.date(year, month, 1)
            return bound(value, DatePrecision.MONTH, end=end), DatePrecision.MONTH
        return datetime.date(year, month, day), DatePrecision.DAY
    except ValueError:
        raise ValueError(_("“%(value)s” is not a real date.") % {"value": text}) from None


def bound(value, precision, *, end=False):
    """The first (or, with ``end``, the last) day that ``value`` at
    ``precision`` covers: 2017 → 1 January 2017 or 31 December 2017."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return datetime.date(value.year, 12, 31) if end else datetime.date(value.year, 1, 1)
    if precision == DatePrecision.MONTH:
        if end:
            last = calendar.monthrange(value.year, value.month)[1]
            return datetime.date(value.year, value.month, last)
        return datetime.date(value.year, value.month, 1)
    return value


def format_partial_date(value, precision):
    """ "2017", "March 2017" or the localised day, as much as is known."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")
