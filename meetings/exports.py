"""Spreadsheets out of the meetings app: CSV and XLSX, safe to open in Excel.

A cell that starts with = + - @ (or a tab or carriage return) would be run as
a formula by spreadsheet programs; such cells get a leading apostrophe, so
a commitment or a name typed as "=HYPERLINK(...)" stays text (OWASP, "CSV
injection").
"""

import csv
import datetime
import io

from django.http import HttpResponse
from openpyxl import Workbook

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value as a spreadsheet cell: text that cannot start a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def csv_response(filename, header, rows):
    """A CSV download (UTF-8 with a byte-order mark, so Excel reads accents)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response


def xlsx_response(filename, header, rows, *, title="Sheet"):
    """An XLSX download with the same guarded cells as the CSV."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([safe_cell(cell) for cell in header])
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


PARTICIPANT_HEADER = [
    "meeting",
    "honorific",
    "given name",
    "family name",
    "delegation of",
    "status",
    "waiting list place",
    "registered at",
    "confirmed at",
    "email",
    "travel support",
    "visa letter",
    "arrival",
    "departure",
    "access needs",
]


def participant_rows(registrations):
    """Rows of the participant list (staff only: it holds contact and access data)."""
    for registration in registrations:
        person = registration.person
        yield [
            registration.meeting.title,
            person.honorific,
            person.given_name,
            person.family_name,
            registration.member.name if registration.member else "",
            registration.get_status_display(),
            registration.waiting_position,
            registration.registered_at,
            registration.confirmed_at,
            person.email or (person.user.email if person.user else ""),
            registration.travel_support,
            registration.visa_letter,
            registration.arrival_on,
            registration.departure_on,
            registration.access_needs,
        ]


FOLLOW_UP_HEADER = [
    "made at",
    "meeting date",
    "member",
    "commitment",
    "themes",
    "status",
    "due",
    "latest update on",
    "latest update",
    "reported at",
]


def follow_up_rows(commitments):
    """Rows of a meeting's follow-up report: one per earlier commitment."""
    for commitment in commitments:
        latest = commitment.latest_update
        yield [
            commitment.meeting.title,
            commitment.meeting.start_date or commitment.meeting.year,
            commitment.member.name,
            commitment.text,
            "; ".join(theme.name for theme in commitment.themes.all()),
            commitment.get_status_display(),
            commitment.due_on,
            latest.reported_on if latest else None,
            latest.text if latest else "",
            latest.reported_at.title if latest and latest.reported_at else "",
        ]
