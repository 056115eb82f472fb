"""A member edits their own entry and confirms their details are current."""

import pytest

from focalpoints.models import Person

pytestmark = pytest.mark.django_db


def profile_data(person, **changes):
    data = {
        "honorific": person.honorific,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "email": person.email,
        "phone": person.phone,
        "bio": person.bio,
        "languages": [language.code for language in person.languages.all()],
        "expertise": [theme.pk for theme in person.expertise.all()],
    }
    if person.public_listing:
        data["public_listing"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_visitors_are_sent_to_log_in(client, db):
    assert client.get("/directory/profile/")["Location"].startswith("/accounts/login/")


def test_an_account_linked_to_nobody_is_told_so(client, plain_user):
    client.force_login(plain_user)
    response = client.get("/directory/profile/")
    assert "not linked to an entry" in response.content.decode()


def test_member_edits_languages_expertise_bio_phone_and_consent(
    member_client, adela, spanish, french, climate
):
    assert adela.public_listing_changed_at is None
    response = member_client.post(
        "/directory/profile/",
        profile_data(
            adela,
            languages=["es", "fr"],
            expertise=[climate.pk],
            bio="Human rights lawyer.",
            phone="+34 913 799 700",
            public_listing="on",
        ),
    )
    assert response.status_code == 302
    adela.refresh_from_db()
    assert set(adela.languages.values_list("code", flat=True)) == {"es", "fr"}
    assert list(adela.expertise.all()) == [climate]
    assert adela.bio == "Human rights lawyer."
    assert adela.phone == "+34 913 799 700"
    assert adela.public_listing is True
    assert adela.public_listing_changed_at is not None
    # Expertise is searchable at once; the change is in the history, by the member.
    assert list(Person.objects.search("climate")) == [adela]
    assert adela.history.first().history_user == adela.user


def test_withdrawing_consent_moves_its_timestamp(member_client, adela):
    adela.public_listing = True
    adela.save()
    given = adela.public_listing_changed_at
    member_client.post("/directory/profile/", profile_data(adela, public_listing=None))
    adela.refresh_from_db()
    assert adela.public_listing is False
    assert adela.public_listing_changed_at > given


def test_errors_are_shown_next_to_the_field_and_what_was_typed_is_kept(member_client, adela):
    response = member_client.post(
        "/directory/profile/",
        profile_data(adela, phone="call me maybe", email="not-an-email", bio="Kept bio"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"phone", "email"}
    content = response.content.decode()
    assert 'id="id_phone_error"' in content
    assert 'value="call me maybe"' in content
    assert 'value="not-an-email"' in content
    assert "Kept bio" in content
    adela.refresh_from_db()
    assert adela.phone == "+34 000 000 000"


def test_a_member_cannot_change_what_is_not_theirs_to_change(member_client, adela):
    account = adela.user_id
    member_client.post(
        "/directory/profile/",
        profile_data(adela, notes="I am staff now", user="999", verified_at="2030-01-01"),
    )
    adela.refresh_from_db()
    assert adela.notes == ""
    assert adela.user_id == account
    assert adela.verified_at is None


def test_an_unknown_language_or_theme_is_refused_naming_the_field(member_client, adela):
    response = member_client.post(
        "/directory/profile/", profile_data(adela, languages=["xx"], expertise=["999999"])
    )
    assert set(response.context["form"].errors) == {"languages", "expertise"}


def test_member_confirms_their_details_are_current(member_client, adela):
    assert adela in Person.objects.due_for_verification()
    assert member_client.get("/directory/profile/confirm/").status_code == 405
    response = member_client.post("/directory/profile/confirm/", follow=True)
    assert "your details are recorded as current" in response.content.decode()
    adela.refresh_from_db()
    assert adela.verified_at is not None
    assert adela not in Person.objects.due_for_verification()


def test_the_profile_page_says_when_details_are_due(member_client, adela):
    content = member_client.get("/directory/profile/").content.decode()
    assert "Your details have never been confirmed." in content


def _form_inputs(html):
    """Names of the inputs, selects and text areas of the profile page's form."""
    import re

    form = html.split('action="/directory/profile/"', 1)[1].split("</form>", 1)[0]
    names = set(re.findall(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"', form))
    return names - {"csrfmiddlewaretoken"}


def test_the_profile_page_and_the_api_let_a_member_change_the_same_fields(
    member_client, member_user, adela
):
    """One list of self-service fields (focalpoints.services.SELF_SERVICE_FIELDS)
    for the page and the API: a field that one offers and the other refuses
    is a drift this test catches."""
    from rest_framework.test import APIClient

    page_fields = _form_inputs(member_client.get("/directory/profile/").content.decode())
    api = APIClient()
    api.force_authenticate(member_user)
    accepted = set()
    for name in page_fields:
        value = {"languages": [], "expertise": [], "public_listing": False}.get(name, "")
        if name in {"given_name", "family_name"}:
            value = "Adela"
        if name == "email":
            value = "adela.new@example.org"
        response = api.patch(f"/api/v1/people/{adela.pk}/", {name: value}, format="json")
        assert response.status_code in (200, 403), (name, response.content)
        if response.status_code == 200:
            accepted.add(name)
    assert accepted == page_fields
    # And the API accepts nothing the page does not offer.
    refused = api.patch(f"/api/v1/people/{adela.pk}/", {"notes": "x"}, format="json")
    assert refused.status_code == 403
    assert page_fields >= {"given_name", "email", "gender", "languages", "bio"}
