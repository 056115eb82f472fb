"""The shared cache (network.core.cache_backend.DatabaseCache) behaves as Django's cache,
and writes in one statement on PostgreSQL."""

from contextlib import nullcontext

import pytest
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connection

from network.core import cache_backend as cache_module
from network.core.cache_backend import DatabaseCache


@pytest.fixture
def cache(db, monkeypatch):
    # Never cull during a test's assertions on query counts.
    monkeypatch.setattr(cache_module, "CULL_EVERY", 10**12)
    return DatabaseCache("wps_cache", {})


def test_set_get_add_touch_and_expiry_behave_as_djangos(cache):
    reference = DjangoDatabaseCache("wps_cache", {"KEY_PREFIX": "django"})
    for backend in (cache, reference):
        backend.set("a", {"x": 1}, 30)
        assert backend.get("a") == {"x": 1}
        assert backend.add("a", 2) is False
        assert backend.get("a") == {"x": 1}
        assert backend.add("b", 2) is True
        assert backend.touch("a", 60) is True
        assert backend.touch("missing", 60) is False
        backend.set("gone", 1, timeout=-1)
        assert backend.get("gone") is None
        assert backend.add("gone", 5) is True
        assert backend.get("gone") == 5
        backend.set("forever", "kept", timeout=None)
        assert backend.get("forever") == "kept"
        backend.set("n", 1)
        assert backend.incr("n") == 2


def test_a_write_is_one_statement_on_postgresql(cache, django_assert_num_queries):
    if connection.vendor != "postgresql":
        pytest.skip("single-statement writes are PostgreSQL's (SQLite uses Django's own)")
    with django_assert_num_queries(1):
        cache.set("key", "value")
    with django_assert_num_queries(1):
        cache.set("key", "other")
    with django_assert_num_queries(1):
        assert cache.add("key", "third") is False
    with django_assert_num_queries(1):
        assert cache.touch("key", 10) is True
    assert cache.get("key") == "other"


def test_many_values_are_written_in_one_statement_on_postgresql(cache, django_assert_num_queries):
    big = "<li>row</li>" * 5000  # stored compressed
    cache.set("b", "old")
    one_statement = connection.vendor == "postgresql"  # SQLite: Django's, a key at a time
    with django_assert_num_queries(1) if one_statement else nullcontext():
        assert cache.set_many({"a": 1, "b": {"x": [1, 2]}, "c": big}, timeout=60) == []
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": {"x": [1, 2]}, "c": big}
    cache.set_many({"gone": 1}, timeout=-1)
    assert cache.get("gone") is None


def test_writes_cull_expired_rows_now_and_then(cache, monkeypatch):
    cache.set("old", 1, timeout=-1)
    monkeypatch.setattr(cache_module, "CULL_EVERY", 1)
    cache.set("new", 2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM wps_cache")
        keys = {row[0] for row in cursor.fetchall()}
    if connection.vendor == "postgresql":
        assert keys == {cache.make_key("new")}
    assert cache.get("new") == 2


def test_a_large_value_is_stored_compressed_and_read_back_by_djangos_reads(cache):
    page = "".join(f'<li class="commitment">Pledge {n}: the plan</li>\n' for n in range(5000))
    small = {"generation": 3, "html": "<p>short</p>"}
    for key, value in (("page", page), ("small", small)):
        cache.set(key, value)
    # Read back through Django's own reads (get_many decodes and unpickles).
    assert cache.get_many(["page", "small"]) == {"page": page, "small": small}
    reference = DjangoDatabaseCache("wps_cache", {})
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM wps_cache")
        stored = {key.rsplit(":", 1)[-1]: value for key, value in cursor.fetchall()}
    assert len(stored["page"]) < len(page) / 5  # compressed, base64 and all
    # A value under the threshold is stored as Django stores it.
    reference.set("small", small)
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM wps_cache WHERE cache_key = %s", [":1:small"])
        assert cursor.fetchone()[0] == stored["small"]


def test_entries_of_another_format_are_misses_and_keys_are_of_this_formats_version(cache):
    assert cache.version == cache_module.FORMAT_VERSION == 2
    cache.set("good", "value")
    # An entry another code's pickle wrote (a class this code does not have).
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO wps_cache (cache_key, value, expires) VALUES (%s, %s, %s)",
            [
                cache.make_key("other"),
                "gASVHgAAAAAAAACMB25vd2hlcmWUjAtOb1N1Y2hDbGFzc5STlCmBlC4=",
                "9999-12-31",
            ],
        )
    assert cache.get_many(["good", "other"]) == {"good": "value"}
    assert cache.get("other", "missing") == "missing"
    cache.set("other", "rewritten")
    assert cache.get("other") == "rewritten"
