"""Issue 12, finding 9: every free-text field users can edit has a cap, and
names are one line."""

import pytest
from django.apps import apps
from django.core.validators import MaxLengthValidator
from django.db import models
from rest_framework.test import APIClient

from network.core.validators import DOCUMENT_TEXT

APPS = ("network", "focalpoints", "meetings", "newsletters")


def _editable_text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in APPS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField | models.CharField) and field.editable:
                yield pytest.param(model, field, id=f"{model._meta.label}.{field.name}")


def _cap(field):
    caps = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
    return min(caps) if caps else None


@pytest.mark.parametrize(("model", "field"), list(_editable_text_fields()))
def test_every_editable_text_field_has_a_cap(model, field):
    cap = _cap(field)
    assert cap is not None, f"{model._meta.label}.{field.name} takes text of any length"
    assert cap <= DOCUMENT_TEXT


@pytest.mark.django_db
def test_a_four_megabyte_biography_is_refused_by_the_api(member_user):
    client = APIClient()
    client.force_login(member_user)
    response = client.patch(
        f"/api/v1/people/{member_user.person.pk}/", {"bio": "x" * 20_000}, format="json"
    )
    assert response.status_code == 400
    assert "bio" in response.json()["errors"]
    member_user.person.refresh_from_db()
    assert member_user.person.bio == ""


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Adela\r\nBcc: all@example.org", "Adela\nDíaz", "A\x1bB"])
def test_names_refuse_line_breaks(member_user, name):
    client = APIClient()
    client.force_login(member_user)
    response = client.patch(
        f"/api/v1/people/{member_user.person.pk}/", {"given_name": name}, format="json"
    )
    assert response.status_code == 400
    assert "given_name" in response.json()["errors"]
