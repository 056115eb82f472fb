"""What each caller sees of people and appointments: rows by consent, fields
by audience — absent, never null — and contact details never for the public
or partners, on any surface of the API."""

import datetime

import pytest

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.models import Appointment, Person
from network.models import Language, Organisation, Theme

CONTACT_VALUES = [
    "mary@example.org",
    "+254 000 000",
    "mary.work@example.org",
    "+254 111 111",
]
PUBLIC_PERSON_KEYS = {
    "id",
    "url",
    "display",
    "honorific",
    "given_name",
    "family_name",
    "name",
    "appointments",
    "created_at",
    "updated_at",
}
PUBLIC_NESTED_KEYS = {
    "id",
    "url",
    "display",
    "member",
    "organisation",
    "role",
    "position",
    "start_on",
    "end_on",
    "is_current",
    "as_of",
    "as_of_source",
}


@pytest.fixture
def listed(mary, kenya):
    """Mary, publicly listed, with a work phone, languages, expertise and a former post."""
    post = Appointment.objects.get(person=mary)
    post.phone = "+254 111 111"
    post.save()
    services.appoint_person(
        mary,
        kenya,
        Role.ALTERNATE,
        start_on=datetime.date(2014, 1, 1),
        end_on=datetime.date(2016, 12, 31),
        organisation=Organisation.objects.create(name="State Department for Gender", member=kenya),
        position="Gender Officer",
    )
    mary.bio = "Principal Gender Officer."
    mary.notes = "Met in Alicante."
    mary.gender = "female"
    mary.save()
    mary.languages.set([Language.objects.get(code="en")])
    services.set_expertise(mary, [Theme.objects.create(name="Climate and security")])
    return mary


CONTACT_SURFACES = [
    "/api/v1/people/",
    "/api/v1/people/{mary}/",
    "/api/v1/people/?format=csv",
    "/api/v1/appointments/",
    "/api/v1/appointments/?format=csv",
    "/api/v1/popolo.json",
    "/api/v1/people/?q=kaburu",
]


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
@pytest.mark.parametrize("caller", ["anonymous", "partner"])
@pytest.mark.parametrize("surface", CONTACT_SURFACES)
def test_email_and_phone_never_reach_the_public_or_partners(
    callers, listed, adela, caller, surface
):
    response = callers[caller].get(surface.format(mary=listed.pk))
    assert response.status_code == 200
    body = _body(response).decode()
    assert "Kaburu" in body  # the consenting person is there …
    for value in [*CONTACT_VALUES, "adela", "Díaz"]:  # … but no contact, and not Adela
        assert value not in body
    for key in ('"email"', '"phone"', '"work_email"', "email,", "phone,"):
        assert key not in body


@pytest.mark.django_db
def test_members_see_contact_details(member, listed):
    body = member.get(f"/api/v1/people/{listed.pk}/").json()
    assert body["email"] == "mary@example.org"
    assert body["phone"] == "+254 000 000"
    current = next(a for a in body["appointments"] if a["is_current"])
    assert current["work_email"] == "mary.work@example.org"
    assert current["phone"] == "+254 111 111"


@pytest.mark.django_db
def test_public_person_has_exactly_the_public_fields(anonymous, listed):
    body = anonymous.get(f"/api/v1/people/{listed.pk}/").json()
    assert set(body) == PUBLIC_PERSON_KEYS
    assert all(set(post) == PUBLIC_NESTED_KEYS for post in body["appointments"])


@pytest.mark.django_db
def test_member_sees_member_fields_but_not_others_private_ones(member, listed):
    body = member.get(f"/api/v1/people/{listed.pk}/").json()
    assert set(body) == PUBLIC_PERSON_KEYS | {
        "email",
        "phone",
        "languages",
        "expertise",
        "bio",
        "verified_at",
    }
    assert "gender" not in body and "notes" not in body and "public_listing" not in body


