"""Issue 12, finding 9: a meeting document is checked by its bytes, not only
its name."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import MeetingDocument


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("agenda.pdf", b"<html><script>alert(1)</script></html>"),
        ("notes.txt", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("photo.png", b"%PDF-1.7 not a picture"),
        ("list.csv", b"name\x00\x01\x02"),
        ("report.docx", b"MZ\x90\x00 an executable"),
    ],
)
def test_a_document_whose_bytes_are_not_its_kind_is_refused(name, content):
    with pytest.raises(ValidationError) as caught:
        MeetingDocument.clean_file(SimpleUploadedFile(name, content))
    assert "content is not a" in str(caught.value.message_dict["file"])


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("agenda.pdf", b"%PDF-1.7\n"),
        ("photo.png", b"\x89PNG\r\n\x1a\n...."),
        ("photo.JPG", b"\xff\xd8\xff\xe0...."),
        ("report.docx", b"PK\x03\x04...."),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1...."),
        ("list.csv", "name,país\nAdela,España\n".encode()),
        ("letter.rtf", b"{\\rtf1\\ansi ...}"),
    ],
)
def test_a_document_of_its_kind_passes(name, content):
    MeetingDocument.clean_file(SimpleUploadedFile(name, content))
