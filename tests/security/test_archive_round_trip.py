"""Backup and restore cover every app: with a row in every table the archive
holds — people, posts, meetings, registrations, commitments, subscriptions,
deliveries, action plans, tokens, tombstones, two-factor devices, the export log and the
history of each — an archive restored into an empty database gives every
table its count back, and the rows their contents."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from network.core import privacy
from network.core.archive import archived_models, row_counts
from network.models import Tombstone
from newsletters.models import Subscription
from tests.factories import seed_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_archive_round_trip_restores_every_table_of_every_app(
    tmp_path, member_user, staff_user, senegal, mary
):
    world = seed_world(member_user, staff_user, senegal, mary)
    Group.objects.create(name="Editors").user_set.add(staff_user)
    TOTPDevice.objects.create(user=staff_user, name="phone")
    StaticToken.objects.create(
        device=StaticDevice.objects.create(user=staff_user, name="backup"), token="12345678"
    )
    privacy.export_person_data(world.adela, user=staff_user, surface="command")
    # A partner's mirror relies on the deletions after a restore too.
    Tombstone.objects.create(resource="people", object_id=12345, reason="deleted")
    before = row_counts()
    empty = sorted(label for label, count in before.items() if count == 0)
    assert empty == [], f"tables the round trip would not test: {empty}"
    apps_covered = {model._meta.app_label for model in archived_models()}
    assert {"network", "focalpoints", "meetings", "newsletters", "otp_totp", "auth"} <= apps_covered
    emails = sorted(Subscription.objects.values_list("email", flat=True))

    archive = tmp_path / "wps.zip"
    call_command("export_archive", str(archive), stdout=io.StringIO())
    call_command("flush", "--no-input", verbosity=0)
    assert sum(row_counts().values()) < sum(before.values())

    out = io.StringIO()
    call_command("restore_archive", str(archive), stdout=out)
    after = row_counts()
    assert after == before
    assert "MISMATCH" not in out.getvalue()
    assert sorted(Subscription.objects.values_list("email", flat=True)) == emails
    print(
        f"\narchive round trip: {len(before)} tables, {sum(before.values())} rows, "
        f"{sum(1 for label in before if before[label] == after[label])} tables equal"
    )
