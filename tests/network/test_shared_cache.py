"""With CACHE_URL=redis://…, as production runs several web servers: what one
server caches another reads, and a write on one voids it for all.

Run by CI against this machine's Redis (`.ci/run`, "cache-dependent tests
against Redis"); skipped when the suite's cache is not Redis.
"""

import os

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from network.core import caching
from network.models import Member

pytestmark = pytest.mark.skipif(
    not os.environ.get("CACHE_URL", "").startswith("redis"),
    reason="the suite's cache is not Redis (set CACHE_URL=redis://…)",
)


@pytest.fixture
def other_server():
    """A second web server's connection to the same cache."""
    connection = caches.create_connection("default")
    yield connection
    connection.close()


def test_the_suite_runs_on_redis():
    assert isinstance(caches["default"], RedisCache)


def test_a_rendering_one_server_shares_is_read_by_another(spain, mary, client, other_server):
    url = reverse("network:member", args=[spain.slug])
    assert client.get(url).status_code == 200
    generation = caching.data_generation()
    assert other_server.get(caching.GENERATION_KEY) == generation
    shared = [key for key in caches["default"]._cache.get_client().keys("*") if b":public:" in key]
    assert shared, "the public rendering was not stored in Redis"


def test_a_write_voids_the_shared_renderings_for_every_server(spain, other_server):
    before = other_server.get(caching.GENERATION_KEY) or caching.data_generation()
    Member.objects.filter(pk=spain.pk).first().save()
    assert other_server.get(caching.GENERATION_KEY) > before
