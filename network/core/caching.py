"""Values computed from the network's data, cached until that data changes.

The one home of the data generation: a number bumped by any save or delete
of a row of the network's apps (``bump_data_generation``, connected to the
model signals in network/apps.py). A cached value — an API count, a filter's
choices, a shared rendering — carries the generation it was computed at and is
used only while that generation is current; its key holds the
reader's language, and whatever else the caller says the value depends on —
above all the audience, when what a viewer may see differs. With the shared
cache of production (settings, CACHE_URL) every server process sees the same
values and the same invalidations.

Below the generation, renderings of parts of a page kept by what they show:
a row of a list under the stamps (``updated_at``) of the objects it prints
(``rendered_for_each``), a chart under its figures (``rendered_by_content``),
a section until a table its queries read is written, which every save also
records in a generation per table (``rendered_while_tables_stand``). A change
voids the page, but its next reader renders again only what it changed.
"""

import functools
import hashlib
import re
import time
from contextlib import contextmanager
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection as default_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from network.core.visibility import PUBLIC, viewer_for

GENERATION_KEY = "api:data-generation"
# The apps whose rows pages and the API show; a write to any of them voids
# every value computed from the data.
API_APPS = {"network", "focalpoints", "meetings", "newsletters"}


def data_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, timeout=None)
    return generation


def bump_data_generation(sender, **kwargs):
    """Signal receiver: a row of an API app changed, so cached counts and
    renderings are void — all of them (the data generation), and those that
    read the row's table (its table generation, ``rendered_while_tables_stand``).

    Bumped at once, and again when the write's transaction commits: a cache
    outside the database (locmem, Redis) sees the first bump before the write
    is visible, so a reader in between may cache the old data under the new
    generation; the second bump voids that. (The database cache bumps inside
    the writer's transaction, so its readers see the bump with the data.)
    The data generation is bumped before the table's, so that a reader who
    finds the data generation unchanged across its rendering did not read a
    table generation newer than the rows it rendered.
    """
    if (
        sender._meta.app_label not in API_APPS
        or sender.__module__ == "__fake__"
        or not getattr(sender, "voids_cached_data", True)
    ):
        # Not the API's data, a data migration's historical model (which may
        # run before the cache's own table exists), or a log no page shows.
        return
    table = sender._meta.db_table
    _bump()
    _bump_tables({table})
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # Once more on commit, once per transaction however many rows it writes.
        written = connection.__dict__.setdefault("wps_tables_written", set())
        if not any(entry[1] is _bump_on_commit for entry in connection.run_on_commit):
            written.clear()  # left from a transaction rolled back
            transaction.on_commit(_bump_on_commit, robust=True)
        written.add(table)


def _bump_on_commit():
    connection = transaction.get_connection()
    tables = connection.__dict__.pop("wps_tables_written", set())
    _bump()
    _bump_tables(tables)


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(GENERATION_KEY, 1, timeout=None)


TABLE_GENERATION_KEY = "api:table-generation:{}"


def _bump_tables(tables):
    for table in tables:
        key = TABLE_GENERATION_KEY.format(table)
        try:
            cache.incr(key)
        except ValueError:  # not set yet (or evicted): a value no reader stored
            cache.set(key, time.time_ns(), timeout=None)


