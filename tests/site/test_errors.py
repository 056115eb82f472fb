"""Error pages: clear, in the site's layout, and never a traceback."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path

from network import urls as project_urls

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("a bug")


def database_down(request):
    raise OperationalError("connection failed: the database system is shutting down")


# Ahead of the project's: the API answers its own 404 for any path under /api/v1/.
urlpatterns = [
    path("boom/", boom),
    path("down/", database_down),
    path("api/v1/down/", database_down),
    path("api/v1/boom/", boom),
    *project_urls.urlpatterns,
]
handler500 = project_urls.handler500


def test_404_page_is_in_the_site_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert 'href="#main"' in content


def test_500_page_stands_alone(settings):
    settings.ROOT_URLCONF = "tests.site.test_errors"
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong on our side" in content
    assert "a bug" not in content


def test_a_database_outage_is_a_503_to_wait_out(settings):
    settings.ROOT_URLCONF = "tests.site.test_errors"
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/down/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    content = response.content.decode()
    assert "The site is unavailable for a moment" in content
    assert "shutting down" not in content


def test_the_api_answers_json_for_outages_and_bugs(settings):
    settings.ROOT_URLCONF = "tests.site.test_errors"
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    outage = client.get("/api/v1/down/")
    assert outage.status_code == 503
    assert outage.headers["Retry-After"] == "30"
    assert outage.json() == {
        "detail": "The service is unavailable for a moment. Please try again shortly."
    }
    bug = client.get("/api/v1/boom/")
    assert bug.status_code == 500
    assert bug.json() == {"detail": "Server error."}
    assert "a bug" not in bug.content.decode()


def test_csrf_failure_page_explains_what_to_do(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert "The form expired" in response.content.decode()


def test_a_bad_host_gets_the_400_page(client, settings):
    settings.DEBUG = False
    response = client.get("/", headers={"host": "evil.example.com"})
    assert response.status_code == 400
    assert "This request cannot be answered" in response.content.decode()
