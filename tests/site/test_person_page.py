"""A person's page and vCard: posts, and details as the visibility policy allows."""

import datetime

import pytest

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.vcard import MAX_LINE_OCTETS, escape_text, fold

pytestmark = pytest.mark.django_db


def test_members_see_contact_details_and_current_and_past_posts(member_client, mary, kenya, spain):
    post = mary.appointments.get()
    services.end_appointment(post, on=datetime.date(2019, 6, 1))
    services.appoint_person(
        mary, spain, Role.OBSERVER, start_on=datetime.date(2019, 6, 1), position="Observer"
    )
    response = member_client.get(f"/directory/people/{mary.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "mary@example.org" in content
    assert "+254 000 000" in content
    assert [p.role for p in response.context["current"]] == [Role.OBSERVER]
    assert [p.role for p in response.context["former"]] == [Role.FOCAL_POINT]
    assert "Former posts" in content
    assert "Principal Gender Officer" in content


def test_the_public_sees_a_consenting_person_without_contact_details(client, mary):
    response = client.get(f"/directory/people/{mary.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mary Kaburu" in content
    assert "Principal Gender Officer" in content
    for secret in ("mary@example.org", "mary.work@example.org", "+254 000 000", "mailto:"):
        assert secret not in content


def test_visitors_asking_for_a_non_consenting_person_are_sent_to_log_in(client, adela):
    response = client.get(f"/directory/people/{adela.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # The same answer for a number nobody has: existence is not revealed.
    missing = client.get("/directory/people/999999/")
    assert missing.status_code == 302


def test_an_account_linked_to_nobody_gets_404_for_a_non_consenting_person(
    client, plain_user, adela
):
    client.force_login(plain_user)
    assert client.get(f"/directory/people/{adela.pk}/").status_code == 404


def vcard_lines(response):
    text = response.content.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    return text.split("\r\n")[:-1]


def test_vcard_follows_rfc_6350_and_holds_what_a_member_may_see(member_client, adela, mary):
    mary.bio = "Works on peace processes; gender, security\nand climate."
    mary.save()
    response = member_client.get(f"/directory/people/{mary.pk}/vcard/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="mary-kaburu.vcf"'
    lines = vcard_lines(response)
    assert lines[:3] == ["BEGIN:VCARD", "VERSION:4.0", "KIND:individual"]
    assert lines[-1] == "END:VCARD"
    assert "FN:Ms. Mary Kaburu" in lines
    assert "N:Kaburu;Mary;;Ms.;" in lines
    assert "EMAIL:mary@example.org" in lines
    assert "post1.EMAIL;TYPE=work:mary.work@example.org" in lines
    assert "post1.TITLE:Principal Gender Officer" in lines
    assert "post1.ROLE:Focal point\\, Kenya" in lines
    unfolded = response.content.decode().replace("\r\n ", "")
    assert "NOTE:Works on peace processes\\; gender\\, security\\nand climate." in unfolded
    assert all(len(line.encode()) <= MAX_LINE_OCTETS for line in lines)


def test_public_vcard_has_no_email_or_phone(client, mary):
    response = client.get(f"/directory/people/{mary.pk}/vcard/")
    lines = vcard_lines(response)
    assert not [line for line in lines if "EMAIL" in line or "TEL" in line or "NOTE" in line]
    assert "FN:Ms. Mary Kaburu" in lines


def test_vcard_of_a_non_consenting_person_is_not_given_to_visitors(client, adela):
    assert client.get(f"/directory/people/{adela.pk}/vcard/").status_code == 302


def test_vcard_text_is_escaped_and_long_lines_folded_without_splitting_characters():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "NOTE:" + "é" * 100
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= MAX_LINE_OCTETS for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join([pieces[0]] + [piece[1:] for piece in pieces[1:]]) == line


def test_pages_with_personal_data_are_not_cached(member_client, mary):
    for url in ["/directory/", f"/directory/people/{mary.pk}/", "/directory/profile/"]:
        assert "no-store" in member_client.get(url)["Cache-Control"], url
