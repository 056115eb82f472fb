"""The directory as Popolo JSON (https://www.popoloproject.com/specs/):
persons, organizations, memberships and posts, with the specification's
field names, streamed in constant memory.

How the network maps onto Popolo:

* the network itself is an organization (``id: "network"``); each Member is
  an organization (``member/<id>``, classified by its kind) and each
  Organisation a ministry or body (``organisation/<id>``, its parent the
  member it belongs to);
* a post is a role for a member in the network (``post/<member id>/<role>``:
  "Focal point for Spain");
* an Appointment is a membership of its person in the network, on behalf of
  the member, holding that post; when it names the organisation the person
  works in, a second membership (``appointment/<id>/organisation``) records
  the position there. ``end_date`` is the day the post ended.

Visibility applies as everywhere (network.core.visibility): the public and
partners get only people who consented to public listing, and no contact
details; members and staff get contact details too.
"""

import itertools

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

from focalpoints.choices import Role
from focalpoints.models import Appointment, Person
from network.api.base_views import check_query_parameters
from network.api.links import Links
from network.api.renderers import ORJSONRenderer, dumps
from network.choices import MemberKind
from network.core.audit import log_personal_data_export
from network.core.visibility import APPOINTMENT_FIELDS, PERSON_FIELDS, viewer_for, visible_fields
from network.models import Member, Organisation

CHUNK = 1000
NETWORK_ID = "network"
NETWORK_NAME = "Women, Peace and Security Focal Points Network"


def _date(value):
    return value.isoformat() if value else None


def _datetime(value):
    return value.isoformat().replace("+00:00", "Z") if value else None


def _rows(queryset):
    return queryset.iterator(chunk_size=CHUNK)


def popolo_persons(viewer, links):
    fields = visible_fields(viewer, PERSON_FIELDS)
    columns = ["id", "honorific", "given_name", "family_name", "created_at", "updated_at"]
    columns += [name for name in ("email", "phone", "bio") if name in fields]
    for row in _rows(Person.objects.visible_to(viewer).order_by("id").values(*columns)):
        person = {
            "id": f"person/{row['id']}",
            "name": " ".join(p for p in (row["given_name"], row["family_name"]) if p),
            "given_name": row["given_name"],
            "family_name": row["family_name"] or None,
            "honorific_prefix": row["honorific"] or None,
            "identifiers": [{"identifier": str(row["id"]), "scheme": "wps-network-person"}],
            "links": [{"url": links.detail("person", row["id"]), "note": "API"}],
            "created_at": _datetime(row["created_at"]),
            "updated_at": _datetime(row["updated_at"]),
        }
        if row.get("email"):
            person["email"] = row["email"]
        if row.get("bio"):
            person["biography"] = row["bio"]
        if row.get("phone"):
            person["contact_details"] = [{"type": "voice", "value": row["phone"]}]
        yield person


def popolo_organizations(viewer, links):
    yield {
        "id": NETWORK_ID,
        "name": NETWORK_NAME,
        "classification": "network",
        # The Foundational Meeting in New York, September 2016 (Chair's Summary, Alicante 2017).
        "founding_date": "2016-09",
    }
    kinds = dict(MemberKind.choices)
    columns = ["id", "name", "acronym", "slug", "kind", "country", "website", "joined_on"]
    for row in _rows(Member.objects.visible_to(viewer).order_by("id").values(*columns)):
        identifiers = [{"identifier": row["slug"], "scheme": "wps-network-member"}]
        if row["country"]:
            identifiers.append({"identifier": str(row["country"]), "scheme": "ISO 3166-1 alpha-2"})
        organization = {
            "id": f"member/{row['id']}",
            "name": row["name"],
            "classification": str(kinds.get(row["kind"], row["kind"])),
            "identifiers": identifiers,
            "links": [{"url": links.detail("member", row["id"]), "note": "API"}],
        }
        if row["acronym"]:
            organization["other_names"] = [{"name": row["acronym"], "note": "acronym"}]
        if row["website"]:
            organization["links"].append({"url": row["website"], "note": "website"})
        yield organization
    columns = ["id", "name", "acronym", "member_id", "website"]
    for row in _rows(Organisation.objects.visible_to(viewer).order_by("id").values(*columns)):
        organization = {
            "id": f"organisation/{row['id']}",
            "name": row["name"],
            "classification": "organisation",
            "links": [{"url": links.detail("organisation", row["id"]), "note": "API"}],
        }
        if row["member_id"]:
            organization["parent_id"] = f"member/{row['member_id']}"
        if row["acronym"]:
            organization["other_names"] = [{"name": row["acronym"], "note": "acronym"}]
        if row["website"]:
            organization["links"].append({"url": row["website"], "note": "website"})
        yield organization


