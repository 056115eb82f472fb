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
