"""English, Spanish and French: switcher, translated pages, localised names
and dates, and complete catalogues compiled in the repository."""

import ast
import datetime
import gettext
from pathlib import Path

import pytest
from django.conf import settings

from focalpoints import services
from focalpoints.choices import Role
from network.models import Region

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize(
    ("language", "heading", "nav"),
    [
        ("en", "Members of the network", "Directory"),
        ("es", "Miembros de la red", "Directorio"),
        ("fr", "Membres du réseau", "Annuaire"),
    ],
)
def test_the_switcher_changes_the_language_of_the_pages(
    member_client, adela, language, heading, nav
):
    response = member_client.post(
        "/i18n/setlang/", {"language": language, "next": "/directory/members/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/directory/members/"
    content = member_client.get("/directory/members/").content.decode()
    assert f'<html lang="{language}"' in content
    assert f"<h1>{heading}</h1>" in content
    assert f">{nav}</a>" in content


def test_the_switcher_refuses_to_send_visitors_off_site(client, db):
    response = client.post(
        "/i18n/setlang/", {"language": "fr", "next": "https://evil.example.com/"}
    )
    assert response["Location"] == "/"


def test_the_browser_language_is_used_without_a_choice(client, db):
    content = client.get("/", headers={"accept-language": "es-ES,es;q=0.9"}).content.decode()
    assert "La red en cifras" in content


def test_country_names_and_dates_are_localised(member_client, spain, adela):
    member_client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    content = member_client.get(f"/directory/people/{adela.pk}/").content.decode()
    assert "Espagne" in content
    assert "23 septembre 2016" in content
    member_client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    content = member_client.get(f"/directory/people/{adela.pk}/").content.decode()
    assert "España" in content
    assert "23 de septiembre de 2016" in content


def test_role_names_from_the_models_are_translated(member_client, kenya, adela):
    person = adela
    services.appoint_person(person, kenya, Role.OBSERVER, start_on=datetime.date(2020, 1, 1))
    member_client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    content = member_client.get(f"/directory/people/{person.pk}/").content.decode()
    assert "Observador/a" in content
    assert "Punto focal" in content


def test_region_names_are_the_uns_own_in_each_language(client, spain):
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert "Europa › Europa meridional" in client.get("/directory/members/ES/").content.decode()
    assert "Europa meridional</option>" in client.get("/directory/members/").content.decode()
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert "Europe › Europe méridionale" in client.get("/directory/members/ES/").content.decode()
    # A region the secretariat renamed (a save, as the admin's) shows its new
    # name, untranslated.
    region = Region.objects.get(code="039")
    region.name = "Mediterranean Europe"
    region.save()
    assert "Europe › Mediterranean Europe" in client.get("/directory/members/ES/").content.decode()


def read_po(path):
    """The entries of a .po file: {(context, msgid): {"msgstr": …, "flags": …}}."""
    entries, current, key = {}, {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current.get("msgid"):
                entries[(current.get("msgctxt"), current["msgid"])] = current
            current, key = {}, None
        elif line.startswith("#,"):
            current["flags"] = line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
        else:
            key, _space, value = line.partition(" ")
            current[key] = ast.literal_eval(value)
    return entries


@pytest.mark.parametrize("language", ["es", "fr"])
def test_every_string_is_translated_and_the_compiled_catalogue_is_current(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.exists(), "run `make messages` and commit the .mo files"
    compiled = gettext.GNUTranslations(mo.open("rb"))._catalog
    entries = read_po(po)
    assert len(entries) > 300
    problems = []
    for (context, msgid), entry in entries.items():
        key = f"{context}\x04{msgid}" if context else msgid
        if "fuzzy" in entry.get("flags", ""):
            problems.append(f"fuzzy: {msgid!r}")
        if "msgid_plural" in entry:
            forms = [entry[name] for name in entry if name.startswith("msgstr[")]
            if not all(forms):
                problems.append(f"untranslated: {msgid!r}")
            elif [compiled.get((key, n)) for n in range(len(forms))] != forms:
                problems.append(f"not compiled: {msgid!r}")
        elif not entry["msgstr"]:
            problems.append(f"untranslated: {msgid!r}")
        elif compiled.get(key) != entry["msgstr"]:
            problems.append(f"not compiled: {msgid!r}")
    assert problems == [], "run `make messages`, translate, and commit:\n" + "\n".join(problems)
