"""Values computed from the network's data, cached until that data changes.

The key of a cached value holds the data generation (bumped by any save or
delete of a row of the network's apps, see network/api/pagination.py), the
reader's language, and whatever else the caller says the value depends on —
above all the audience, when what a viewer may see differs. With the shared
cache of production (settings, CACHE_URL) every server process sees the same
values and the same invalidations.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from .api.pagination import data_generation


def cached_for_data(key, compute, *, timeout=None):
    """``compute()``, remembered under ``key`` until the data changes (or
    ``timeout`` seconds, DATA_CACHE_SECONDS by default, pass)."""
    full_key = f"data:{data_generation()}:{get_language() or '-'}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout=timeout or settings.DATA_CACHE_SECONDS)
    return value
