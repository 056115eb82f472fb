"""Schemathesis against the schema, in process (WSGI): generated requests to
every operation, with every check schemathesis has (server errors, status
codes, content types, headers, response schemas, negative and positive data,
authentication, undeclared methods …), anonymous, as a partner and as staff.

Bounded (a few examples per operation, no shrinking, no example database)
so that the suite stays fast; ``make schemathesis`` runs the same tests with
more examples (SCHEMATHESIS_EXAMPLES).
"""

import json
import os

import pytest
import schemathesis
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.config._checks import (
    POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES,
    PositiveDataAcceptanceConfig,
)

from network.models import PartnerToken
from tests.factories import build_agenda, build_directory, make_user

#: None: every check schemathesis has (its default set).
CHECKS = None
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "5"))


def _application(environ, start_response):
    """The project's WSGI application, without closing the database
    connection at the end of each request (as Django's test client does): the
    test's transaction must survive the request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from network.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, start_response)
        try:
            return [b"".join(result)]
        finally:
            result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _whole_schema():
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


def _load_schema():
    # Loaded when the module is collected: schemathesis's lazy (fixture) loader
    # does not work with pytest 9. Generating the schema touches no database.
    # The whole schema, as generated without a request: served over HTTP, an
    # anonymous caller gets only its reads (network.api.schema.only_permitted_methods),
    # and the suite checks the writes too, refused to the public and done by staff.
    loaded = schemathesis.openapi.from_dict(_whole_schema())
    loaded.app = _application
    loaded.config.generation.update(max_examples=EXAMPLES, database="none", no_shrink=True)
    # A filter value the schema allows but that names nothing (member=XX,
    # theme=0) is a 400 naming it, by design (docs/api.md, "Strict
    # parameters"): no schema can list every code that exists.
    loaded.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
        expected_statuses=[*POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES, "400"]
    )
    return loaded


schema = _load_schema()

FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    """People, meetings, sessions with their people, commitments, issues …
    (tests/api/conftest.py), built once for the module and rolled back after
    it; a partner token and a staff session. Staff's writes stay inside the
    module's transaction."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_agenda(*build_directory())
        token = PartnerToken.objects.issue(name="Schemathesis")[1]
        staff = make_user("schemathesis.staff@example.org", is_staff=True, is_superuser=True)
        session = SessionStore()
        session[SESSION_KEY] = str(staff.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
        session.create()
        yield {
            "partner": {"Authorization": f"Token {token}"},
            "staff": {"Cookie": f"sessionid={session.session_key}"},
        }
        transaction.set_rollback(True)


@schema.parametrize()
@FAST
@pytest.mark.django_db
def test_anonymous_requests_conform_to_the_schema(case, data):
    case.call_and_validate(checks=CHECKS)


# The anonymous run covers every parameter's edge values (schemathesis's
# coverage phase); partners and staff get a few generated requests per
# operation. A token's writes are 403 by the token's rule, so only its reads.
AS_CALLER = settings(FAST, phases=[Phase.generate], max_examples=max(3, EXAMPLES // 2))


@schema.include(method="GET").parametrize()
@AS_CALLER
@pytest.mark.django_db
def test_partner_requests_conform_to_the_schema(case, data):
    case.call_and_validate(checks=CHECKS, headers=data["partner"])


@schema.parametrize()
@AS_CALLER
@pytest.mark.django_db
def test_staff_requests_conform_to_the_schema(case, data):
    case.call_and_validate(checks=CHECKS, headers=data["staff"])
