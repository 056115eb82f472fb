"""Content in three languages on the pages and in the admin: the reader's
language where a translation exists, else the original marked "(in English)"
with its ``lang`` — never a translation claimed that does not exist."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from meetings.models import Commitment, Meeting
from network.choices import MemberKind
from network.core.migration_operations import copy_originals_to_translation_columns
from network.core.translations import languages_of, missing_languages, text_in
from network.models import Member, Region, Theme
from newsletters import services as newsletter_services
from newsletters.models import Entry, Newsletter
from tests.factories import make_issue, make_meeting, make_subscribers, run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def geneva():
    meeting = make_meeting(
        "geneva", title="Geneva meeting", summary="Held at the Palais des Nations."
    )
    meeting.title_es = "Reunión de Ginebra"
    meeting.save()
    return meeting


def page(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_a_spanish_reader_gets_the_spanish_title_unmarked(client, geneva):
    html = page(client, geneva.get_absolute_url(), "es")
    assert "<h1>Reunión de Ginebra</h1>" in html
    assert "Geneva meeting" not in html.split("<h1>")[1].split("</h1>")[0]


def test_an_untranslated_text_falls_back_to_the_original_marked_in_the_readers_language(
    client, geneva
):
    html = page(client, geneva.get_absolute_url(), "fr")
    assert (
        '<h1><span lang="en">Geneva meeting</span> '
        '<small class="untranslated">(en anglais)</small></h1>' in html
    )
    # The summary has no French version either: shown in English, said so.
    assert '<div lang="en"><p>Held at the Palais des Nations.</p></div>' in html


def test_an_english_reader_sees_no_marker(client, geneva):
    html = page(client, geneva.get_absolute_url(), "en")
    assert "<h1>Geneva meeting</h1>" in html
    assert "untranslated" not in html


def test_the_publics_shared_rendering_is_kept_per_language(client, geneva):
    # The public's meeting record is cached (network.core.caching); the
    # Spanish rendering must never be served to an English reader.
    assert "Reunión de Ginebra" in page(client, geneva.get_absolute_url(), "es")
    english = page(client, geneva.get_absolute_url(), "en")
    assert "Reunión de Ginebra" not in english
    assert "<h1>Geneva meeting</h1>" in english


def test_the_meeting_list_shows_each_readers_language(client, geneva):
    assert "Reunión de Ginebra" in page(client, reverse("meetings:meeting_list"), "es")
    html = page(client, reverse("meetings:meeting_list"), "fr")
    assert '<span lang="en">Geneva meeting</span>' in html


def test_commitments_fall_back_visibly_on_the_tracker(client, geneva):
    kenya = Member.objects.create(
        kind=MemberKind.STATE, name="Kenya", country="KE", region=Region.objects.get(code="014")
    )
    Commitment.objects.create(member=kenya, meeting=geneva, text="Review the M&E framework")
    html = page(client, reverse("meetings:commitment_list"), "es")
    assert (
        '<span lang="en">Review the M&amp;E framework</span> '
        '<small class="untranslated">(en inglés)</small>' in html
    )


def test_the_trackers_chart_names_meetings_in_the_readers_language(client, geneva):
    kenya = Member.objects.create(
        kind=MemberKind.STATE, name="Kenya", country="KE", region=Region.objects.get(code="014")
    )
    Commitment.objects.create(member=kenya, meeting=geneva, text="Review the M&E framework")
    spanish = page(client, reverse("meetings:commitment_list"), "es")
    chart = spanish[spanish.index('id="commitments-by-meeting"') :].split("</figure>")[0]
    assert "Reunión de Ginebra" in chart and "Geneva meeting" not in chart
    english = page(client, reverse("meetings:commitment_list"), "en")
    chart = english[english.index('id="commitments-by-meeting"') :].split("</figure>")[0]
    assert "Geneva meeting" in chart


def test_an_entry_written_in_spanish_is_marked_as_spanish_for_others(client):
    entry = Entry.objects.create(
        kind="research", title="Mujeres y mediación", summary="Un *estudio*.", language="es"
    )
    # Written in an English context, the original still lands in its own column.
    assert entry.title_es == "Mujeres y mediación" and not entry.title_en
    html = page(client, entry.get_absolute_url(), "en")
    assert '<span lang="es">Mujeres y mediación</span>' in html
    assert "(in Spanish)" in html
    assert '<div lang="es"><p>Un <em>estudio</em>.</p></div>' in html
    spanish = page(client, entry.get_absolute_url(), "es")
    assert "<h1>Mujeres y mediación</h1>" in spanish
    assert "untranslated" not in spanish


def test_a_translated_entry_summary_is_rendered_from_its_own_markdown(client):
    entry = Entry.objects.create(kind="research", title="Mediation", summary="A *study*.")
    entry.title_fr, entry.summary_fr = "Médiation", "Une **étude**."
    entry.save()
    html = page(client, entry.get_absolute_url(), "fr")
    assert "<h1>Médiation</h1>" in html
    assert "<p>Une <strong>étude</strong>.</p>" in html
    assert "untranslated" not in html


def test_the_helpers_never_claim_a_missing_translation(geneva):
    assert text_in(geneva, "title", "fr") == ("Geneva meeting", "en")
    assert text_in(geneva, "title", "es-ar") == ("Reunión de Ginebra", "es")
    assert languages_of(geneva) == {"title": ["en", "es"], "summary": ["en"]}
    assert missing_languages(geneva) == ["es", "fr"]


def test_search_text_holds_every_language(geneva):
    assert "ginebra" in Meeting.objects.get(pk=geneva.pk).search_text


def test_history_keeps_every_language(geneva):
    assert geneva.history.first().title_es == "Reunión de Ginebra"


def test_staff_translate_a_theme_in_the_admin_side_by_side(staff_client):
    theme = Theme.objects.create(name="Climate and security", slug="climate")
    url = reverse("admin:network_theme_change", args=[theme.pk])
    form = staff_client.get(url).content.decode()
    for code in ("en", "es", "fr"):
        assert f'name="name_{code}"' in form
    response = staff_client.post(
        url,
        {
            "name_en": "Climate and security",
            "name_es": "Clima y seguridad",
            "name_fr": "",
            "slug": "climate",
            "description": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    theme.refresh_from_db()
    assert (theme.name_en, theme.name_es, theme.name_fr) == (
        "Climate and security",
        "Clima y seguridad",
        None,
    )


def test_the_admin_lists_what_is_left_to_translate(staff_client, geneva):
    done = make_meeting("rome", title="Rome meeting")
    done.title_es, done.title_fr = "Reunión de Roma", "Réunion de Rome"
    done.save()
    url = reverse("admin:meetings_meeting_changelist")
    missing_french = staff_client.get(url, {"missing_translation": "fr"}).content.decode()
    assert "Geneva meeting" in missing_french and "Rome meeting" not in missing_french
    assert staff_client.get(url, {"missing_translation": "xx"}).status_code in (200, 302)


def test_the_meeting_admin_offers_every_language(staff_client, geneva):
    html = staff_client.get(reverse("admin:meetings_meeting_change", args=[geneva.pk])).content
    for field in ("title_en", "title_es", "title_fr", "summary_es"):
        assert f'name="{field}"'.encode() in html
    assert b'name="title"' not in html


def test_a_spanish_issue_shows_entries_in_spanish_or_marked_and_has_its_own_feed(
    client, mailoutbox
):
    newsletter = Newsletter.objects.create(name="WPS Newsletter", slug="wps", default_language="en")
    newsletter.name_es = "Boletín MPS"
    newsletter.save()
    translated = Entry.objects.create(kind="research", title="Mediation", summary="A study.")
    translated.title_es, translated.summary_es = "Mediación", "Un estudio."
    translated.save()
    untranslated = Entry.objects.create(kind="research", title="Peacekeeping", summary="Data.")
    make_subscribers(newsletter, 1, language="es", prefix="lector")
    issue = make_issue(newsletter, [translated, untranslated], language="es", title="Número 1")
    newsletter_services.schedule_issue(issue)
    run_tasks()
    (message,) = mailoutbox
    html = message.alternatives[0].content
    assert "Mediación" in html and "Un estudio." in html
    assert '<span lang="en">Peacekeeping</span>' in html and "(en inglés)" in html
    assert "* Peacekeeping (en inglés)" in message.body
    # The Spanish feed lists the Spanish version, in Spanish; the English one none.
    spanish_feed = client.get(reverse("newsletters:feed_language", args=["es"])).content.decode()
    assert 'xml:lang="es"' in spanish_feed and "Boletín MPS No. 1: Número 1" in spanish_feed
    english_feed = client.get(reverse("newsletters:feed_language", args=["en"])).content.decode()
    assert "Número 1" not in english_feed
    assert client.get("/newsletters/feed/de/").status_code == 404


def test_theme_search_reads_every_language(client):
    Theme.objects.create(name="Climate and security", name_es="Clima y seguridad", slug="c")
    Theme.objects.create(name="Migration", slug="m")
    found = client.get("/api/v1/themes/", {"q": "clima", "lang": "en"}).json()["results"]
    assert [theme["name"] for theme in found] == ["Climate and security"]
    found = client.get("/api/v1/themes/", {"q": "migra", "lang": "es"}).json()["results"]
    assert [theme["name"] for theme in found] == ["Migration"]


def test_the_migration_fills_each_original_into_its_languages_column(geneva):
    entry = Entry.objects.create(kind="research", title="Mujeres", language="es")
    Meeting.objects.filter(pk=geneva.pk).update(title_en=None)
    Entry.objects.filter(pk=entry.pk).update(title_es=None)
    # The models as the migrations see them: plain columns, no translation magic.
    # (At the apps' latest migrations: the columns the copy reads and writes are
    # the same there, and later migrations changed others, e.g. an entry's status.)
    loader = MigrationLoader(connection)
    state = loader.project_state(
        [node for node in loader.graph.leaf_nodes() if node[0] in ("meetings", "newsletters")]
    )
    copy_originals_to_translation_columns("meetings.Meeting", ["title"]).code(state.apps, None)
    copy_originals_to_translation_columns(
        "newsletters.Entry", ["title"], language_field="language"
    ).code(state.apps, None)
    assert Meeting.objects.get(pk=geneva.pk).title_en == "Geneva meeting"
    assert Entry.objects.get(pk=entry.pk).title_es == "Mujeres"


def test_theme_choices_sort_as_the_reader_reads_them(client, geneva):
    kenya = Member.objects.create(
        kind=MemberKind.STATE, name="Kenya", country="KE", region=Region.objects.get(code="014")
    )
    commitment = Commitment.objects.create(member=kenya, meeting=geneva, text="Pledge")
    commitment.themes.set(
        [
            Theme.objects.create(name="Youth", slug="y"),
            Theme.objects.create(name="Climate", name_es="Zonas de clima", slug="c"),
            Theme.objects.create(name="Migration", slug="m"),
        ]
    )
    html = page(client, reverse("meetings:commitment_list"), "es")
    assert html.index(">Migration<") < html.index(">Youth<") < html.index(">Zonas de clima<")
