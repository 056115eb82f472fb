"""What an uploaded file is, from its first bytes rather than its name.

A meeting document named ``agenda.pdf`` must start like a PDF. The formats
accepted are a short fixed list, so their signatures are written out here
rather than adding libmagic (a system library) or a package for them.
"""

import codecs

HEAD_BYTES = 8192

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office: .doc, .xls, .ppt
_ZIP = b"PK\x03\x04"  # Office Open XML and OpenDocument
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "doc": (_OLE2,),
    "xls": (_OLE2,),
    "ppt": (_OLE2,),
    "docx": (_ZIP,),
    "xlsx": (_ZIP,),
    "pptx": (_ZIP,),
    "odt": (_ZIP,),
    "ods": (_ZIP,),
    "odp": (_ZIP,),
    "rtf": (b"{\\rtf",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
# Plain text: UTF-8 without NUL bytes, and not markup a browser would run.
TEXT_EXTENSIONS = frozenset({"txt", "csv"})


def read_head(file):
    """The first HEAD_BYTES bytes of an uploaded file, leaving it rewound."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _is_plain_text(head):
    if b"\x00" in head:
        return False
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return not text.lstrip().startswith("<")


def content_matches(file, extension):
    """Whether the bytes of ``file`` are a ``extension`` file."""
    head = read_head(file)
    if extension in TEXT_EXTENSIONS:
        return _is_plain_text(head)
    return any(head.startswith(signature) for signature in SIGNATURES.get(extension, ()))
