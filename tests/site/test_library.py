"""The document library: meeting documents and the library's own documents in
one list; who reads what follows the visibility policy; uploads are checked."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.choices import DocumentKind
from meetings.models import MeetingDocument
from network.choices import DocumentAudience, LibraryDocumentKind
from network.models import LibraryDocument
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(name="plan.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def library(spain):
    meeting = make_meeting("berlin-2019", days_ahead=-400, title="Berlin meeting")
    meeting.hosts.set([spain])
    agenda = MeetingDocument.objects.create(
        meeting=meeting,
        kind=DocumentKind.AGENDA,
        title="Berlin agenda",
        url="https://example.org/agenda.pdf",
        language="en",
    )
    notes = MeetingDocument(
        meeting=meeting,
        kind=DocumentKind.REPORT,
        title="Berlin internal notes",
        file=_upload("notes.pdf"),
        language="en",
        audience=DocumentAudience.MEMBERS,
    )
    notes.full_clean()
    notes.save()
    plan = LibraryDocument(
        kind=LibraryDocumentKind.ACTION_PLAN,
        title="Spain's third national action plan",
        file=_upload(),
        language="es",
        member=spain,
        published_on=datetime.date(2017, 7, 28),
    )
    plan.full_clean()
    plan.save()
    guidance = LibraryDocument.objects.create(
        kind=LibraryDocumentKind.GUIDANCE,
        title="Guidance for focal points",
        url="https://example.org/guidance",
        language="fr",
        published_on=datetime.date(2020, 3, 1),
        audience=DocumentAudience.MEMBERS,
    )
    return {"agenda": agenda, "notes": notes, "plan": plan, "guidance": guidance}


def _titles(response):
    return [row["title"] for row in response.context["page"].object_list]


# The visibility table of the library: (caller, document, list shows it, file status).
TABLE = [
    ("anonymous", "agenda", True, None),
    ("anonymous", "plan", True, 200),
    ("anonymous", "notes", False, 302),
    ("anonymous", "guidance", False, None),
    ("plain", "plan", True, 200),
    ("plain", "notes", False, 404),
    ("plain", "guidance", False, None),
    ("member", "notes", True, 200),
    ("member", "guidance", True, None),
    ("staff", "notes", True, 200),
    ("staff", "guidance", True, None),
]


@pytest.mark.parametrize(("caller", "name", "listed", "file_status"), TABLE)
def test_the_library_follows_the_visibility_policy(
    client, request, library, caller, name, listed, file_status
):
    if caller != "anonymous":
        client.force_login(request.getfixturevalue(f"{caller}_user"))
    document = library[name]
    assert (document.title in _titles(client.get("/library/"))) is listed
    if file_status is not None:
        assert document.href.startswith("/library/files/")
        assert client.get(document.href).status_code == file_status
    # The meeting page follows the same rule.
    if isinstance(document, MeetingDocument):
        page = client.get(document.meeting.get_absolute_url()).content.decode()
        assert (document.title in page) is listed


def test_a_file_is_served_from_storage_with_a_safe_type(client, library):
    response = client.get(library["plan"].href)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "inline" in response["Content-Disposition"]


def test_a_members_only_file_is_not_cached_by_shared_caches(member_client, library):
    response = member_client.get(library["notes"].href)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_unknown_libraries_and_documents_are_404(client, library):
    assert client.get("/library/files/secret/1/").status_code == 404
    assert client.get("/library/files/library/999999/").status_code == 404
    # A document with an address and no file has no file to serve.
    assert client.get(f"/library/files/library/{library['guidance'].pk}/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=agenda", ["Berlin agenda"]),
        ("kind=action_plan", ["Spain's third national action plan"]),
        ("language=fr", ["Guidance for focal points"]),
        ("year=2017", ["Spain's third national action plan"]),
        ("member=spain", None),  # the plan, and the documents of the meeting Spain hosted
        ("meeting=berlin-2019", ["Berlin agenda", "Berlin internal notes"]),
        ("q=national", ["Spain's third national action plan"]),
    ],
)
def test_the_library_filters(member_client, library, spain, query, expected):
    if expected is None:
        expected = ["Spain's third national action plan", "Berlin agenda", "Berlin internal notes"]
        query = f"member={spain.slug}"
    response = member_client.get(f"/library/?{query}")
    assert response.status_code == 200
    assert sorted(_titles(response)) == sorted(expected)


def test_bad_filters_are_a_clear_400(client, library):
    response = client.get("/library/?year=abc&kind=nonsense&member=nowhere")
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"year", "kind", "member"}


def test_the_library_costs_a_fixed_number_of_queries(client, library, django_assert_num_queries):
    for number in range(5):
        LibraryDocument.objects.create(title=f"Extra {number}", url="https://example.org/x")
    # The two kinds of documents, the member and meeting choices of the filters,
    # and the sample notice's flag (a query on the suite's empty cache).
    with django_assert_num_queries(5):
        client.get("/library/")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<html></html>", "Upload a"),
        ("drawing.svg", b"<svg/>", "Upload a"),
        ("plan.pdf", b"<html><script>alert(1)</script></html>", "content is not a .pdf"),
        ("plan.docx", PDF, "content is not a .docx"),
        ("notes.txt", b"<!DOCTYPE html><html><script>x</script>", "content is not a .txt"),
        ("notes.txt", b"\x00\x01binary", "content is not a .txt"),
        ("photo.png", b"\xff\xd8\xff\xe0JFIF", "content is not a .png"),
    ],
)
def test_uploads_are_checked_by_their_first_bytes(name, content, message):
    document = LibraryDocument(title="Upload", file=_upload(name, content))
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert message in " ".join(error.value.message_dict["file"])
    # The meetings' documents are checked by the same rule.
    with pytest.raises(ValidationError):
        MeetingDocument.clean_file(_upload(name, content))


def test_uploads_have_a_size_cap(settings):
    settings.LIBRARY_DOCUMENT_MAX_BYTES = 10
    document = LibraryDocument(title="Too big", file=_upload())
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "larger than" in " ".join(error.value.message_dict["file"])


def test_an_upload_through_the_admin_is_checked(staff_client):
    response = staff_client.post(
        "/admin/network/librarydocument/add/",
        {
            "kind": "guidance",
            "title": "Disguised page",
            "file": _upload("guide.pdf", b"<html><script>alert(1)</script>"),
            "audience": "public",
        },
    )
    assert response.status_code == 200
    assert "content is not a .pdf" in response.content.decode()
    assert not LibraryDocument.objects.exists()


def test_the_api_lists_library_documents_by_audience(api_client, member_client, library):
    public = api_client.get("/api/v1/library-documents/").json()
    assert [row["title"] for row in public["results"]] == ["Spain's third national action plan"]
    row = public["results"][0]
    assert row["file_url"] == "http://testserver" + library["plan"].href
    assert row["member"]["display"] == "Spain"
    assert "search_text" not in row
    members = member_client.get("/api/v1/library-documents/?audience=members").json()
    assert [row["title"] for row in members["results"]] == ["Guidance for focal points"]
