"""What an uploaded document may be: one of a few office, text and picture
formats, recognised by its first bytes as well as its name, and within a size.

Our own table rather than filetype or puremagic: we accept a dozen formats
with fixed signatures, and those libraries do not recognise the plain text,
CSV and RTF files we accept.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Extension → the family of signatures its content must show. Never HTML, SVG
# or scripts, which a browser would run from the site's own origin.
FAMILIES = {
    "pdf": "pdf",
    "doc": "ole",
    "xls": "ole",
    "ppt": "ole",
    "docx": "zip",
    "xlsx": "zip",
    "pptx": "zip",
    "odt": "zip",
    "ods": "zip",
    "odp": "zip",
    "rtf": "rtf",
    "txt": "text",
    "csv": "text",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "png": "png",
}
FILE_EXTENSIONS = frozenset(FAMILIES)

SIGNATURES = {
    "pdf": (b"%PDF-",),
    "ole": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "zip": (b"PK\x03\x04",),
    "rtf": (b"{\\rtf",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "rtf": "application/rtf",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
# Looked at to recognise text: enough to see a binary file, not the whole file.
TEXT_SAMPLE = 64 * 1024


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if name and "." in name else ""


def content_type_of(name):
    """The content type a stored document is served with (by its checked extension)."""
    return CONTENT_TYPES.get(extension_of(name), "application/octet-stream")


def _looks_like(family, head):
    if family == "text":
        if b"\x00" in head:
            return False
        try:
            # A cut in the middle of a character at the sample's end is fine.
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            return error.start >= len(head) - 3
        lowered = head.lstrip().lower()
        return not lowered.startswith((b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script"))
    return head.startswith(SIGNATURES[family])


def check_document_upload(file, *, max_bytes, field="file"):
    """Refuse an upload that is not one of FILE_EXTENSIONS, whose first bytes
    do not match its extension, or that is larger than ``max_bytes``."""
    if not file:
        return
    extension = extension_of(file.name)
    if extension not in FAMILIES:
        raise ValidationError(
            {
                field: _("Upload a %(kinds)s file, not “.%(extension)s”.")
                % {"kinds": ", ".join(sorted(FILE_EXTENSIONS)), "extension": extension}
            }
        )
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            {
                field: _("The file is larger than %(limit)s MB.")
                % {"limit": round(max_bytes / 1024 / 1024, 1)}
            }
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(TEXT_SAMPLE)
    file.seek(position)
    if not _looks_like(FAMILIES[extension], head):
        raise ValidationError(
            {
                field: _(
                    "This file’s content is not a .%(extension)s document: "
                    "check the file, or save it in the format its name says."
                )
                % {"extension": extension}
            }
        )
