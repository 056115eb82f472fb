"""The directory as Popolo JSON, validated against the Popolo specification's
own JSON Schemas (draft-03, copied in popolo_schemas/ with their SOURCE.txt)."""

import datetime
import json
from pathlib import Path

import pytest
from jsonschema import Draft3Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.models import Person
from network.models import Organisation

SCHEMAS = Path(__file__).parent / "popolo_schemas"
SECTIONS = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "posts": "post",
}


def _validators():
    resources = []
    schemas = {}
    for path in SCHEMAS.glob("*.json"):
        contents = json.loads(path.read_text())
        uri = contents["id"].rstrip("#")
        resources.append((uri, Resource.from_contents(contents, default_specification=DRAFT3)))
        schemas[path.stem] = contents
    registry = Registry().with_resources(resources)
    return {
        name: Draft3Validator(schemas[name], registry=registry, format_checker=FormatChecker())
        for name in SECTIONS.values()
    }


def _export(client):
    response = client.get("/api/v1/popolo.json")
    assert response.status_code == 200
    assert response.streaming
    return json.loads(b"".join(response.streaming_content))


@pytest.fixture
def directory(adela, mary, kenya, spain):
    """A handover at Kenya's post, an organisation, and a guest observer."""
    ministry = Organisation.objects.create(name="Ministry of Foreign Affairs", member=kenya)
    successor = Person.objects.create(
        given_name="Grace", family_name="Wanjiru", public_listing=True, email="g@example.org"
    )
    services.hand_over(
        mary.appointments.get(),
        successor,
        on=datetime.date(2020, 3, 1),
        work_email="gw@example.org",
    )
    successor_post = successor.appointments.get()
    successor_post.organisation = ministry
    successor_post.save()
    researcher = Person.objects.create(given_name="Ana", family_name="Ruiz", public_listing=True)
    services.appoint_person(
        researcher,
        None,
        Role.OBSERVER,
        organisation=Organisation.objects.create(name="Peace Research Institute"),
        position="Researcher",
    )
    return {"successor": successor, "researcher": researcher}


@pytest.mark.django_db
@pytest.mark.parametrize("caller", ["anonymous", "partner", "member", "staff"])
def test_popolo_export_validates_against_the_popolo_schemas(callers, directory, caller):
    export = _export(callers[caller])
    assert set(export) == set(SECTIONS)
    validators = _validators()
    for section, schema in SECTIONS.items():
        assert export[section], section
        for item in export[section]:
            errors = sorted(validators[schema].iter_errors(item), key=str)
            assert errors == [], (section, item, [e.message for e in errors])
    ids = {item["id"] for section in export.values() for item in section}
    for membership in export["memberships"]:
        assert membership["person_id"] in ids and membership["organization_id"] in ids
        for key in ("post_id", "on_behalf_of_id"):
            if key in membership:
                assert membership[key] in ids


@pytest.mark.django_db
def test_public_popolo_has_only_consenting_people_and_no_contact_details(
    anonymous, directory, adela
):
    export = _export(anonymous)
    names = {person["name"] for person in export["persons"]}
    assert names == {"Mary Kaburu", "Grace Wanjiru", "Ana Ruiz"}
    text = json.dumps(export)
    for secret in ("example.org", "+254", "contact_details", "Díaz"):
        assert secret not in text


@pytest.mark.django_db
def test_member_popolo_has_everyone_with_contact_details(member, directory, adela):
    export = _export(member)
    persons = {person["name"]: person for person in export["persons"]}
    assert persons["Adela Díaz Bernárdez"]["email"] == "adela@example.org"
    grace = f"person/{directory['successor'].pk}"
    work = [
        m["contact_details"]
        for m in export["memberships"]
        if m["person_id"] == grace and "contact_details" in m
    ]
    assert work == [[{"type": "email", "value": "gw@example.org"}]]


@pytest.mark.django_db
def test_popolo_records_a_handover_as_two_memberships_of_one_post(
    anonymous, directory, mary, kenya
):
    export = _export(anonymous)
    post_id = f"post/{kenya.pk}/focal_point"
    holders = sorted(
        (m["start_date"] or "", m["end_date"], m["person_id"])
        for m in export["memberships"]
        if m.get("post_id") == post_id
    )
    assert holders == [
        ("2017-01-01", "2020-03-01", f"person/{mary.pk}"),
        ("2020-03-01", None, f"person/{directory['successor'].pk}"),
    ]
    post = next(p for p in export["posts"] if p["id"] == post_id)
    assert post == {
        "id": post_id,
        "label": "Focal point, Kenya",
        "role": "Focal point",
        "organization_id": "network",
    }
    observer = next(
        m for m in export["memberships"] if m["person_id"] == f"person/{directory['researcher'].pk}"
    )
    assert "on_behalf_of_id" not in observer and observer["role"] == "Observer"


@pytest.mark.django_db
def test_popolo_refuses_unknown_parameters(anonymous):
    response = anonymous.get("/api/v1/popolo.json?persons=all")
    assert response.status_code == 400
    assert "persons" in response.json()["errors"]


def test_the_validators_do_reject_what_popolo_forbids():
    validators = _validators()
    assert list(validators["membership"].iter_errors({"start_date": "1 March 2020"}))
    assert list(validators["person"].iter_errors({"links": [{"note": "no url"}]}))
    assert list(validators["person"].iter_errors({"identifiers": [{"scheme": "x"}]}))
