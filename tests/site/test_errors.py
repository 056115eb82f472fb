"""Error pages: clear, in the site's layout, and never a traceback."""

import pytest
from django.test import Client
from django.urls import path

from network import urls as project_urls

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [*project_urls.urlpatterns, path("boom/", boom)]


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
