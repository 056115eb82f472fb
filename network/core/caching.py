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
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
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
    renderings are void.

    Bumped at once, and again when the write's transaction commits: a cache
    outside the database (locmem, Redis) sees the first bump before the write
    is visible, so a reader in between may cache the old data under the new
    generation; the second bump voids that. (The database cache bumps inside
    the writer's transaction, so its readers see the bump with the data.)
    """
    if (
        sender._meta.app_label not in API_APPS
        or sender.__module__ == "__fake__"
        or not getattr(sender, "voids_cached_data", True)
    ):
        # Not the API's data, a data migration's historical model (which may
        # run before the cache's own table exists), or a log no page shows.
        return
    _bump()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        entry[1] is _bump for entry in connection.run_on_commit
    ):
        # Once per transaction, however many rows it writes.
        transaction.on_commit(_bump, robust=True)


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(GENERATION_KEY, 1, timeout=None)


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
