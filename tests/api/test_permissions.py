"""The permission table: every endpoint × caller × action, with its status.

A new endpoint is a new entry in ENDPOINTS and a new row in TABLE (pretix
style). Statuses per caller are (GET list, GET detail, POST, PATCH, DELETE).
"""

import datetime

import pytest

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.models import Appointment, Person
from network.choices import MemberKind
from network.models import Member, Organisation, Region, Theme

ACTIONS = ["list", "detail", "post", "patch", "delete"]
CALLERS = ["anonymous", "partner", "member", "staff"]

READ_ONLY = {
    "anonymous": (200, 200, 401, 401, 401),
    "partner": (200, 200, 403, 403, 403),
    "member": (200, 200, 403, 403, 403),
    "staff": (200, 200, 201, 200, 204),
}

TABLE = {
    "members": READ_ONLY,
    "regions": READ_ONLY,
    "themes": READ_ONLY,
    "organisations": READ_ONLY,
    "appointments": READ_ONLY,
    # Someone else's entry, publicly listed: a member may read but not change it.
    "people": READ_ONLY,
    # The member's own entry, not publicly listed: hidden from the public and
    # partners, and its self-service fields are the member's to change.
    "people (own)": {
        "anonymous": (200, 404, 401, 401, 401),
        "partner": (200, 404, 403, 403, 403),
        "member": (200, 200, 403, 200, 403),
        "staff": (200, 200, 201, 200, 204),
    },
}


@pytest.fixture
def world(spain, kenya, adela, mary, member_user):
    """One object of each resource to read and change, and one to delete."""
    theme = Theme.objects.create(name="Climate and security")
    organisation = Organisation.objects.create(name="Ministry of Foreign Affairs", member=spain)
    mary_post = Appointment.objects.get(person=mary)
    spare_person = Person.objects.create(given_name="Spare", public_listing=True)
    spare_post = services.appoint_person(
        spare_person, kenya, Role.ALTERNATE, start_on=datetime.date(2020, 1, 1)
    )
    return {
        "members": {
            "detail": spain,
            "delete": Member.objects.create(kind=MemberKind.STATE, name="Chile", country="CL"),
            "post": {"kind": "state", "name": "France", "country": "FR"},
            "patch": {"website": "https://www.exteriores.gob.es/"},
        },
        "regions": {
            "detail": Region.objects.get(code="039"),
            "delete": Region.objects.create(code="990", name="Test region", level="region"),
            "post": {"code": "991", "name": "Another region", "level": "region"},
            "patch": {"name": "Southern Europe"},
        },
        "themes": {
            "detail": theme,
            "delete": Theme.objects.create(name="Migration"),
            "post": {"name": "Humanitarian crises"},
            "patch": {"description": "Climate change as a threat multiplier."},
        },
        "organisations": {
            "detail": organisation,
            "delete": Organisation.objects.create(name="National Police"),
            "post": {"name": "Ministry of Defence", "member": spain.pk},
            "patch": {"acronym": "MAEC"},
        },
        "appointments": {
            "detail": mary_post,
            "delete": spare_post,
            "post": {
                "person": mary.pk,
                "member": spain.pk,
                "role": "observer",
                "start_on": "2021-01-01",
            },
            "patch": {"position": "Senior Gender Officer"},
        },
        "people": {
            "detail": mary,
            "delete": spare_person,
            "post": {"given_name": "Nadia", "family_name": "Ali"},
            "patch": {"bio": "Works on women's participation in peace processes."},
        },
        "people (own)": {
            "detail": adela,
            "delete": adela,
            "post": {"given_name": "Carmen", "family_name": "López"},
            "patch": {"bio": "Human rights lawyer.", "languages": ["es", "en"]},
        },
    }


def _prefix(endpoint):
    return endpoint.split(" ")[0]


ROWS = [
    pytest.param(
        endpoint, caller, action, TABLE[endpoint][caller][index], id=f"{endpoint}-{caller}-{action}"
    )
    for endpoint in TABLE
    for caller in CALLERS
    for index, action in enumerate(ACTIONS)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("endpoint", "caller", "action", "expected"), ROWS)
def test_permission_table(request, world, endpoint, caller, action, expected):
    client = request.getfixturevalue(caller)  # only the caller this row needs
    objects = world[endpoint]
    base = f"/api/v1/{_prefix(endpoint)}/"
    if action == "list":
        response = client.get(base)
    elif action == "detail":
        response = client.get(f"{base}{objects['detail'].pk}/")
    elif action == "post":
        response = client.post(base, objects["post"], format="json")
    elif action == "patch":
        response = client.patch(f"{base}{objects['detail'].pk}/", objects["patch"], format="json")
    else:
        response = client.delete(f"{base}{objects['delete'].pk}/")
    assert response.status_code == expected, response.content
    if expected >= 400:
        body = response.json()
        assert body["status"] == expected
        assert body["code"] and body["detail"]


def test_every_registered_resource_is_in_the_table():
    from django.urls import get_resolver

    api = get_resolver().namespace_dict["api"][1]
    registered = {
        name[: -len("-list")]
        for name in api.reverse_dict
        if isinstance(name, str) and name.endswith("-list")
    }
    basenames = {
        "members": "member",
        "regions": "region",
        "themes": "theme",
        "organisations": "organisation",
        "appointments": "appointment",
        "people": "person",
    }
    assert registered == {basenames[_prefix(endpoint)] for endpoint in TABLE}
