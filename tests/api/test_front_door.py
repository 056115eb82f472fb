"""The partners' front door at /api/v1/docs/ (a page of the site) and the
schema each caller is served: partners see only the methods they may call."""

import pytest

pytestmark = pytest.mark.django_db

WRITES = {"post", "put", "patch", "delete"}


def test_the_front_door_is_a_site_page_that_links_the_references(anonymous, settings):
    response = anonymous.get("/api/v1/docs/")
    assert response.status_code == 200
    assert "base.html" in [t.name for t in response.templates]
    html = response.content.decode()
    for link in ("/api/v1/docs/swagger/", "/api/v1/docs/redoc/", "/api/v1/schema/"):
        assert f'href="{link}' in html
    for section in ("who-reads-what", "tokens", "first-request", "paging", "sync", "errors"):
        assert f'id="{section}"' in html
    assert 'id="rates"' in html and 'id="versions"' in html
    assert "curl -H" in html and "import requests" in html
    assert "/deletions/" in html and "updated_since" in html
    assert settings.API_THROTTLE_RATES["partner"] in html
    assert settings.API_THROTTLE_RATES["anonymous"] in html
    assert "/api/v2/" in html


def test_the_front_door_answers_a_token_outside_its_scope(db):
    from rest_framework.test import APIClient

    from network.models import PartnerToken

    plaintext = PartnerToken.objects.issue(name="Meetings only", resources=["meetings"])[1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plaintext}")
    assert client.get("/api/v1/docs/").status_code == 200


def _methods(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    return schema, {method for item in schema["paths"].values() for method in item}


@pytest.mark.parametrize("caller", ["anonymous", "partner", "member"])
def test_callers_who_are_not_staff_see_only_reads(callers, caller):
    schema, methods = _methods(callers[caller])
    assert methods <= {"get", "head", "parameters"}
    assert "get" in schema["paths"]["/api/v1/people/"]
    assert "/api/v1/people/{id}/" in schema["paths"]


def test_staff_see_every_operation(staff):
    schema, methods = _methods(staff)
    assert methods >= WRITES
    assert "post" in schema["paths"]["/api/v1/meetings/"]
    assert "patch" in schema["paths"]["/api/v1/people/{id}/"]


def test_the_schema_generated_without_a_request_is_whole():
    # manage.py spectacular (and the schemathesis suite) generate for developers.
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "post" in schema["paths"]["/api/v1/meetings/"]
