"""The public home page: the network in numbers, and the other apps' sections."""

import datetime

import pytest

from focalpoints import services
from focalpoints.choices import Role
from network.models import Member

pytestmark = pytest.mark.django_db


FIGURES = [
    "state_count",
    "organisation_count",
    "region_count",
    "focal_point_count",
    "represented_count",
]


def figures(response):
    return {key: response.context[key] for key in FIGURES}


def test_the_network_in_numbers(client, spain, kenya, senegal, ecowas, adela, mary):
    Member.objects.create(kind="state", name="Gone", country="FR", active=False)
    services.end_appointment(mary.appointments.get(), on=datetime.date(2020, 1, 1))
    services.appoint_person(mary, senegal, Role.ALTERNATE, start_on=datetime.date(2020, 1, 1))
    response = client.get("/")
    assert response.status_code == 200
    assert figures(response) == {
        "state_count": 3,  # Spain, Kenya, Senegal; not the inactive one
        "organisation_count": 1,
        "region_count": 2,  # Europe, Africa
        "focal_point_count": 1,  # Adela; Mary is now an alternate
        "represented_count": 1,
    }
    content = response.content.decode()
    assert "Adela" not in content
    assert "Log in" in content


def test_home_page_sections_of_other_apps_appear_once_they_exist(client, db, settings, tmp_path):
    (tmp_path / "newsletters").mkdir()
    (tmp_path / "newsletters" / "_home_latest_issue.html").write_text(
        "<section><h2>Latest issue</h2></section>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    content = client.get("/").content.decode()
    assert "<h2>Latest issue</h2>" in content


def test_members_are_pointed_to_the_directory_and_their_profile(member_client, adela):
    content = member_client.get("/").content.decode()
    assert 'href="/directory/"' in content
    assert 'href="/directory/profile/"' in content