def _visible_appointments(viewer):
    return Appointment.objects.visible_to(viewer).filter(
        person__in=Person.objects.visible_to(viewer)
    )


def _post_id(member_id, role):
    return f"post/{member_id}/{role}"


def popolo_memberships(viewer, links):
    fields = visible_fields(viewer, APPOINTMENT_FIELDS)
    roles = dict(Role.choices)
    columns = [
        "id",
        "person_id",
        "member_id",
        "organisation_id",
        "role",
        "position",
        "start_on",
        "end_on",
    ]
    columns += [name for name in ("work_email", "phone") if name in fields]
    for row in _rows(_visible_appointments(viewer).order_by("id").values(*columns)):
        contact_details = [
            {"type": kind, "value": row[name]}
            for name, kind in (("work_email", "email"), ("phone", "voice"))
            if row.get(name)
        ]
        membership = {
            "id": f"appointment/{row['id']}",
            "person_id": f"person/{row['person_id']}",
            "organization_id": NETWORK_ID,
            "role": str(roles.get(row["role"], row["role"])),
            "label": row["position"] or None,
            "start_date": _date(row["start_on"]),
            "end_date": _date(row["end_on"]),
            "links": [{"url": links.detail("appointment", row["id"]), "note": "API"}],
        }
        if row["member_id"]:
            membership["on_behalf_of_id"] = f"member/{row['member_id']}"
            membership["post_id"] = _post_id(row["member_id"], row["role"])
        if contact_details:
            membership["contact_details"] = contact_details
        yield membership
        if row["organisation_id"]:
            yield {
                "id": f"appointment/{row['id']}/organisation",
                "person_id": f"person/{row['person_id']}",
                "organization_id": f"organisation/{row['organisation_id']}",
                "label": row["position"] or None,
                "start_date": _date(row["start_on"]),
                "end_date": _date(row["end_on"]),
            }


def popolo_posts(viewer, links):
    roles = dict(Role.choices)
    pairs = (
        _visible_appointments(viewer)
        .filter(member__isnull=False)
        .values_list("member_id", "member__name", "role")
        .order_by("member_id", "role")
        .distinct()
    )
    for member_id, member_name, role in _rows(pairs):
        yield {
            "id": _post_id(member_id, role),
            "label": f"{roles.get(role, role)}, {member_name}",
            "role": str(roles.get(role, role)),
            "organization_id": NETWORK_ID,
        }


SECTIONS = [
    ("persons", popolo_persons),
    ("organizations", popolo_organizations),
    ("memberships", popolo_memberships),
    ("posts", popolo_posts),
]


def popolo_chunks(viewer, links):
    """The export as a stream of bytes: one JSON object, section by section,
    a batch of items at a time."""
    yield b"{"
    for index, (name, items) in enumerate(SECTIONS):
        yield (b"," if index else b"") + dumps(name) + b":["
        first = True
        iterator = items(viewer, links)
        while batch := list(itertools.islice(iterator, CHUNK)):
            body = b",".join(dumps(item) for item in batch)
            yield body if first else b"," + body
            first = False
        yield b"]"
    yield b"}"


class PopoloExportView(APIView):
    """The directory as Popolo JSON."""

    renderer_classes = [ORJSONRenderer]

    @extend_schema(
        operation_id="popolo_export",
        summary="The directory as Popolo JSON",
        description=(
            "Persons, organizations (the network, its members and the organisations "
            "people work in), memberships (appointments) and posts, with the field "
            "names of the Popolo specification (https://www.popoloproject.com/specs/). "
            "Streamed. The public and partners get only people who consented to public "
            "listing, and no contact details."
        ),
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="An object with the arrays persons, organizations, "
                "memberships and posts.",
            )
        },
        tags=["popolo"],
    )
    def get(self, request):
        check_query_parameters(request, allowed=())
        # Staff without the permission to view people see the public's export.
        viewer = viewer_for(request).for_model(Person)
        log_personal_data_export(
            request,
            dataset=Person,
            export_format="popolo",
            surface="api",
            rows=Person.objects.visible_to(viewer).count(),
        )
        response = StreamingHttpResponse(
            popolo_chunks(viewer, Links.for_request(request)), content_type="application/json"
        )
        response["Content-Disposition"] = 'inline; filename="popolo.json"'
        response["Vary"] = "Authorization, Cookie"
        return response
