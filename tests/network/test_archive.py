"""A full export restores into an empty database with every table's count intact."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from focalpoints.models import Appointment, Person
from network.core.archive import row_counts
from network.models import Theme

pytestmark = pytest.mark.django_db(transaction=True)


def test_archive_round_trip_restores_every_table(tmp_path, adela, mary):
    call_command("load_demo", stdout=io.StringIO())
    adela.expertise.set(Theme.objects.all()[:2])
    before = row_counts()
    search_before = dict(Person.objects.values_list("pk", "search_text"))
    archive = tmp_path / "wps.zip"
    call_command("export_archive", str(archive), stdout=io.StringIO())

    call_command("flush", "--no-input", verbosity=0)
    assert Person.objects.count() == 0

    out = io.StringIO()
    call_command("restore_archive", str(archive), stdout=out)
    assert row_counts() == before
    assert "MISMATCH" not in out.getvalue()
    assert dict(Person.objects.values_list("pk", "search_text")) == search_before
    assert Appointment.objects.get(person__family_name="Díaz Bernárdez", work_email__gt="")
    # New rows get fresh ids after a restore (sequences moved past the restored ones).
    new = Person.objects.create(given_name="After", family_name="Restore")
    assert new.pk > max(search_before)


def test_restore_refuses_a_database_that_holds_data(tmp_path, adela):
    archive = tmp_path / "wps.zip"
    call_command("export_archive", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore_archive", str(archive), stdout=io.StringIO())


def test_restore_refuses_a_file_that_is_not_an_archive(tmp_path, db):
    bogus = tmp_path / "bogus.zip"
    bogus.write_text("not a zip")
    with pytest.raises(CommandError, match="not an archive"):
        call_command("restore_archive", str(bogus), stdout=io.StringIO())


def test_an_archive_from_before_the_public_search_text_restores_people_the_public_finds(
    tmp_path, adela, client
):
    import json
    import zipfile

    adela.public_listing = True
    adela.save()
    archive = tmp_path / "wps.zip"
    call_command("export_archive", str(archive), stdout=io.StringIO())
    # The same archive as an older release wrote it: no public search text.
    older = tmp_path / "older.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(older, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "data.jsonl":
                rows = [json.loads(line) for line in data.decode().splitlines() if line]
                for row in rows:
                    row.get("fields", {}).pop("public_search_text", None)
                data = "\n".join(json.dumps(row) for row in rows).encode()
            target.writestr(name, data)
    call_command("flush", "--no-input", verbosity=0)
    call_command("restore_archive", str(older), stdout=io.StringIO())

    assert "diaz bernardez" in Person.objects.get(pk=adela.pk).public_search_text
    found = client.get("/api/v1/people/", {"q": "diaz bernardez"}).json()["results"]
    assert [person["id"] for person in found] == [adela.pk]
