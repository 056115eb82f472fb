"""Schemathesis against the schema, in process (WSGI): generated requests to
every operation get no 5xx and answers that conform to the schema.

Bounded (a few examples per operation, no shrinking, no example database)
so that the suite stays fast.
"""

import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from network.models import PartnerToken
from tests.factories import build_agenda, build_directory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


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


def _load_schema():
    # Loaded when the module is collected: schemathesis's lazy (fixture) loader
    # does not work with pytest 9. Generating the schema touches no database.
    loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/", _application)
    loaded.config.generation.update(max_examples=5, database="none", no_shrink=True)
    return loaded


schema = _load_schema()

FAST = settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    """People, meetings, sessions with their people, commitments, issues …
    (tests/api/conftest.py), built once for the module and rolled back after
    it: the callers here are anonymous or read-only, so no test writes."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_agenda(*build_directory())
        yield PartnerToken.objects.issue(name="Schemathesis")[1]
        transaction.set_rollback(True)


@schema.parametrize()
@FAST
@pytest.mark.django_db
def test_anonymous_requests_conform_to_the_schema(case, data):
    case.call_and_validate(checks=CHECKS)


@schema.include(method="GET").parametrize()
# The anonymous run covers every parameter's edge values (schemathesis's
# coverage phase); here a few generated requests per operation with a token.
@settings(FAST, phases=[Phase.generate])
@pytest.mark.django_db
def test_partner_requests_conform_to_the_schema(case, data):
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Token {data}"})
