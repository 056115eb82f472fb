"""Values computed from the network's data, cached until that data changes.

A cached value carries the data generation it was computed at (bumped by any
save or delete of a row of the network's apps, see network/api/pagination.py)
and is used only while that generation is current; its key holds the
reader's language, and whatever else the caller says the value depends on —
above all the audience, when what a viewer may see differs. With the shared
cache of production (settings, CACHE_URL) every server process sees the same
values and the same invalidations.
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

from .api.pagination import read_current, store_current
from .visibility import PUBLIC, viewer_for


def cached_for_data(key, compute, *, timeout=None):
    """``compute()``, remembered under ``key`` until the data changes (or
    ``timeout`` seconds, DATA_CACHE_SECONDS by default, pass). A hit costs one
    round trip to the cache (network.api.pagination.read_current)."""
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
