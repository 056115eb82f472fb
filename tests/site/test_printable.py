"""The member briefing and a meeting's follow-up report as PDF: rendered from
the pages' templates, for staff only, each download logged as an export."""

import io

import pytest
from pypdf import PdfReader

from meetings import services as meeting_services
from meetings.choices import MeetingStatus
from network.models import PersonalDataExport
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


def _text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


@pytest.fixture
def meetings(spain):
    held = make_meeting(
        "alicante-2017", title="Alicante meeting", days_ahead=-300, status=MeetingStatus.HELD
    )
    meeting_services.record_commitment(held, spain, "Adopt a second national action plan.")
    return {"held": held, "upcoming": make_meeting("berlin-next", title="Berlin meeting")}


def test_the_follow_up_report_as_pdf_names_the_commitments(staff_client, meetings):
    response = staff_client.get("/meetings/berlin-next/follow-up.pdf")
    text = _text(response)
    assert "Follow-up report" in text
    assert "Adopt a second national action plan." in text
    assert "Spain" in text
    assert 'filename="follow-up-berlin-next.pdf"' in response["Content-Disposition"]
    log = PersonalDataExport.objects.get()
    assert (log.dataset, log.export_format, log.path) == (
        "meetings.commitment",
        "pdf",
        "/meetings/berlin-next/follow-up.pdf",
    )


def test_the_member_briefing_as_pdf_names_its_focal_points(staff_client, adela, spain):
    response = staff_client.get("/directory/members/ES/briefing.pdf")
    text = _text(response)
    assert "Spain" in text
    assert "Adela" in text and "Díaz Bernárdez" in text
    assert PersonalDataExport.objects.get().dataset == "focalpoints.appointment"
    page = staff_client.get("/directory/members/ES/").content.decode()
    assert "/directory/members/ES/briefing.pdf" in page


@pytest.mark.parametrize("who", ["anonymous", "plain", "member"])
@pytest.mark.parametrize(
    "path", ["/meetings/berlin-next/follow-up.pdf", "/directory/members/ES/briefing.pdf"]
)
def test_the_pdfs_are_for_staff_only(client, request, meetings, adela, who, path):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(f"{who}_user"))
    assert client.get(path).status_code == 403
    assert not PersonalDataExport.objects.exists()
    assert "briefing.pdf" not in client.get("/directory/members/ES/").content.decode()


def test_rendering_a_pdf_fetches_nothing(staff_client, spain, monkeypatch):
    # A user-written link or image must not make the server fetch it (SSRF).
    from network.core import pdf

    fetched = []

    def refuse(url, *args, **kwargs):
        fetched.append(url)
        raise ValueError("refused")

    monkeypatch.setattr(pdf, "_refuse_fetch", refuse)
    content = pdf.html_to_pdf('<img src="http://169.254.169.254/latest/meta-data/"><p>Hi</p>')
    assert content.startswith(b"%PDF")
    assert fetched == ["http://169.254.169.254/latest/meta-data/"]