def read_current(key):
    """The value stored under ``key`` by ``store_current`` if the data has not
    changed since, else None; and the current data generation. One round trip
    to the cache: the generation and the value are read together, the value
    carrying the generation it was computed at."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = data_generation()
    stored = found.get(key)
    if stored is not None and stored[0] == generation:
        return stored[1], generation
    return None, generation


def store_current(key, value, generation, timeout):
    """Keep ``value``, computed at data ``generation``, for ``read_current``.
    A write during the computation bumped the generation: the value is then
    stale at once, and the next reader computes it again."""
    cache.set(key, (generation, value), timeout=timeout)


def cached_for_data(key, compute, *, timeout=None):
    """``compute()``, remembered under ``key`` until the data changes (or
    ``timeout`` seconds, DATA_CACHE_SECONDS by default, pass). A hit costs one
    round trip to the cache (read_current)."""
    full_key = f"data:{get_language() or '-'}:{key}"
    value, generation = read_current(full_key)
    if value is None:
        value = compute()
        store_current(full_key, value, generation, timeout or settings.DATA_CACHE_SECONDS)
    return value


def shared_with_the_public(request, key, render):
    """``render()`` (the HTML of part of a page, or a dict of such parts, as
    ``render_to_string`` makes them), shared by every visitor who
    sees the site as the public does, until the data changes or the day turns.

    The visibility policy decides what a page shows each viewer; two viewers
    whose ``Viewer`` is the anonymous public's see the same thing, so the
    public's rendering can be remembered. Anyone else — a logged-in account,
    a member, staff — gets a fresh rendering, as their pages may hold what is
    theirs (their registration, the commitments they may update). ``key``
    names the page and what its content depends on besides the data, the
    language and the date (an object's id, a normalised query string).
    ``render`` must not put anything tied to the request in its HTML (no CSRF
    token: the page's forms stay outside the shared part).
    """
    if viewer_for(request) != PUBLIC:
        return render()
    return _shared("public", key, render)


def shared_within_audience(request, key, render):
    """``render()``, shared by every viewer of the same audience (the public,
    members, staff) until the data changes or the day turns.

    Only for a page that the visibility policy shapes by audience alone —
    ``visible_to(viewer)`` and ``visible_fields(viewer, …)`` without
    ``own`` — and that shows nothing of the viewer's own (the directory's
    results). Otherwise use ``shared_with_the_public``.
    """
    viewer = viewer_for(request)
    audience = f"audience-{int(viewer.audience)}{'-partner' if viewer.is_partner else ''}"
    return _shared(audience, key, render)


def _shared(audience, key, render):
    # SafeString survives the cache's pickling: the HTML stays marked safe.
    return cached_for_data(f"{audience}:{timezone.localdate().isoformat()}:{key}", render)


def query_key(request):
    """A short key for the request's query string, whatever the order of its
    parameters."""
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    return hashlib.sha256(query.encode(), usedforsecurity=False).hexdigest()


def stamp(obj):
    """What says a saved object changed: its model, id and ``updated_at``."""
    return (obj._meta.label_lower, obj.pk, obj.updated_at.isoformat())


def _digest(parts):
    return hashlib.sha256(repr(parts).encode(), usedforsecurity=False).hexdigest()


def _fragment_key(name, parts):
    return f"fragment:{name}:{get_language() or '-'}:{_digest(parts)}"


def rendered_for_each(name, items, parts_of, render):
    """``render(item)`` for each of ``items`` (HTML), each kept under
    ``parts_of(item)``: everything its HTML depends on besides the language —
    the id and ``updated_at`` of each object it prints, and whatever of the
    viewer it shows (the audience, a link only some may follow). Two items with
    the same parts must render the same HTML, whoever asks.

    One ``get_many`` for the whole list and one ``set_many`` for the rows that
    were rendered. Kept DATA_CACHE_SECONDS, as every cached value, which
    bounds what a write without ``save()`` (a bulk ``update``) leaves stale.
    """
    keys = [_fragment_key(name, parts_of(item)) for item in items]
    found = cache.get_many(keys) if keys else {}
    made = {}
    html = []
    for key, item in zip(keys, items, strict=True):
        fragment = found.get(key)
        if fragment is None:
            fragment = made[key] = render(item)
        html.append(fragment)
    if made:
        cache.set_many(made, timeout=settings.DATA_CACHE_SECONDS)
    return html


def rendered_by_content(name, parts, render):
    """``render()`` (HTML) kept under ``parts``, everything it depends on
    besides the language (a chart's figures and labels): the same figures
    after someone's save, the same rendering, for every viewer."""
    key = _fragment_key(name, parts)
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, timeout=settings.DATA_CACHE_SECONDS)
    return html


def rendered_while_tables_stand(name, parts, render):
    """``render()`` (HTML), kept under ``parts`` — what it depends on besides
    the data, the language and the day (an object's id, the audience) — until
    a row of a table it read is written.

    The tables are those of the queries ``render()`` ran (read from their SQL
    as it runs, ``_tables_read``), so that no list of dependencies can be
    forgotten; objects it was handed and did not query for must be named in
    ``parts`` by their ``stamp``. A part of a page whose tables nobody
    wrote since is served in two round trips to the cache, whatever else
    changed: after a save of a post, the member page renders its posts again,
    not its plans, commitments, meetings and entries.
    """
    key = _fragment_key(name, (timezone.localdate().isoformat(), parts))
    found = cache.get_many([key, GENERATION_KEY])
    stored, before = found.get(key), found.get(GENERATION_KEY)
    if stored is not None:
        tables, generations, html = stored
        current, before = _table_generations(tables)
        if current == generations:
            return html
    if before is None:
        before = data_generation()
    with _tables_read() as read:
        html = render()
    tables = tuple(sorted(read))
    generations, after = _table_generations(tables)
    if tables and before == after:
        # Nothing was written while it rendered (else the next reader renders
        # it), and it read a table: a rendering that read none shows data
        # fetched before it, and nothing would say when that changed.
        cache.set(key, (tables, generations, html), settings.DATA_CACHE_SECONDS)
    return html


def _table_generations(tables):
    """The generations of ``tables`` (a tuple) and the data generation, read
    together in one round trip."""
    keys = [TABLE_GENERATION_KEY.format(table) for table in tables]
    found = cache.get_many([*keys, GENERATION_KEY])
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, time.time_ns(), timeout=None)
    if missing:
        found.update(cache.get_many(missing))
    return tuple(found.get(key) for key in keys), found.get(GENERATION_KEY)


_FROM_OR_JOIN = re.compile(r'(?:FROM|JOIN)\s+"([a-z0-9_]+)"', re.IGNORECASE)


@functools.cache
def _data_tables():
    """The tables of the API apps' models, many-to-many tables included."""
    return frozenset(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in API_APPS
    )


@contextmanager
def _tables_read():
    """The set of the network's tables that the queries run inside read
    (nested captures each see their own and their inner ones' queries)."""
    tables = set()
    known = _data_tables()

    def note(execute, sql, params, many, context):
        tables.update(t for t in _FROM_OR_JOIN.findall(sql) if t in known)
        return execute(sql, params, many, context)

    with default_connection.execute_wrapper(note):
        yield tables
