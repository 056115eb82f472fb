"""Fixtures shared by the whole suite: members, people and who is looking.

Data is set up through the same services the product uses (focalpoints.services),
so tests exercise the real path.
"""

import datetime

import pytest
from rest_framework.test import APIClient

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.models import Person
from network.choices import MemberKind
from network.models import Member, Region
from network.reference import ensure_reference_data
from tests.factories import in_network, make_user, restore_migration_data


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the tests in Django's order — those in a transaction first, then
    the transactional ones, then those without the database — after pytest's
    own reordering (which, since pytest 9.2, moves the browser tests to where
    the first of them was collected, among the others)."""
    from pytest_django.plugin import pytest_collection_modifyitems as in_djangos_order

    in_djangos_order(items)


# Set when a flush (a transactional test's end, or a test's own) emptied the tables.
_flushed = {"since_restore": False}


def _note_flush(**kwargs):
    _flushed["since_restore"] = True


def pytest_configure(config):
    # Django's flush sends post_migrate, as a migration does.
    from django.db.models.signals import post_migrate

    post_migrate.connect(_note_flush, dispatch_uid="tests.note_flush")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Once a test's fixtures are gone (a transactional test's flush
    included), put back what the data migrations load, so that every test
    starts on the database that migrations leave, whatever ran before it."""
    from pytest_django.plugin import blocking_manager_key

    try:
        return (yield)
    finally:
        if _flushed["since_restore"]:
            _flushed["since_restore"] = False
            with item.config.stash[blocking_manager_key].unblock():
                restore_migration_data()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # A fast hasher: the default one spends ~0.3 s a login by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Whitenoise's manifest storage needs collectstatic; tests serve files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """Django's test client leaves the language of a request active in this
    thread (the site's pages, the API's ?lang=): put the default back, so that
    later tests (and the rows they create, whose translated columns follow the
    active language) do not run in Spanish or French."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached counts, choices and public
    page fragments belong to the data of the test that made them."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache
    from django.core.cache.backends.redis import RedisCache

    # The suite's cache is in memory, or Redis when CACHE_URL names one (CI runs
    # the cache-dependent tests against it, each run in a database of its own);
    # a test that configures the database cache empties its own table with the
    # test's transaction.
    if isinstance(caches["default"], (LocMemCache, RedisCache)):
        caches["default"].clear()


@pytest.fixture
def reference_data(db):
    """The M49 regions and languages, as migrations load them (and
    ``pytest_runtest_teardown`` puts back after a flush)."""
    ensure_reference_data()


@pytest.fixture
def spain(reference_data):
    return in_network(
        Member.objects.create(
            kind=MemberKind.STATE,
            name="Spain",
            country="ES",
            region=Region.objects.get(code="039"),
        )
    )


@pytest.fixture
def kenya(reference_data):
    return in_network(
        Member.objects.create(
            kind=MemberKind.STATE, name="Kenya", country="KE", region=Region.objects.get(code="014")
        )
    )


@pytest.fixture
def ecowas(reference_data):
    return in_network(
        Member.objects.create(
            kind=MemberKind.REGIONAL_ORGANISATION,
            name="Economic Community of West African States",
            acronym="ECOWAS",
            region=Region.objects.get(code="011"),
        )
    )


@pytest.fixture
def adela(spain):
    """A Spanish focal point who did not consent to public listing."""
    person = Person.objects.create(
        honorific="Ms.",
        given_name="Adela",
        family_name="Díaz Bernárdez",
        email="adela@example.org",
        phone="+34 000 000 000",
        gender="female",
    )
    services.appoint_person(
        person,
        spain,
        Role.FOCAL_POINT,
        start_on=datetime.date(2016, 9, 23),
        position="Director of the Human Rights Office",
        work_email="adela.work@example.org",
        phone="+34 111 111 111",
    )
    return person


@pytest.fixture
def mary(kenya):
    """A Kenyan focal point who consented to public listing."""
    person = Person.objects.create(
        honorific="Ms.",
        given_name="Mary",
        family_name="Kaburu",
        email="mary@example.org",
        phone="+254 000 000",
        public_listing=True,
    )
    services.appoint_person(
        person,
        kenya,
        Role.FOCAL_POINT,
        start_on=datetime.date(2017, 1, 1),
        position="Principal Gender Officer",
        work_email="mary.work@example.org",
    )
    return person


@pytest.fixture
def staff_user(db):
    return make_user("staff@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def member_user(adela):
    """The account of Adela, Spain's focal point."""
    user = make_user("adela.account@example.org")
    adela.user = user
    adela.save()
    return user


@pytest.fixture
def plain_user(db):
    """Logged in, but linked to no person: sees what the public sees."""
    return make_user("nobody@example.org")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user)
    return client


@pytest.fixture
def api_client():
    return APIClient()
