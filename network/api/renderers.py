"""JSON through orjson, and CSV exports safe to open in a spreadsheet."""

import csv
import datetime
import decimal
import io

import orjson
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer

from network.core.spreadsheets import escape_formula


def _default(value):
    if isinstance(value, Promise):  # lazy translations
        return str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(data):
    return orjson.dumps(data, default=_default)


class ORJSONRenderer(BaseRenderer):
    """application/json, rendered by orjson (a page of people is ~80 KB)."""

    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return dumps(data)


class CSVRenderer(BaseRenderer):
    """text/csv. Lists stream their rows (see ApiViewSet.csv_response); this
    renders what is left: a single object or an error, as key/value rows."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        if isinstance(data, dict):
            for key, value in data.items():
                writer.writerow([safe_cell(key), safe_cell(value)])
        return buffer.getvalue().encode()


# Cells a spreadsheet would read as a formula (OWASP, "CSV injection").


def safe_cell(value):
    """A value as a CSV cell: text that a spreadsheet would run as a formula
    gets a leading apostrophe (network.core.spreadsheets); numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, decimal.Decimal)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return escape_formula(str(value))


class Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer."""

    def write(self, value):
        return value


class StrictFormatNegotiation(DefaultContentNegotiation):
    """``?format=`` naming a format this answer does not have is a 400 naming
    ``format`` (DRF's own negotiation answers 404, as if the object did not
    exist)."""

    def filter_renderers(self, renderers, format):
        available = [renderer for renderer in renderers if renderer.format == format]
        if not available:
            names = ", ".join(sorted({renderer.format for renderer in renderers}))
            raise ValidationError(
                {
                    "format": [
                        _("'%(format)s' is not available here; use: %(names)s.")
                        % {"format": format, "names": names}
                    ]
                }
            )
        return available
