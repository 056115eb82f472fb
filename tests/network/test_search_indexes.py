"""The trigram indexes that serve the searches (``LIKE '%word%'``) on
PostgreSQL update in place, so that a search right after a bulk import or many
saves still uses its index (network.core.migration_operations)."""

import pytest
from django.db import connection

from focalpoints.models import Person

pytestmark = pytest.mark.django_db

SEARCHED = [
    "focalpoints_person",
    "network_member",
    "network_organisation",
    "network_actionplan",
    "newsletters_entry",
]
INDEXES = [
    *(f"{table}_search_text_trgm" for table in SEARCHED),
    "focalpoints_person_public_search_text_trgm",
]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes are PostgreSQL's; SQLite searches without them")


def test_every_search_index_updates_in_place(postgresql):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)",
            [INDEXES],
        )
        options = dict(cursor.fetchall())
    assert options == {index: ["fastupdate=off"] for index in INDEXES}


def test_a_search_after_many_new_people_leaves_no_entry_pending(postgresql):
    Person.objects.bulk_create(
        Person(given_name=f"Ana {n}", family_name="Garcia", search_text=f"ana {n} garcia")
        for n in range(300)
    )
    with connection.cursor() as cursor:
        # Nothing waits in a pending list: the index has every new row now.
        cursor.execute(
            "SELECT gin_clean_pending_list('focalpoints_person_search_text_trgm'::regclass)"
        )
        assert cursor.fetchone()[0] == 0


def test_the_publics_count_of_people_reads_its_index_alone(postgresql, client):
    """The API's count for the public (every first reader after a save) is an
    index-only scan of the public people's ids, not a scan of the table."""
    from django.test.utils import CaptureQueriesContext

    from network.core.visibility import PUBLIC

    Person.objects.bulk_create(
        Person(given_name=f"Ana {n}", family_name="Garcia", public_listing=n % 2 == 0)
        for n in range(200)
    )
    with CaptureQueriesContext(connection) as queries:
        assert Person.objects.visible_to(PUBLIC).count() == 100
    (count,) = [query["sql"] for query in queries if "COUNT(*)" in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE focalpoints_person")
        cursor.execute("SET LOCAL enable_seqscan = off")  # the table is small here
        cursor.execute(f"EXPLAIN {count}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using person_public_ids" in plan
    assert client.get("/api/v1/people/").json()["count"] == 100
