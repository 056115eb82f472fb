"""A cache shared by every web process and machine, in the database we
already run: Django's DatabaseCache, with writes in one statement on
PostgreSQL.

Django's DatabaseCache counts the table's rows on every ``set`` (to cull it)
and then reads, updates or inserts in a transaction: five round trips. Here a
``set`` is one ``INSERT … ON CONFLICT DO UPDATE`` (a ``set_many`` too, for all
its keys), an ``add`` one conditional upsert and a ``touch`` one ``UPDATE``;
expired rows are culled on one write in CULL_EVERY (about every 200th), which
bounds the table as Django's culling does. Reads are Django's. A value that
pickles to more than COMPRESS_OVER bytes (a page of the commitments tracker:
222 KB of HTML) is stored compressed with zlib, 30 KB instead of 300: writing
it took 8 ms, reading it 2 ms, and both now take under one. Django's reads
need no change: the value stored is the pickle of a call that decompresses it
(``_decompressed``). On other databases (SQLite in development) the writes are
Django's, with the same compression.

A process running the code from before compression cannot unpickle such a
value: this cache's keys are of ``VERSION`` 2 (FORMAT_VERSION), so that
during a rolling deploy the old and new processes read and write keys of
their own; and an entry this code cannot read (written by a later one, after
a rollback) is a miss, not an error.

The table (``wps_cache`` by default) is created by the network app's
migrations; ``manage.py createcachetable`` creates any other name.
"""

import base64
import pickle
import random
import zlib
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router
from django.utils.timezone import now as tz_now

CULL_EVERY = 200
COMPRESS_OVER = 16 * 1024
# The key version of the entries this code writes (CACHES' VERSION).
FORMAT_VERSION = 2
# What unpickling an entry of another code's format raises.
UNREADABLE = (pickle.UnpicklingError, AttributeError, ImportError, EOFError, ValueError, TypeError)


def _decompressed(data):
    """What a compressed entry unpickles to: the value it holds."""
    return pickle.loads(zlib.decompress(data))  # noqa: S301 - our own cache's entry


class _Compressed:
    """A large value, pickled and compressed; pickling it stores a call to
    ``_decompressed``, so that unpickling gives the value back."""

    def __init__(self, data):
        self.data = data

    def __reduce__(self):
        return _decompressed, (self.data,)


def pickled(value, protocol=pickle.HIGHEST_PROTOCOL):
    """The pickle of ``value`` as the table stores it: of its compressed form
    (``storable``) when it is large."""
    stored, data = storable(value, protocol)
    return data if stored is value else pickle.dumps(stored, protocol)


def storable(value, protocol=pickle.HIGHEST_PROTOCOL):
    """``value``, or its compressed form when it pickles to more than
    COMPRESS_OVER bytes (level 1: ten times smaller for HTML, in a
    millisecond); and its pickle."""
    data = pickle.dumps(value, protocol)
    if len(data) > COMPRESS_OVER:
        return _Compressed(zlib.compress(data, 1)), data
    return value, data


class DatabaseCache(DjangoDatabaseCache):
    """Django's DatabaseCache; single-statement writes on PostgreSQL, large
    values compressed, unreadable entries read as misses."""

    def __init__(self, table, params):
        # Keys of this format's version unless the settings name one.
        super().__init__(table, {"VERSION": FORMAT_VERSION, **params})

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version=version)
        except UNREADABLE:
            # One entry of another format: read the keys one by one, and drop
            # the ones that cannot be read (the next writer replaces them).
            found = {}
            for key in keys:
                try:
                    found.update(super().get_many([key], version=version))
                except UNREADABLE:
                    self.delete(key, version=version)
            return found

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """All of ``data`` in one ``INSERT`` on PostgreSQL (Django's sets the
        keys one by one: a page's kept parts cost one round trip each)."""
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        if connection.vendor != "postgresql" or len(data) < 2:
            return super().set_many(data, timeout=timeout, version=version)
        expires = self._expires(timeout)
        rows = [
            (self.make_and_validate_key(key, version=version), self._encoded(value), expires)
            for key, value in data.items()
        ]
        table = connection.ops.quote_name(self._table)
        with connection.cursor() as cursor:
            self._upsert(db, cursor, table, rows)
        return []

    def _encoded(self, value):
        return base64.b64encode(pickled(value, self.pickle_protocol)).decode("latin1")

    def _upsert(self, db, cursor, table, rows, *, only_if_expired_before=None):
        """Write ``rows`` (key, encoded value, expiry) in one statement, culling
        now and then; with ``only_if_expired_before``, replace an entry only
        if it expired (``add``). The number of rows written."""
        self._cull_now_and_then(db, cursor, table)
        add = only_if_expired_before is not None
        cursor.execute(
            f"INSERT INTO {table} (cache_key, value, expires) "  # noqa: S608
            f"VALUES {', '.join(['(%s, %s, %s)'] * len(rows))} "
            "ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, "
            f"expires = EXCLUDED.expires{f' WHERE {table}.expires < %s' if add else ''}",
            [*(value for row in rows for value in row), *([only_if_expired_before] if add else [])],
        )
        return cursor.rowcount

    def _expires(self, timeout):
        timeout = self.get_backend_timeout(timeout)
        return (
            datetime.max.replace(tzinfo=UTC)
            if timeout is None
            else datetime.fromtimestamp(timeout, tz=UTC)
        ).replace(microsecond=0)

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        if connection.vendor != "postgresql":
            if mode != "touch":
                value, _data = storable(value, self.pickle_protocol)
            return super()._base_set(mode, key, value, timeout)
        expires = self._expires(timeout)
        table = connection.ops.quote_name(self._table)
        with connection.cursor() as cursor:
            if mode == "touch":
                self._cull_now_and_then(db, cursor, table)
                cursor.execute(
                    f"UPDATE {table} SET expires = %s WHERE cache_key = %s",  # noqa: S608
                    [expires, key],
                )
                return cursor.rowcount > 0
            now = tz_now().replace(microsecond=0) if mode == "add" else None
            rows = [(key, self._encoded(value), expires)]
            return self._upsert(db, cursor, table, rows, only_if_expired_before=now) > 0

    def _cull_now_and_then(self, db, cursor, table):
        if random.random() < 1 / CULL_EVERY:  # noqa: S311 - not a secret
            self._cull_now(db, cursor, tz_now().replace(microsecond=0), table)

    def _cull_now(self, db, cursor, now, table):
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        count = cursor.fetchone()[0]
        if count > self._max_entries:
            self._cull(db, cursor, now, count)
        else:
            cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [now])  # noqa: S608
