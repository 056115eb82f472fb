"""The OpenAPI 3 schema: valid, every field and parameter described, and
its browsable docs served from local assets under the site's CSP."""

import re

import pytest
import yaml
from openapi_spec_validator import validate

from network.api.schema import ERRORS


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    # Generated once for the module: it takes a second or two.
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


@pytest.mark.django_db
def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


@pytest.mark.django_db
def test_schema_lists_every_resource(schema):
    for prefix in (
        "members",
        "regions",
        "themes",
        "organisations",
        "people",
        "appointments",
        "action-plans",
        "meetings",
        "sessions",
        "registrations",
        "commitments",
        "commitment-updates",
        "entries",
        "newsletter-issues",
        "subscriptions",
    ):
        assert f"/api/v1/{prefix}/" in schema["paths"]
        assert f"/api/v1/{prefix}/{{id}}/" in schema["paths"]
    assert "/api/v1/popolo.json" in schema["paths"]
    # Issues are read-only: staff compose and send them in the admin.
    assert set(schema["paths"]["/api/v1/newsletter-issues/"]) == {"get"}
    assert set(schema["paths"]["/api/v1/newsletter-issues/{id}/"]) == {"get"}


@pytest.mark.django_db
def test_personal_and_conditional_fields_are_optional_and_say_who_sees_them(schema):
    components = schema["components"]["schemas"]
    registration = components["Registration"]
    assert "required" not in registration  # all of it is the person's own, or staff's
    access = registration["properties"]["access_needs"]["description"]
    assert "Present only for the person themselves and staff." in access
    assert "Present only for staff." in registration["properties"]["notes"]["description"]
    subscription = components["Subscription"]
    assert (
        "Present only for the person themselves and staff."
        in (subscription["properties"]["email"]["description"])
    )
    role = components["SessionRole"]
    assert "person" not in role["required"] and "name" in role["required"]
    update = components["CommitmentUpdate"]
    assert "author" not in update["required"] and "commitment" in update["required"]
    assert components["Meeting"]["properties"]["calendar_url"]["format"] == "uri"


def _properties(schema):
    for name, component in schema["components"]["schemas"].items():
        for prop, definition in component.get("properties", {}).items():
            yield name, prop, definition


@pytest.mark.django_db
def test_every_field_and_parameter_is_described(schema):
    undescribed = [
        f"{component}.{prop}"
        for component, prop, definition in _properties(schema)
        if not definition.get("description")
    ]
    assert undescribed == []
    parameters = [
        f"{method.upper()} {path} {parameter['name']}"
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        for parameter in operation.get("parameters", [])
        if not parameter.get("description")
    ]
    assert parameters == []


@pytest.mark.django_db
def test_fields_hidden_by_policy_are_optional_and_say_who_sees_them(schema):
    person = schema["components"]["schemas"]["Person"]
    assert "email" not in person.get("required", [])
    assert "given_name" in person["required"]
    assert "Present only for members and staff." in person["properties"]["email"]["description"]
    assert "Present only for staff." in person["properties"]["notes"]["description"]


@pytest.mark.django_db
def test_related_objects_are_brief_out_and_ids_in(schema):
    components = schema["components"]["schemas"]
    assert components["Organisation"]["properties"]["member"]["allOf"][0]["$ref"].endswith(
        "/Brief"
    ) or "Brief" in str(components["Organisation"]["properties"]["member"])
    assert components["OrganisationRequest"]["properties"]["member"]["type"] == "integer"


@pytest.mark.django_db
def test_every_operation_documents_the_error_shape(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for code in ("400", "401", "404", "429"):
                content = operation["responses"][code]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (path, method)
            if method in ("post", "put", "patch", "delete"):
                assert "403" in operation["responses"]
    assert set(ERRORS) >= {"400", "401", "403", "404", "405", "429"}


@pytest.mark.django_db
def test_filters_and_pagination_are_parameters(schema):
    commitments = {p["name"] for p in schema["paths"]["/api/v1/commitments/"]["get"]["parameters"]}
    assert {"q", "member", "member_id", "meeting", "meeting_id", "region", "status"} <= commitments
    assert {"theme", "due_on_after", "due_on_before", "updated_since", "ordering"} <= commitments
    names = {p["name"] for p in schema["paths"]["/api/v1/people/"]["get"]["parameters"]}
    assert {"q", "member", "member_id", "region", "role", "theme", "language", "status"} <= names
    assert {"ordering", "updated_since", "page", "page_size", "format"} <= names
    page_size = next(
        p
        for p in schema["paths"]["/api/v1/people/"]["get"]["parameters"]
        if p["name"] == "page_size"
    )
    assert page_size["schema"]["maximum"] == 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "asset"), [("/api/v1/docs/swagger/", "swagger-ui"), ("/api/v1/docs/redoc/", "redoc")]
)
def test_docs_load_local_assets_with_the_csp_nonce(anonymous, url, asset):
    response = anonymous.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts
    for attributes in scripts:
        assert f'nonce="{nonce}"' in attributes or "src=" in attributes
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert all(src.startswith("/static/") for src in sources), sources
    assert any(asset in src for src in sources)
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
