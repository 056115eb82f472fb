"""A person's directory entry as a vCard 4.0 (RFC 6350), holding only the
fields the viewer may see."""

import datetime

from network.core.visibility import APPOINTMENT_FIELDS, PERSON_FIELDS, visible_fields

CRLF = "\r\n"
MAX_LINE_OCTETS = 75


def escape_text(value):
    """Escape a TEXT value (RFC 6350, 3.4): backslash, comma, semicolon, newline."""
    value = str(value or "")
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line):
    """Fold a content line into lines of at most 75 octets (RFC 6350, 3.2),
    never splitting a UTF-8 character."""
    pieces, current, size = [], "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        # Continuation lines start with a space, which counts towards their 75.
        limit = MAX_LINE_OCTETS if not pieces else MAX_LINE_OCTETS - 1
        if size + octets > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += octets
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def person_vcard(person, appointments, viewer, *, own=False):
    """The vCard text of ``person`` with their current ``appointments``, as
    ``viewer`` may see it (network.core.visibility)."""
    fields = visible_fields(viewer, PERSON_FIELDS, own=own)
    post_fields = visible_fields(viewer, APPOINTMENT_FIELDS)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "KIND:individual",
        f"FN:{escape_text(person.full_name or person.name)}",
        # N: family; given; additional; honorific prefixes; honorific suffixes.
        ";".join(
            [
                f"N:{escape_text(person.family_name)}",
                escape_text(person.given_name),
                "",
                escape_text(person.honorific),
                "",
            ]
        ),
    ]
    if "email" in fields and person.email:
        lines.append(f"EMAIL:{escape_text(person.email)}")
    if "phone" in fields and person.phone:
        lines.append(f"TEL;TYPE=voice:{escape_text(person.phone)}")
    if "languages" in fields:
        for number, language in enumerate(person.languages.all(), start=1):
            lines.append(f"LANG;PREF={number}:{language.code}")
    for number, appointment in enumerate(appointments, start=1):
        group = f"post{number}."
        organisation = appointment.organisation or appointment.member
        if organisation is not None:
            lines.append(f"{group}ORG:{escape_text(organisation)}")
        if appointment.position:
            lines.append(f"{group}TITLE:{escape_text(appointment.position)}")
        role = appointment.get_role_display()
        if appointment.member is not None:
            role = f"{role}, {appointment.member}"
        lines.append(f"{group}ROLE:{escape_text(role)}")
        if "work_email" in post_fields and appointment.work_email:
            lines.append(f"{group}EMAIL;TYPE=work:{escape_text(appointment.work_email)}")
        if "phone" in post_fields and appointment.phone:
            lines.append(f"{group}TEL;TYPE=work,voice:{escape_text(appointment.phone)}")
    if "bio" in fields and person.bio:
        lines.append(f"NOTE:{escape_text(person.bio)}")
    updated = person.updated_at.astimezone(datetime.UTC)
    lines.append(f"REV:{updated:%Y%m%dT%H%M%SZ}")
    lines.append("END:VCARD")
    return "".join(fold(line) + CRLF for line in lines)
