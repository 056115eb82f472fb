"""What the schema promises, the server keeps (issue 13): the answers
schemathesis found outside their schema, one test each."""

import pytest
from django.urls import resolve

from meetings.models import Meeting
from network.api.exceptions import json_not_found

pytestmark = pytest.mark.django_db


def test_an_unknown_format_is_a_400_naming_format(anonymous):
    response = anonymous.get("/api/v1/meetings/?format=xml")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["format"]
    # CSV is for lists: a single object asked for it hears which formats it has.
    meeting = Meeting.objects.create(title="Dateless", slug="dateless")
    response = anonymous.get(f"/api/v1/meetings/{meeting.pk}/?format=csv")
    assert response.status_code == 400
    assert "json" in response.json()["errors"]["format"][0]


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing/", "/api/v1/meetings/0/", "/api/v1/meetings/-1/"]
)
def test_every_api_path_that_names_nothing_answers_json(anonymous, path):
    response = anonymous.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("path", ["/api/v1/meetings/x\ny/", "/api/v1/\nmeetings/", "/api/v1/a\n"])
def test_a_path_with_a_newline_reaches_the_json_404(path):
    # The test client drops the newline a raw HTTP request keeps: ask the resolver.
    assert resolve(path).func is json_not_found


def test_a_method_not_offered_is_a_405_whatever_the_query(anonymous):
    for method in ("TRACE", "POST"):  # POST: newsletter-issues are read-only
        response = anonymous.generic(method, "/api/v1/newsletter-issues/?format=csv")
        assert response.status_code == 405, method
        assert response.json()["code"] == "method_not_allowed"


def test_a_meeting_without_dates_has_no_calendar_link(anonymous):
    meeting = Meeting.objects.create(title="Dateless", slug="dateless")
    body = anonymous.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert body["calendar_url"] is None
    assert anonymous.get(f"/meetings/{meeting.slug}/calendar.ics").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "action-plans/?adopted_from=2000.5",
        "action-plans/?adopted_to=1899",
        "meetings/?year=2201",
        "newsletter-issues/?number=0",
        "people/?member_id=0",
        "meetings/?ordering=",
    ],
)
def test_bounds_the_schema_states_are_enforced(anonymous, query):
    assert anonymous.get(f"/api/v1/{query}").status_code == 400


def test_the_schema_states_those_bounds(staff):
    # Staff's schema: it has the writes too (partners are served only reads).
    schema = staff.get("/api/v1/schema/?format=json").json()
    parameters = {
        p["name"]: p["schema"]
        for p in schema["paths"]["/api/v1/action-plans/"]["get"]["parameters"]
    }
    assert parameters["adopted_from"] == {"type": "integer", "minimum": 1900, "maximum": 2200}
    assert parameters["member_id"]["items"]["minimum"] == 1
    assert parameters["ordering"]["minItems"] == 1
    operations = schema["paths"]["/api/v1/meetings/"]
    assert {} in operations["get"]["security"]  # anonymous reads
    assert {} not in operations["post"]["security"]  # writes need credentials
    email = schema["components"]["schemas"]["PersonAppointment"]["properties"]["work_email"]
    assert {"type": "string", "maxLength": 0} in email["anyOf"]


def test_page_parameters_are_checked_for_csv_too(anonymous):
    response = anonymous.get("/api/v1/themes/?format=csv&page_size=-3")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page_size"]
