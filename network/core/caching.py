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
records in a generation per table (``kept_while_tables_stand``). A change
voids the page, but its next reader renders again only what it changed.
"""

import contextvars
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
from django.utils.safestring import mark_safe
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
    read the row's table (its table generation, ``kept_while_tables_stand``).

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
    full_key = _data_key(key)
    value, generation = read_current(full_key)
    if value is None:
        value = compute()
        store_current(full_key, value, generation, timeout or settings.DATA_CACHE_SECONDS)
    return value


def _data_key(key):
    return f"data:{get_language() or '-'}:{key}"


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
    # cached_for_data, with the page kept in the one write of its rendering.
    full_key = _data_key(f"{audience}:{timezone.localdate().isoformat()}:{key}")
    value, generation = read_current(full_key)
    if value is None:
        with one_reading():
            value = render()
            # SafeString survives the cache's pickling: the HTML stays marked safe.
            _keep({full_key: (generation, value)})
    return value


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


def rendered_for_each(name, items, parts_of, render, *, load=None):
    """``render(item)`` for each of ``items`` (HTML), each kept under
    ``parts_of(item)``: everything its HTML depends on besides the language —
    the id and ``updated_at`` of each object it prints, and whatever of the
    viewer it shows (the audience, a link only some may follow). Two items with
    the same parts must render the same HTML, whoever asks.

    With ``load``, ``items`` are only what says what each row prints (ids and
    ``updated_at``, read cheaply) and ``load(missing)`` gives the objects to
    render, in their order, for the rows not kept: after a save, one object
    is loaded, not the page's fifty.

    One ``get_many`` for the whole list and one ``set_many`` for the rows that
    were rendered. Kept DATA_CACHE_SECONDS, as every cached value, which
    bounds what a write without ``save()`` (a bulk ``update``) leaves stale.
    """
    keys = [_fragment_key(name, parts_of(item)) for item in items]
    return _rows(keys, items, render, load, found=cache.get_many(keys) if keys else {})


def rendered_together(name, items, parts_of, render, *, load=None):
    """``rendered_for_each``'s rows joined into one HTML string, kept also as
    a whole under all the rows' parts: a list none of whose rows changed (a
    member's hundred posts, after a save elsewhere) costs one small read,
    not a hundred; a list one of whose rows changed renders that row alone."""
    keys = [_fragment_key(name, parts_of(item)) for item in items]
    if not keys:
        return mark_safe("")
    whole_key = _fragment_key(f"{name}-list", keys)
    whole = cache.get(whole_key)
    if whole is None:
        rows = _rows(keys, items, render, load, found=cache.get_many(keys))
        # Each row is ``format_html``'s or a template's: safe.
        whole = mark_safe("".join(rows))
        _keep({whole_key: whole})
    return whole


def _rows(keys, items, render, load, *, found):
    missing = [(key, item) for key, item in zip(keys, items, strict=True) if key not in found]
    if missing:
        objects = [item for _key, item in missing]
        if load is not None:
            objects = load(objects)
        made = {key: render(obj) for (key, _item), obj in zip(missing, objects, strict=True)}
        _keep(made)
        found.update(made)
    return [found[key] for key in keys]


def rendered_by_content(name, parts, render):
    """``render()`` (HTML) kept under ``parts``, everything it depends on
    besides the language (a chart's figures and labels): the same figures
    after someone's save, the same rendering, for every viewer."""
    key = _fragment_key(name, parts)
    html = cache.get(key)
    if html is None:
        html = render()
        _keep({key: html})
    return html


def kept_key(name, parts):
    """The cache key of what ``kept_while_tables_stand(name, parts, …)`` keeps."""
    return _fragment_key(name, (timezone.localdate().isoformat(), parts))


def kept_while_tables_stand(name, parts, compute):
    """``compute()`` (a section's HTML, or any value), kept under ``parts`` —
    what it depends on besides the data, the language and the day (an
    object's id, the audience) — until a row of a table it read is written.

    The tables are those of the queries ``compute()`` ran (read from their
    SQL as it runs, ``_tables_read``), so that no list of dependencies can be
    forgotten; objects it was handed and did not query for must be named in
    ``parts`` by their ``stamp``. After a save of a post, the member page
    renders its posts again, not its plans, commitments, meetings and
    entries. Within a page's rendering (``one_reading``) a kept value costs
    no round trip of its own when the page read it ahead (``read_ahead``),
    else one; outside, two. Do not nest kept values: one served from the
    cache runs no query, so the kept value around it would not learn its
    tables.
    """
    key = kept_key(name, parts)
    page = _page_reads.get()
    if page is not None:
        return _kept_within_page(page, key, compute)
    found = cache.get_many([key, GENERATION_KEY])
    stored, before = found.get(key), found.get(GENERATION_KEY)
    if stored is not None:
        tables, generations, value = stored
        current, before = _table_generations(tables)
        if current == generations:
            return value
    if before is None:
        before = data_generation()
    with _tables_read() as read:
        value = compute()
    tables = tuple(sorted(read))
    generations, after = _table_generations(tables)
    if tables and before == after:
        # Nothing was written while it was computed (else the next reader
        # computes it), and it read a table: a value that read none shows data
        # fetched before it, and nothing would say when that changed.
        _keep({key: (tables, generations, value)})
    return value


def _kept_within_page(page, key, compute):
    """``kept_while_tables_stand`` within a page's rendering: the value and
    the tables' generations come from what the page read (``_PageReads``)."""
    page.fetch([key])
    stored = page.found.get(key)
    if stored is not None and stored[1] == page.generations_of(stored[0]):
        return stored[2]
    with _tables_read() as read:
        value = compute()
    tables = tuple(sorted(read))
    if not tables:
        return value  # nothing would say when what it shows changed
    # Kept under the generations the page read before computing it: a write
    # since (during the computation) makes them stale, and the next reader
    # computes it again. A round trip only for a table given none yet.
    generations = page.generations_of(tables)
    if None in generations:
        generations, _data = _table_generations(tables)
    page.found[key] = (tables, generations, value)
    _keep({key: page.found[key]})
    return value


def cached_while_table_stands(key, table, compute):
    """``compute()``, read from ``table`` alone, kept until a row of it is
    written: one round trip a read (the value and the table's generation
    together), whatever is written elsewhere. For a value every page asks
    for (whether the sample layer is loaded), which the data generation would
    void with each save anywhere."""
    full_key = _data_key(key)
    generation_key = TABLE_GENERATION_KEY.format(table)
    found = cache.get_many([full_key, generation_key])
    stored, generation = found.get(full_key), found.get(generation_key)
    if stored is not None and generation is not None and stored[0] == generation:
        return stored[1]
    (generation,), _data = _table_generations((table,))
    value = compute()
    _keep({full_key: (generation, value)})
    return value


class _PageReads:
    """What one page's rendering read from the cache (``one_reading``): the
    generation of every data table and the data generation, read once at the
    first kept value it asks for, and the kept values read ahead. A value
    kept since the tables it read were last written is served from here.
    What the rendering keeps is written at its end, in one ``set_many``."""

    def __init__(self):
        self.generations = None
        self.data_generation = None
        self.found = {}
        self.asked = set()
        self.pending = {}

    def fetch(self, keys):
        """Read ``keys`` not read yet, with the generations the first time:
        one round trip, or none."""
        keys = [key for key in dict.fromkeys(keys) if key not in self.asked]
        wanted = list(keys)
        table_keys = {}
        if self.generations is None:
            table_keys = {TABLE_GENERATION_KEY.format(t): t for t in sorted(_data_tables())}
            wanted += [*table_keys, GENERATION_KEY]
        if not wanted:
            return
        found = cache.get_many(wanted)
        self.asked.update(keys)
        self.found.update((key, found[key]) for key in keys if key in found)
        if self.generations is None:
            self.generations = {table: found.get(key) for key, table in table_keys.items()}
            self.data_generation = found.get(GENERATION_KEY)

    def generations_of(self, tables):
        # A table never written (or its generation evicted) reads None, which
        # matches no stored generation (_table_generations gives each a value).
        return tuple(self.generations.get(table) for table in tables)


_page_reads = contextvars.ContextVar("wps_page_reads", default=None)


@contextmanager
def one_reading():
    """Within: the kept values of a page's rendering read the tables'
    generations once, in the round trip of the first, and are written
    together when it ends (``_PageReads``)."""
    page = _PageReads()
    token = _page_reads.set(page)
    try:
        yield
    finally:
        _page_reads.reset(token)
    if page.pending:  # what the rendering kept, in one write
        cache.set_many(page.pending, timeout=settings.DATA_CACHE_SECONDS)


def _keep(values):
    """Store ``values`` (key → value) for DATA_CACHE_SECONDS: within a page's
    rendering (``one_reading``) at its end, with the rest it keeps; else now."""
    page = _page_reads.get()
    if page is None:
        cache.set_many(values, timeout=settings.DATA_CACHE_SECONDS)
    else:
        page.pending.update(values)


def read_ahead(keys):
    """Within ``one_reading``: read the values kept under ``keys`` (``kept_key``)
    that the page is about to ask for, all in one round trip."""
    page = _page_reads.get()
    if page is not None:
        page.fetch(keys)


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
