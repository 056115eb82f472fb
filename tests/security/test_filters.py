"""Issue 12, findings 6 and 9: public filters cannot select people by
members-only facts; search terms are bounded."""

import pytest
from rest_framework.test import APIClient

from network.models import Language, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed_expert(mary):
    """Mary is publicly listed; her languages and expertise are members' facts."""
    theme = Theme.objects.create(name="Climate and security")
    mary.expertise.add(theme)
    language, _created = Language.objects.get_or_create(code="sw", defaults={"name": "Swahili"})
    mary.languages.add(language)
    mary.refresh_search_text()
    return mary, theme, language


@pytest.mark.parametrize("parameter", ["language=sw", "theme=climate-and-security"])
def test_members_only_filters_are_refused_to_the_public(listed_expert, parameter):
    response = APIClient().get(f"/api/v1/people/?{parameter}")
    assert response.status_code == 400
    name = parameter.split("=")[0]
    assert name in response.json()["errors"]


def test_members_may_use_them(listed_expert, member_user):
    client = APIClient()
    client.force_login(member_user)
    response = client.get("/api/v1/people/?theme=climate-and-security")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_public_search_does_not_read_expertise(listed_expert, member_user):
    assert APIClient().get("/api/v1/people/?q=climate").json()["count"] == 0
    assert APIClient().get("/api/v1/people/?q=kaburu").json()["count"] == 1
    client = APIClient()
    client.force_login(member_user)
    assert client.get("/api/v1/people/?q=climate").json()["count"] == 1


@pytest.mark.parametrize("term", ["a " * 11, "x" * 101])
def test_a_search_term_too_long_is_a_clear_400(db, term):
    response = APIClient().get("/api/v1/people/", {"q": term})
    assert response.status_code == 400
    assert "q" in response.json()["errors"]
