"""Sync that sees deletions (issue 13): a deleted person, a withdrawn
consent, an unpublished entry each leave a tombstone that
``/api/v1/deletions/?since=`` serves with the same cursor as
``updated_since``; nothing personal is in one."""

import datetime

import pytest
from django.utils import timezone

from focalpoints.models import Appointment, Person
from network.models import Tombstone
from newsletters.choices import EntryStatus
from newsletters.models import Entry

pytestmark = pytest.mark.django_db


def _since(client, cursor, **params):
    response = client.get("/api/v1/deletions/", {"since": cursor.isoformat(), **params})
    assert response.status_code == 200, response.content
    return {
        (row["resource"], row["object_id"], row["reason"]) for row in response.json()["results"]
    }


def test_a_deleted_person_and_their_posts_appear_in_the_sync(anonymous, mary):
    cursor = timezone.now()
    posts = list(Appointment.objects.filter(person=mary).values_list("pk", flat=True))
    assert posts
    mary_id = mary.pk
    mary.delete()
    seen = _since(anonymous, cursor)
    assert ("people", mary_id, "deleted") in seen
    assert {("appointments", pk, "deleted") for pk in posts} <= seen


def test_a_withdrawn_consent_appears_in_the_sync(partner, mary):
    assert mary.public_listing
    cursor = timezone.now()
    posts = set(Appointment.objects.filter(person=mary).values_list("pk", flat=True))
    mary.public_listing = False
    mary.save()
    seen = _since(partner, cursor)
    assert ("people", mary.pk, "withdrawn") in seen
    assert {("appointments", pk, "withdrawn") for pk in posts} <= seen
    # The lists no longer show her to a partner: the tombstone is the only news.
    assert partner.get(f"/api/v1/people/{mary.pk}/").status_code == 404
    # Saving again without a change records nothing more.
    mary.save()
    assert Tombstone.objects.filter(resource="people", object_id=mary.pk).count() == 1


def test_an_unpublished_entry_appears_in_the_sync(anonymous):
    entry = Entry.objects.create(kind="research", title="A study", status=EntryStatus.PUBLISHED)
    cursor = timezone.now()
    entry.status = EntryStatus.DRAFT
    entry.save()
    assert ("entries", entry.pk, "withdrawn") in _since(anonymous, cursor)


def test_the_cursor_and_the_resource_filter(anonymous):
    old = Tombstone.objects.create(resource="themes", object_id=1, reason="deleted")
    Tombstone.objects.filter(pk=old.pk).update(
        removed_at=timezone.now() - datetime.timedelta(days=2)
    )
    new = Tombstone.objects.create(resource="people", object_id=2, reason="deleted")
    yesterday = timezone.now() - datetime.timedelta(days=1)
    assert _since(anonymous, yesterday) == {("people", 2, "deleted")}
    # updated_since is the same cursor, so one stored value serves every list.
    response = anonymous.get("/api/v1/deletions/", {"updated_since": yesterday.isoformat()})
    assert [row["id"] for row in response.json()["results"]] == [new.pk]
    assert _since(anonymous, yesterday - datetime.timedelta(days=2), resource="themes") == {
        ("themes", 1, "deleted")
    }


def test_nothing_personal_in_a_tombstone(anonymous, mary):
    cursor = timezone.now()
    name, family = mary.given_name, mary.family_name
    mary.delete()
    response = anonymous.get("/api/v1/deletions/", {"since": cursor.isoformat()})
    body = response.content.decode()
    assert name not in body and family not in body
    assert {field.name for field in Tombstone._meta.get_fields()} == {
        "id",
        "resource",
        "object_id",
        "removed_at",
        "reason",
    }
    for row in response.json()["results"]:
        assert set(row) == {"id", "url", "display", "resource", "object_id", "removed_at", "reason"}


def test_a_rolled_back_delete_leaves_no_tombstone(mary):
    from django.db import transaction

    pk = mary.pk
    with pytest.raises(RuntimeError), transaction.atomic():
        mary.delete()
        raise RuntimeError
    assert not Tombstone.objects.exists()
    assert Person.objects.filter(pk=pk).exists()
