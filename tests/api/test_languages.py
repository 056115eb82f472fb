"""The API in three languages: ``?lang=`` wins over ``Accept-Language``, an
unknown language is a 400 naming it, answers say the language used and which
translations each text has, and writes land in the language asked for."""

import pytest
from django.utils import translation

from network.models import Theme
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_around_each_test():
    # A request leaves its language active in the thread; rows made in the
    # next test would then be written in that language's columns.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def geneva():
    meeting = make_meeting("geneva", title="Geneva meeting", summary="Held in Geneva.")
    meeting.title_es = "Reunión de Ginebra"
    meeting.save()
    return meeting


def detail(geneva):
    return f"/api/v1/meetings/{geneva.pk}/"


def test_lang_gives_the_translation_and_says_which_exist(anonymous, geneva):
    response = anonymous.get(detail(geneva), {"lang": "es"})
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    body = response.json()
    assert body["title"] == "Reunión de Ginebra"
    assert body["summary"] == "Held in Geneva."  # no Spanish summary: the original
    assert body["languages"] == {"title": ["en", "es"], "summary": ["en"]}


def test_lang_wins_over_accept_language(anonymous, geneva):
    response = anonymous.get(detail(geneva), {"lang": "es"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Language"] == "es"
    assert response.json()["title"] == "Reunión de Ginebra"


def test_accept_language_is_read_without_lang(anonymous, geneva):
    response = anonymous.get(detail(geneva), HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert response["Content-Language"] == "es"
    assert response.json()["title"] == "Reunión de Ginebra"


def test_an_untranslated_text_is_the_original_and_languages_says_so(anonymous, geneva):
    body = anonymous.get(detail(geneva), {"lang": "fr"}).json()
    assert body["title"] == "Geneva meeting"
    assert "fr" not in body["languages"]["title"]


def test_an_unknown_language_is_a_400_naming_it(anonymous, geneva):
    response = anonymous.get("/api/v1/meetings/", {"lang": "de"})
    assert response.status_code == 400
    message = response.json()["errors"]["lang"][0]
    assert "de" in message and "en, es, fr" in message


def test_lists_are_shared_per_language(anonymous, geneva):
    # The public's list pages are cached (network.core.caching): per language.
    spanish = anonymous.get("/api/v1/meetings/", {"lang": "es"}).json()
    english = anonymous.get("/api/v1/meetings/").json()
    assert [m["title"] for m in spanish["results"]] == ["Reunión de Ginebra"]
    assert [m["title"] for m in english["results"]] == ["Geneva meeting"]


def test_themes_carry_their_languages(anonymous):
    Theme.objects.create(name="Climate and security", name_fr="Climat et sécurité", slug="c")
    body = anonymous.get("/api/v1/themes/", {"lang": "fr"}).json()["results"][0]
    assert body["name"] == "Climat et sécurité"
    assert body["languages"] == {"name": ["en", "fr"]}


def test_staff_write_a_translation_in_the_language_asked_for(staff, geneva):
    response = staff.patch(
        detail(geneva) + "?lang=fr", {"title": "Réunion de Genève"}, format="json"
    )
    assert response.status_code == 200, response.json()
    geneva.refresh_from_db()
    assert (geneva.title_en, geneva.title_es, geneva.title_fr) == (
        "Geneva meeting",
        "Reunión de Ginebra",
        "Réunion de Genève",
    )


def test_the_schema_documents_lang_and_languages(anonymous):
    schema = anonymous.get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/meetings/{id}/"]["get"]
    assert any(p["name"] == "lang" for p in operation["parameters"])
    assert "languages" in schema["components"]["schemas"]["Meeting"]["properties"]
