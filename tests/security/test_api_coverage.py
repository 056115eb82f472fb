"""Schemathesis (tests/api/test_schemathesis.py) generates requests from the
OpenAPI schema; this pins that the schema names every endpoint the API
serves, so that whatever resource is added is covered by it too."""

import json

import pytest
import yaml

pytestmark = pytest.mark.django_db


def test_the_schema_covers_every_endpoint_of_the_api_root(client, reference_data):
    root = json.loads(client.get("/api/v1/").content)
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    paths = set(schema["paths"])
    missing = []
    for name, url in root.items():
        path = url.replace("http://testserver", "")
        if name in {"schema", "docs"}:
            continue
        if path not in paths:
            missing.append(path)
        if path.endswith("/") and name != "popolo":
            detail = next((p for p in paths if p.startswith(path) and p.endswith("}/")), None)
            if detail is None:
                missing.append(path + "{id}/")
    print(
        f"\nAPI coverage: {len(root) - 2} endpoints in the root, {len(paths)} paths in the schema"
    )
    assert missing == []
    assert len(paths) >= len(root) - 2
