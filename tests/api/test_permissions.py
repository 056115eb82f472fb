"""The permission table: every endpoint × caller × action, with its status.

A new endpoint is a new row in TABLE and its objects in `world` (or, for the
resources of meetings and newsletters, `_agenda_objects`), pretix style.
Statuses per caller are (GET list, GET detail, POST, PATCH, DELETE).
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from rest_framework.test import APIClient

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.models import Appointment, Person
from network.choices import MemberKind
from network.models import (
    LibraryDocument,
    Member,
    Organisation,
    PartnerToken,
    Region,
    Theme,
    Tombstone,
)
from tests.factories import build_agenda, build_directory

ACTIONS = ["list", "detail", "post", "patch", "delete"]
CALLERS = ["anonymous", "partner", "member", "staff", "staff_without_2fa", "staff_without_perms"]

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
    "action-plans": READ_ONLY,
    # The library's own documents: public ones like any public resource;
    # members-only ones hidden from the public and partners.
    "library-documents": READ_ONLY,
    "library-documents (members only)": {
        "anonymous": (200, 404, 401, 401, 401),
        "partner": (200, 404, 403, 403, 403),
        "member": (200, 200, 403, 403, 403),
        "staff": (200, 200, 201, 200, 204),
    },
    "meetings": READ_ONLY,
    "sessions": READ_ONLY,
    # Registrations are personal: hidden from the public and partners (an empty
    # list, 404 for an object); a member registers and cancels only themselves.
    "registrations (own)": {
        "anonymous": (200, 404, 401, 401, 401),
        "partner": (200, 404, 403, 403, 403),
        "member": (200, 200, 201, 200, 403),
        "staff": (200, 200, 201, 200, 204),
    },
    "registrations (someone else's)": {
        "anonymous": (200, 404, 401, 401, 401),
        "partner": (200, 404, 403, 403, 403),
        "member": (200, 404, 403, 404, 403),
        "staff": (200, 200, 201, 200, 204),
    },
    "commitments": READ_ONLY,
    # A member adds updates to their own member's commitments, no other.
    "commitment-updates (own member's)": {
        **READ_ONLY,
        "member": (200, 200, 201, 403, 403),
    },
    "commitment-updates (another member's)": READ_ONLY,
    "entries": READ_ONLY,
    "entries (unpublished)": {
        "anonymous": (200, 404, 401, 401, 401),
        "partner": (200, 404, 403, 403, 403),
        "member": (200, 404, 403, 403, 403),
        "staff": (200, 200, 201, 200, 204),
    },
    # A member's proposal awaiting review: its author reads it, nobody else but
    # staff; members propose on the site (/newsletters/propose/), not the API.
    "entries (own proposal)": {
        "anonymous": (200, 404, 401, 401, 401),
        "partner": (200, 404, 403, 403, 403),
        "member": (200, 200, 403, 403, 403),
        "staff": (200, 200, 201, 200, 204),
    },
    # Issues are read-only for everyone: staff compose and send them in the admin.
    # A method a resource does not offer is a 405 for every caller, before
    # credentials are looked at (the schema lists only GET).
    "newsletter-issues (sent)": dict.fromkeys(CALLERS, (200, 200, 405, 405, 405)),
    "newsletter-issues (draft)": {
        "anonymous": (200, 404, 405, 405, 405),
        "partner": (200, 404, 405, 405, 405),
        "member": (200, 404, 405, 405, 405),
        "staff": (200, 200, 405, 405, 405),
    },
    "subscriptions (own)": {
        "anonymous": (200, 404, 401, 401, 401),
        "partner": (200, 404, 403, 403, 403),
        "member": (200, 200, 403, 200, 403),
        "staff": (200, 200, 201, 200, 204),
    },
    "subscriptions (someone else's)": {
        "anonymous": (200, 404, 401, 401, 401),
        "partner": (200, 404, 403, 403, 403),
        "member": (200, 404, 403, 404, 403),
        "staff": (200, 200, 201, 200, 204),
    },
    # Tombstones hold nothing personal: everyone reads them, nobody writes.
    "deletions": dict.fromkeys(CALLERS, (200, 200, 405, 405, 405)),
    # Read-only resources (staff write them in the admin): 405 for every
    # caller; members-only meeting documents hidden from the public and partners.
    "plan-checklist": dict.fromkeys(CALLERS, (200, 200, 405, 405, 405)),
    "plan-reports": dict.fromkeys(CALLERS, (200, 200, 405, 405, 405)),
    "meeting-documents": dict.fromkeys(CALLERS, (200, 200, 405, 405, 405)),
    "meeting-documents (members only)": {
        "anonymous": (200, 404, 405, 405, 405),
        "partner": (200, 404, 405, 405, 405),
        "member": (200, 200, 405, 405, 405),
        "staff": (200, 200, 405, 405, 405),
    },
}


def _logged_in_without_staff_powers(row):
    """Staff with a device who skipped its code, and staff without model
    permissions (issue 12): they read what the public reads and write nothing
    (403), unless no caller may (405: the resource offers no such method)."""
    return (*row["anonymous"][:2], *(405 if code == 405 else 403 for code in row["anonymous"][2:]))


for _row in TABLE.values():
    _row["staff_without_2fa"] = _row["staff_without_perms"] = _logged_in_without_staff_powers(_row)

# The resources of meetings and newsletters: their rows run over data built once
# for the module (`agenda_world`), the others over the function-scoped `world`.
AGENDA_PREFIXES = {
    "action-plans",
    "plan-checklist",
    "plan-reports",
    "meeting-documents",
    "meetings",
    "sessions",
    "registrations",
    "commitments",
    "commitment-updates",
    "entries",
    "newsletter-issues",
    "subscriptions",
}
AGENDA_ENDPOINTS = {endpoint for endpoint in TABLE if endpoint.split(" ")[0] in AGENDA_PREFIXES}


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
        "deletions": {
            "detail": Tombstone.objects.create(resource="people", object_id=999, reason="deleted"),
            "delete": Tombstone.objects.create(resource="themes", object_id=998, reason="deleted"),
            "post": {"resource": "people", "object_id": 1, "reason": "deleted"},
            "patch": {"reason": "withdrawn"},
        },
        "people (own)": {
            "detail": adela,
            "delete": adela,
            "post": {"given_name": "Carmen", "family_name": "López"},
            "patch": {"bio": "Human rights lawyer.", "languages": ["es", "en"]},
        },
        "library-documents": {
            "detail": LibraryDocument.objects.create(
                title="Guidance on action plans", url="https://example.org/guidance"
            ),
            "delete": LibraryDocument.objects.create(
                title="Old guidance", url="https://example.org/old"
            ),
            "post": {
                "kind": "guidance",
                "title": "New guidance",
                "address": "https://example.org/n",
            },
            "patch": {"title": "Guidance on national action plans"},
        },
        "library-documents (members only)": {
            "detail": LibraryDocument.objects.create(
                title="Internal notes", url="https://example.org/notes", audience="members"
            ),
            "delete": LibraryDocument.objects.create(
                title="Other notes", url="https://example.org/other", audience="members"
            ),
            "post": {
                "title": "New notes",
                "address": "https://example.org/new-notes",
                "audience": "members",
            },
            "patch": {"title": "Internal notes (revised)"},
        },
    }


@pytest.fixture(scope="module")
def agenda_world(django_db_setup, django_db_blocker):
    """Objects of the meetings and newsletters resources to read, change and
    delete, with the accounts of the callers. Built once for the module (the
    agenda is some 150 writes) and rolled back after it; each row runs in a
    savepoint inside."""
    with django_db_blocker.unblock(), transaction.atomic():
        spain, kenya, ecowas, adela, mary = build_directory()
        from django_otp.plugins.otp_totp.models import TOTPDevice

        accounts = {
            "member": adela.user,
            "staff": get_user_model().objects.create_user(
                email="staff@example.org", is_staff=True, is_superuser=True
            ),
            "staff_without_2fa": get_user_model().objects.create_user(
                email="staff.with.device@example.org", is_staff=True, is_superuser=True
            ),
            "staff_without_perms": get_user_model().objects.create_user(
                email="no.perms@example.org", is_staff=True
            ),
        }
        TOTPDevice.objects.create(user=accounts["staff_without_2fa"], name="phone", confirmed=True)
        token = PartnerToken.objects.issue(name="University research group")[1]
        objects = _agenda_objects(build_agenda(spain, kenya, ecowas, adela, mary), spain, kenya)
        yield {"objects": objects, "accounts": accounts, "token": token}
        transaction.set_rollback(True)


def _agenda_objects(a, spain, kenya):
    from meetings.models import MeetingDocument
    from network.models import ActionPlanReport, PlanFeatureAssessment
    from newsletters.choices import EntryKind, EntryStatus
    from newsletters.models import Entry

    def checklist_line(feature):
        return PlanFeatureAssessment.objects.create(
            plan=a["second_plan"], feature=feature, answer="yes", source_url="https://example.org/p"
        )

    def report(title):
        return ActionPlanReport.objects.create(
            plan=a["second_plan"],
            kind="progress_report",
            title=title,
            published_on=datetime.date(2019, 3, 8),
            url=f"https://example.org/{title.lower().replace(' ', '-')}",
        )

    def document(title, audience="public"):
        return MeetingDocument.objects.create(
            meeting=a["held"],
            kind="report",
            title=title,
            url=f"https://example.org/{title.lower().replace(' ', '-')}",
            audience=audience,
        )

    read_only = {"post": {"title": "New"}, "patch": {"title": "Changed"}}

    adela, mary = a["own_registration"].person, a["mary_registration"].person
    new_entry = {"kind": "research", "title": "New study", "summary": "*Findings*."}
    return {
        "action-plans": {
            "detail": a["second_plan"],
            "delete": a["regional_plan"],
            "post": {
                "member": kenya.pk,
                "scope": "national",
                "sequence": 1,
                "adopted_on": "2016-03-08",
                "themes": [a["theme"].pk],
            },
            "patch": {"notes": "Costed in 2019."},
        },
        "plan-checklist": {
            "detail": checklist_line("funding"),
            "delete": checklist_line("monitoring"),
            **read_only,
        },
        "plan-reports": {
            "detail": report("First progress report"),
            "delete": report("Second progress report"),
            **read_only,
        },
        "meeting-documents": {
            "detail": document("Chair's summary"),
            "delete": document("Concept note"),
            **read_only,
        },
        "meeting-documents (members only)": {
            "detail": document("Delegations' notes", "members"),
            "delete": document("Other notes", "members"),
            **read_only,
        },
        "meetings": {
            "detail": a["held"],
            "delete": a["another"],
            "post": {
                "kind": "expert",
                "title": "Expert meeting on migration",
                "slug": "expert-migration",
                "start_date": "2030-05-01",
                "end_date": "2030-05-02",
                "hosts": [spain.pk],
            },
            "patch": {"venue": "Casa Mediterráneo"},
        },
        "sessions": {
            "detail": a["session"],
            "delete": a["spare_session"],
            "post": {
                "meeting": a["held"].pk,
                "title": "Working group on participation",
                "kind": "working_group",
                "day": "2017-04-27",
            },
            "patch": {"room": "Room 2"},
        },
        "registrations (own)": {
            "detail": a["own_registration"],
            "delete": a["own_registration"],
            "post": {"meeting": a["another"].pk, "person": adela.pk, "travel_support": True},
            "patch": {"status": "cancelled"},
        },
        "registrations (someone else's)": {
            "detail": a["mary_registration"],
            "delete": a["mary_registration"],
            "post": {"meeting": a["another"].pk, "person": mary.pk},
            "patch": {"status": "cancelled"},
        },
        "commitments": {
            "detail": a["spain_commitment"],
            "delete": a["spare_commitment"],
            "post": {
                "member": spain.pk,
                "meeting": a["held"].pk,
                "text": "Train fifty women mediators.",
            },
            "patch": {"status": "achieved"},
        },
        "commitment-updates (own member's)": {
            "detail": a["spain_update"],
            "delete": a["spain_update"],
            "post": {
                "commitment": a["spain_commitment"].pk,
                "text": "The new framework is adopted.",
                "new_status": "achieved",
            },
            "patch": {"text": "Framework under review by Parliament."},
        },
        "commitment-updates (another member's)": {
            "detail": a["kenya_update"],
            "delete": a["kenya_update"],
            "post": {"commitment": a["kenya_commitment"].pk, "text": "Funds received."},
            "patch": {"text": "Funds found in the budget."},
        },
        "entries": {
            "detail": a["entry"],
            "delete": a["spare_entry"],
            "post": new_entry,
            "patch": {"summary": "A **new** study."},
        },
        "entries (unpublished)": {
            "detail": a["draft_entry"],
            "delete": Entry.objects.create(
                kind=EntryKind.FUNDING, title="Another draft", status=EntryStatus.DRAFT
            ),
            "post": {**new_entry, "status": "draft"},
            "patch": {"title": "Call for proposals"},
        },
        "entries (own proposal)": {
            "detail": Entry.objects.create(
                kind=EntryKind.RESEARCH,
                title="Proposed study",
                status=EntryStatus.PROPOSED,
                proposed_by=adela.user,
            ),
            "delete": Entry.objects.create(
                kind=EntryKind.RESEARCH,
                title="Another proposed study",
                status=EntryStatus.PROPOSED,
                proposed_by=adela.user,
            ),
            "post": {**new_entry, "status": "proposed"},
            "patch": {"title": "Proposed study (edited)"},
        },
        "newsletter-issues (sent)": {
            "detail": a["sent_issue"],
            "delete": a["sent_issue"],
            "post": {"title": "Third issue"},
            "patch": {"title": "Changed"},
        },
        "newsletter-issues (draft)": {
            "detail": a["draft_issue"],
            "delete": a["draft_issue"],
            "post": {"title": "Third issue"},
            "patch": {"title": "Changed"},
        },
        "subscriptions (own)": {
            "detail": a["own_subscription"],
            "delete": a["own_subscription"],
            "post": {"newsletter": "wps", "email": "new.reader@example.org", "language": "fr"},
            "patch": {"language": "es"},
        },
        "subscriptions (someone else's)": {
            "detail": a["other_subscription"],
            "delete": a["other_subscription"],
            "post": {"newsletter": "wps", "email": "another@example.org"},
            "patch": {"language": "es"},
        },
    }


def _prefix(endpoint):
    return endpoint.split(" ")[0]


def _rows(endpoints):
    return [
        pytest.param(
            endpoint,
            caller,
            action,
            TABLE[endpoint][caller][index],
            id=f"{endpoint}-{caller}-{action}",
        )
        for endpoint in endpoints
        for caller in CALLERS
        for index, action in enumerate(ACTIONS)
    ]


def _call(client, endpoint, objects, action):
    base = f"/api/v1/{_prefix(endpoint)}/"
    if action == "list":
        return client.get(base)
    if action == "detail":
        return client.get(f"{base}{objects['detail'].pk}/")
    if action == "post":
        return client.post(base, objects["post"], format="json")
    if action == "patch":
        return client.patch(f"{base}{objects['detail'].pk}/", objects["patch"], format="json")
    return client.delete(f"{base}{objects['delete'].pk}/")


def _check(response, expected):
    assert response.status_code == expected, response.content
    if expected >= 400:
        body = response.json()
        assert body["status"] == expected
        assert body["code"] and body["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("endpoint", "caller", "action", "expected"),
    _rows([endpoint for endpoint in TABLE if endpoint not in AGENDA_ENDPOINTS]),
)
def test_permission_table(request, world, endpoint, caller, action, expected):
    client = request.getfixturevalue(caller)  # only the caller this row needs
    _check(_call(client, endpoint, world[endpoint], action), expected)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("endpoint", "caller", "action", "expected"),
    _rows([endpoint for endpoint in TABLE if endpoint in AGENDA_ENDPOINTS]),
)
def test_permission_table_of_meetings_and_newsletters(
    agenda_world, endpoint, caller, action, expected
):
    client = APIClient()
    if caller == "partner":
        client.credentials(HTTP_AUTHORIZATION=f"Token {agenda_world['token']}")
    elif caller in agenda_world["accounts"]:
        client.force_login(agenda_world["accounts"][caller])
    _check(_call(client, endpoint, agenda_world["objects"][endpoint], action), expected)


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
        "action-plans": "action-plan",
        "library-documents": "library-document",
        "plan-checklist": "plan-checklist-item",
        "plan-reports": "plan-report",
        "meeting-documents": "meeting-document",
        "meetings": "meeting",
        "sessions": "session",
        "registrations": "registration",
        "commitments": "commitment",
        "commitment-updates": "commitment-update",
        "entries": "entry",
        "newsletter-issues": "newsletter-issue",
        "subscriptions": "subscription",
        "deletions": "deletion",
    }
    assert registered == {basenames[_prefix(endpoint)] for endpoint in TABLE}


# --- partner tokens limited to some resources (PartnerToken.resources) ---------


def _scoped_client(*resources):
    client = APIClient()
    plaintext = PartnerToken.objects.issue(name="Scoped", resources=resources)[1]
    client.credentials(HTTP_AUTHORIZATION=f"Token {plaintext}")
    return client


SCOPE_TABLE = [
    # (the token's resources, path, status)
    (("meetings",), "/api/v1/meetings/", 200),
    (("meetings",), "/api/v1/people/", 403),
    (("meetings",), "/api/v1/popolo.json", 403),
    (("meetings",), "/api/v1/", 200),
    (("meetings",), "/api/v1/schema/", 200),
    (("meetings",), "/api/v1/docs/", 200),
    (("meetings",), "/api/v1/docs/swagger/", 200),
    (("meetings",), "/api/v1/docs/redoc/", 200),
    (("people", "popolo.json"), "/api/v1/popolo.json", 200),
    (("people",), "/api/v1/deletions/", 403),
    (("plan-checklist", "plan-reports"), "/api/v1/plan-reports/", 200),
    (("plan-checklist",), "/api/v1/plan-reports/", 403),
    (("action-plans",), "/api/v1/plan-checklist/", 403),
    (("meeting-documents",), "/api/v1/meeting-documents/", 200),
    (("meetings",), "/api/v1/meeting-documents/", 403),
    ((), "/api/v1/people/", 200),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("resources", "path", "status"), SCOPE_TABLE)
def test_a_token_reads_only_within_its_scope(resources, path, status):
    response = _scoped_client(*resources).get(path)
    assert response.status_code == status
    if status == 403:
        body = response.json()
        assert body["code"] == "permission_denied"
        assert body["detail"] == f"This token may read only: {', '.join(resources)}."
