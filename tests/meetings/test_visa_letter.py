"""The visa support letter: a registration's PDF from a template staff edit,
for staff who may see registrations (second factor verified), logged as an
export; the template's text is placeholders only, never template syntax."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from meetings import letters, services
from meetings.models import LetterTemplate, Registration
from network.models import PersonalDataExport
from tests.factories import make_meeting, make_user

pytestmark = pytest.mark.django_db


def _text(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


@pytest.fixture
def asked(spain, kenya, mary):
    """Mary's registration for a meeting Spain hosts, asking for a visa letter."""
    meeting = make_meeting(
        "madrid-next", title="Madrid capitals meeting", city="Madrid", country="ES"
    )
    meeting.hosts.add(spain)
    services.register(meeting, mary, visa_letter=True)
    return Registration.objects.get(person=mary)


@pytest.fixture
def english():
    # The data migration's default (English, Spanish, French).
    return LetterTemplate.objects.get(name="Visa support letter", language="en")


def _url(registration, template):
    return reverse("admin:meetings_registration_visa_letter", args=[registration.pk, template.pk])


def test_the_letter_names_the_participant_and_the_meeting_and_is_logged(
    staff_client, asked, english
):
    page = staff_client.get(reverse("admin:meetings_registration_change", args=[asked.pk]))
    assert _url(asked, english) in page.content.decode()
    response = staff_client.get(_url(asked, english))
    text = _text(response)
    assert "Ms. Mary Kaburu" in text
    assert "Madrid capitals meeting" in text
    assert "Madrid, Spain" in text and "hosted by Spain" in text
    assert "The Secretariat" in text
    assert "no-store" in response["Cache-Control"]
    log = PersonalDataExport.objects.get()
    assert (log.dataset, log.export_format, log.surface, log.rows, log.person_id) == (
        "meetings.registration",
        "pdf",
        "admin",
        1,
        asked.person_id,
    )


def test_the_spanish_letter_is_written_in_spanish(staff_client, asked):
    spanish = LetterTemplate.objects.get(name="Visa support letter", language="es")
    text = _text(staff_client.get(_url(asked, spanish)))
    assert "A quien corresponda" in text and "Ms. Mary Kaburu" in text
    assert "Madrid capitals meeting" in text


def test_a_registration_that_asked_for_no_letter_gets_none(staff_client, asked, english, adela):
    services.register(asked.meeting, adela)
    other = Registration.objects.get(person=adela)
    page = staff_client.get(reverse("admin:meetings_registration_change", args=[other.pk]))
    assert "visa-letter" not in page.content.decode()
    response = staff_client.get(_url(other, english), follow=True)
    assert "did not ask for a visa letter" in response.content.decode()
    assert not PersonalDataExport.objects.exists()


def test_the_letter_is_for_staff_who_may_see_registrations(
    client, member_client, asked, english, staff_user
):
    url = _url(asked, english)
    assert client.get(url).status_code == 302  # the public: to the login page
    assert member_client.get(url).status_code == 302  # a member is not staff
    clerk = make_user("clerk@example.org", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    client.force_login(clerk)
    assert client.get(url).status_code == 403  # staff who may not see registrations
    assert not PersonalDataExport.objects.exists()
    clerk.user_permissions.add(Permission.objects.get(codename="view_registration"))
    assert client.get(url).status_code == 200
    missing = reverse("admin:meetings_registration_visa_letter", args=[asked.pk, 999999])
    assert client.get(missing).status_code == 404


def test_staff_without_their_second_factor_get_no_letter(client, asked, english, staff_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)
    client.force_login(staff_user)  # the password alone
    assert client.get(_url(asked, english)).status_code == 302
    assert not PersonalDataExport.objects.exists()


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("{% load static %}Dear {participant_name}", "Template tags"),
        ("Dear {{ registration.person.email }}", "Template tags"),
        ("Dear {participant_email}", "Unknown placeholder {participant_email}"),
        ("Dear {participant_name.__class__}", "brace that is not part of one"),
        ("Dear {0}", "brace that is not part of one"),
    ],
)
def test_a_template_with_template_syntax_or_unknown_placeholders_is_refused(
    staff_client, english, body, says
):
    url = reverse("admin:meetings_lettertemplate_change", args=[english.pk])
    before = english.body
    response = staff_client.post(
        url,
        {
            "name": english.name,
            "language": "en",
            "subject": english.subject,
            "body": body,
            "signatory_name": "Someone",
            "signatory_title": "",
        },
    )
    assert response.status_code == 200  # the form again, with its message
    assert says in response.content.decode()
    english.refresh_from_db()
    assert english.body == before and english.signatory_name == "The Secretariat"


def test_code_cannot_save_template_syntax_either(english):
    english.subject = "{% now 'Y' %}"
    with pytest.raises(ValidationError):
        english.save()


def test_only_the_fixed_values_are_filled_and_they_are_escaped(asked, english, mary):
    mary.given_name = "<b>Mary</b>"
    mary.save()
    asked.refresh_from_db()
    english.body = "Dear {given_name}, {meeting_title}.\n\n<i>{family_name}</i>"
    letter = letters.render_letter(asked, english)
    assert letter["paragraphs"] == [
        "Dear &lt;b&gt;Mary&lt;/b&gt;, Madrid capitals meeting.",
        "&lt;i&gt;Kaburu&lt;/i&gt;",
    ]
    # A row written around the admin (SQL) with a tag still renders none of it.
    english.body = "{% debug %}"
    with pytest.raises(ValidationError):
        letters.render_letter(asked, english)