@pytest.mark.django_db
def test_member_sees_own_consent_and_gender(member, adela):
    body = member.get(f"/api/v1/people/{adela.pk}/").json()
    assert body["gender"] == "female"
    assert body["public_listing"] is False
    assert "notes" not in body and "user" not in body


@pytest.mark.django_db
def test_staff_see_every_field(staff, listed):
    body = staff.get(f"/api/v1/people/{listed.pk}/").json()
    assert body["notes"] == "Met in Alicante."
    assert body["gender"] == "female"
    assert "user" in body
    appointment = staff.get(body["appointments"][0]["url"]).json()
    assert "source" in appointment and "notes" in appointment


@pytest.mark.django_db
def test_non_consenting_people_are_absent_for_the_public(anonymous, partner, adela, listed):
    for client in (anonymous, partner):
        people = client.get("/api/v1/people/").json()
        assert [p["id"] for p in people["results"]] == [listed.pk]
        assert client.get(f"/api/v1/people/{adela.pk}/").status_code == 404
        posts = client.get("/api/v1/appointments/").json()["results"]
        assert {p["person"]["id"] for p in posts} == {listed.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("caller", ["anonymous", "partner", "member", "staff"])
def test_person_in_a_list_is_the_same_as_its_detail(callers, caller, listed, adela):
    client = callers[caller]
    for item in client.get("/api/v1/people/").json()["results"]:
        assert client.get(item["url"]).json() == item


@pytest.mark.django_db
@pytest.mark.parametrize("caller", ["anonymous", "member", "staff"])
def test_nested_post_is_the_appointment_without_its_person(callers, caller, listed):
    client = callers[caller]
    person = client.get(f"/api/v1/people/{listed.pk}/").json()
    for nested in person["appointments"]:
        full = client.get(nested["url"]).json()
        assert full["person"] == {"id": listed.pk, "url": person["url"], "display": "Mary Kaburu"}
        assert {k: v for k, v in full.items() if k in nested} == nested


@pytest.mark.django_db
def test_related_objects_are_brief_with_absolute_links(anonymous, listed, kenya):
    post = anonymous.get("/api/v1/appointments/?status=current").json()["results"][0]
    assert post["member"] == {
        "id": kenya.pk,
        "url": f"http://testserver/api/v1/members/{kenya.pk}/",
        "display": "Kenya",
    }
    assert anonymous.get(post["member"]["url"]).json()["name"] == "Kenya"


@pytest.mark.django_db
def test_member_notes_are_for_staff_only(anonymous, staff, spain):
    spain.notes = "Rotation expected in June."
    spain.save()
    assert "notes" not in anonymous.get(f"/api/v1/members/{spain.pk}/").json()
    assert staff.get(f"/api/v1/members/{spain.pk}/").json()["notes"] == "Rotation expected in June."


@pytest.mark.django_db
def test_public_search_cannot_confirm_an_email_address(anonymous, member, listed):
    assert anonymous.get("/api/v1/people/?q=mary@example").json()["count"] == 0
    assert anonymous.get("/api/v1/appointments/?q=mary@example").json()["count"] == 0
    assert anonymous.get("/api/v1/people/?q=kaburu").json()["count"] == 1
    # Search covers names, posts and expertise, never contact details.
    assert member.get("/api/v1/people/?q=mary@example").json()["count"] == 0


@pytest.mark.django_db
def test_public_search_ignores_accents_and_finds_posts_but_not_expertise(
    anonymous, member, listed, kenya
):
    listed.family_name = "Kabúru"
    listed.save()

    def found(client, q):
        return [p["id"] for p in client.get("/api/v1/people/", {"q": q}).json()["results"]]

    # The name as typed without its accent, and as written with it.
    assert found(anonymous, "kaburu") == found(anonymous, "KABÚRU") == [listed.pk]
    # A former post's organisation and position, and the member.
    assert found(anonymous, "state department gender") == [listed.pk]
    assert found(anonymous, "kenya gender officer") == [listed.pk]
    # Expertise is a members' field: members find by it, the public does not.
    assert found(member, "climate security") == [listed.pk]
    assert found(anonymous, "climate security") == []
    # A new post shows in the public's search at once (the text is refreshed).
    services.appoint_person(listed, kenya, Role.DELEGATE, position="Peace envoy")
    assert found(anonymous, "peace envoy") == [listed.pk]


@pytest.mark.django_db
def test_person_filter_cannot_probe_hidden_people(anonymous, member, adela):
    response = anonymous.get(f"/api/v1/appointments/?person_id={adela.pk}")
    assert response.status_code == 400
    assert "person_id" in response.json()["errors"]
    assert member.get(f"/api/v1/appointments/?person_id={adela.pk}").json()["count"] == 1


@pytest.mark.django_db
def test_member_changes_own_self_service_fields(member, adela):
    theme = Theme.objects.create(name="Climate and security")
    response = member.patch(
        f"/api/v1/people/{adela.pk}/",
        {
            "bio": "Lawyer.",
            "languages": ["es", "fr"],
            "expertise": [theme.pk],
            "public_listing": True,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    adela.refresh_from_db()
    assert adela.bio == "Lawyer."
    assert adela.public_listing is True and adela.public_listing_changed_at is not None
    assert sorted(adela.languages.values_list("code", flat=True)) == ["es", "fr"]
    assert "climate" in adela.search_text  # expertise is searchable at once
    assert response.json()["expertise"][0]["display"] == "Climate and security"
    assert adela.history.first().history_user.email == "adela.account@example.org"


@pytest.mark.django_db
def test_member_cannot_change_other_fields_of_own_entry(member, adela):
    response = member.patch(
        f"/api/v1/people/{adela.pk}/", {"bio": "x", "verified_at": "2030-01-01"}, format="json"
    )
    assert response.status_code == 403
    assert set(response.json()["errors"]) == {"verified_at"}
    adela.refresh_from_db()
    assert adela.verified_at is None and adela.bio == ""


@pytest.mark.django_db
def test_plain_logged_in_user_sees_what_the_public_sees(plain_user, adela, listed):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(plain_user)
    people = client.get("/api/v1/people/").json()["results"]
    assert [p["id"] for p in people] == [listed.pk]
    assert "email" not in people[0]
    assert (
        client.patch(f"/api/v1/people/{listed.pk}/", {"bio": "x"}, format="json").status_code == 403
    )


@pytest.mark.django_db
def test_demo_people_stay_private(anonymous):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    assert Person.objects.count() > 0
    assert (
        anonymous.get("/api/v1/people/").json()["count"]
        == Person.objects.filter(public_listing=True).count()
    )


@pytest.mark.parametrize("zone", ["UTC", "Europe/Madrid"])
def test_people_dates_are_written_as_drf_writes_them(zone):
    from django.utils import timezone
    from rest_framework import serializers

    from focalpoints.api.serializers import _iso_datetime

    drf = serializers.DateTimeField()
    values = [
        datetime.datetime(2017, 4, 5, 9, 30, tzinfo=datetime.UTC),
        datetime.datetime(2024, 12, 31, 23, 59, 59, 123456, tzinfo=datetime.UTC),
    ]
    with timezone.override(zone):
        for value in values:
            assert _iso_datetime(value) == drf.to_representation(value)


def test_a_post_known_from_a_dated_record_says_so_and_is_not_current(api_client, listed, mary):
    post = Appointment.objects.filter(person=mary, end_on__isnull=True).get()
    post.as_of = datetime.date(2017, 4, 27)
    post.as_of_source = "Chair's Summary"
    post.save()
    nested = api_client.get(f"/api/v1/people/{mary.pk}/").json()["appointments"]
    dated = next(a for a in nested if a["id"] == post.pk)
    assert dated["as_of"] == "2017-04-27"
    assert dated["as_of_source"] == "Chair's Summary"
    assert dated["is_current"] is False
    own = api_client.get(f"/api/v1/appointments/{post.pk}/").json()
    assert (own["as_of"], own["as_of_source"], own["is_current"]) == (
        "2017-04-27",
        "Chair's Summary",
        False,
    )
