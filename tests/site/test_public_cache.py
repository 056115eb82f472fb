"""Renderings shared until the data changes (network.core.caching): the public's
member pages, and the directory within an audience (members, staff). Fast for
the many readers, never stale after a save, never shown to anyone whose view
differs."""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from focalpoints.models import Appointment
from tests.factories import make_user as _user

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _main(content):
    return content[content.index("<main") : content.index("</main>")]


def test_the_public_member_page_is_rendered_once_until_the_data_changes(mary):
    public = Client()
    first, first_queries = _get(public, "/directory/members/KE/")
    again, again_queries = _get(public, "/directory/members/KE/")
    # The same content (the page's forms around it carry a fresh CSRF token).
    assert _main(again) == _main(first)
    # Only the member itself is read (for the 404 and the title): no posts,
    # no sections of other apps.
    assert again_queries == 1 < first_queries
    post = Appointment.objects.get(person=mary)
    post.position = "Director of Gender Affairs"
    post.save()
    changed, _queries = _get(public, "/directory/members/KE/")
    assert "Director of Gender Affairs" in changed
    assert "Principal Gender Officer" not in changed


def test_members_and_the_public_never_share_a_rendering(mary, member_user):
    public, member = Client(), Client()
    member.force_login(member_user)
    assert "mary.work@example.org" not in _get(public, "/directory/members/KE/")[0]
    assert "mary.work@example.org" in _get(member, "/directory/members/KE/")[0]
    assert "mary.work@example.org" not in _get(public, "/directory/members/KE/")[0]


def test_a_logged_in_account_without_a_person_gets_its_own_rendering(mary, plain_user):
    public, account = Client(), Client()
    account.force_login(plain_user)
    _get(public, "/directory/members/KE/")
    _content, account_queries = _get(account, "/directory/members/KE/")
    _content, public_queries = _get(public, "/directory/members/KE/")
    assert account_queries > public_queries


def test_each_language_has_its_own_rendering(mary):
    public = Client()
    english, _queries = _get(public, "/directory/members/KE/")
    public.post("/i18n/setlang/", {"language": "es", "next": "/"})
    spanish, _queries = _get(public, "/directory/members/KE/")
    assert "Punto focal" in spanish
    assert "Punto focal" not in english


def _logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_directory_is_rendered_once_per_query_for_all_members(mary, member_user, staff_user):
    mary.user = _user("mary.account@example.org")
    mary.save()
    spain_member, kenya_member = _logged_in(member_user), _logged_in(mary.user)
    first, first_queries = _get(spain_member, "/directory/?q=kaburu")
    # Another member, of another country: the same results, without the
    # queries of the search, its count, its posts and its filters.
    again, again_queries = _get(kenya_member, "/directory/?q=kaburu")
    assert _main(again) == _main(first)
    assert "mary.work@example.org" in again
    assert again_queries < first_queries
    # The same parameters in another order are the same query.
    _content, reordered_queries = _get(kenya_member, "/directory/?per_page=25&q=kaburu")
    _content, swapped_queries = _get(spain_member, "/directory/?q=kaburu&per_page=25")
    assert swapped_queries < reordered_queries
    # Staff are another audience: a rendering of their own.
    staff = _logged_in(staff_user)
    _content, staff_queries = _get(staff, "/directory/?q=kaburu")
    _content, staff_again_queries = _get(staff, "/directory/?q=kaburu")
    assert staff_again_queries < staff_queries
    # A save shows at once.
    mary.family_name = "Kaburu-Njeri"
    mary.save()
    assert "Kaburu-Njeri" in _get(spain_member, "/directory/?q=kaburu")[0]


def test_the_public_never_gets_the_members_directory(mary, member_user):
    member = Client()
    member.force_login(member_user)
    _get(member, "/directory/?q=kaburu")
    response = Client().get("/directory/?q=kaburu")
    assert response.status_code == 302
    assert "mary.work@example.org" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_write_voids_shared_renderings_again_when_it_commits(mary):
    from network.core.caching import data_generation

    public = Client()
    _get(public, "/directory/members/KE/")
    before = data_generation()
    with transaction.atomic():
        for position in ("Director", "Director General"):
            post = Appointment.objects.get(person=mary)
            post.position = position
            post.save()
        during = data_generation()
    # Bumped by each save, and once more at the commit, whatever the number of
    # rows: a reader between a save and the commit cached nothing that lasts.
    assert during > before
    assert data_generation() == during + 1
    assert "Director General" in _get(public, "/directory/members/KE/")[0]


def _templates(response):
    return {template.name for template in response.templates}


def test_after_a_posts_save_the_member_page_renders_only_its_posts_again(mary):
    from tests.network.action_plan_fixtures import plan

    plan(mary.appointments.get().member, 1, adopted=2016, title="First national action plan")
    public = Client()
    first = public.get("/directory/members/KE/")
    assert "network/_member_action_plans.html" in _templates(first)
    post = Appointment.objects.get(person=mary)
    post.position = "Director of Gender Affairs"
    post.save()
    again = public.get("/directory/members/KE/")
    content = again.content.decode()
    assert "Director of Gender Affairs" in content
    # The plans section read no table that was written: kept, not rendered.
    assert "network/_member_action_plans.html" not in _templates(again)
    assert "First national action plan" in content


class _CountingCache:
    """The cache, counting the round trips a page makes to it."""

    def __init__(self, cache):
        self.cache, self.trips = cache, []

    def __getattr__(self, name):
        attribute = getattr(self.cache, name)
        if name not in {"get", "get_many", "set", "set_many", "add", "incr"}:
            return attribute

        def counted(*args, **kwargs):
            self.trips.append(name)
            return attribute(*args, **kwargs)

        return counted


def test_after_a_posts_save_the_kept_sections_cost_one_round_trip_to_the_cache(mary, monkeypatch):
    from network.core import caching

    public = Client()
    public.get("/directory/members/KE/")
    post = Appointment.objects.get(person=mary)
    post.position = "Director of Gender Affairs"
    post.save()
    counting = _CountingCache(caching.cache)
    monkeypatch.setattr(caching, "cache", counting)
    content = public.get("/directory/members/KE/").content.decode()
    assert "Director of Gender Affairs" in content
    # The page (a miss: the save voided it); the sample people's ids; the
    # table of current posts as a whole (a miss: a row changed) and its rows;
    # every table's generation with the four kept sections, read together;
    # what the rendering kept (the changed row, the table, the page), written
    # together; the site's sample flag.
    assert counting.trips == [
        *("get_many", "get_many"),
        *("get", "get_many"),
        *("get_many", "set_many", "get_many"),
    ]


def test_a_post_row_is_formatted_again_only_when_what_it_prints_changed(mary):
    from network import pages

    public = Client()
    first = _main(public.get("/directory/members/KE/").content.decode())
    post = Appointment.objects.get(person=mary)
    formatted = []
    original = pages.member_post_rows

    def counting(posts, *args):
        formatted.extend(posts)
        return original(posts, *args)

    pages.member_post_rows = counting
    try:
        post.save()  # a save that changes nothing a row prints
        assert _main(public.get("/directory/members/KE/").content.decode()) == first
        assert formatted == []
        post.position = "Director of Gender Affairs"
        post.save()
        assert "Director of Gender Affairs" in public.get("/directory/members/KE/").content.decode()
        assert [row.pk for row in formatted] == [post.pk]
    finally:
        pages.member_post_rows = original


def test_a_section_is_rendered_again_when_a_table_it_read_is_written(mary):
    from network.models import Theme
    from tests.network.action_plan_fixtures import plan

    kenya = mary.appointments.get().member
    first_plan = plan(kenya, 1, adopted=2016, title="First national action plan")
    climate = Theme.objects.create(name="Climate security")
    public = Client()
    assert "Climate security" not in public.get("/directory/members/KE/").content.decode()
    # A row of the plans' own table…
    first_plan.title = "First national action plan (revised)"
    first_plan.save()
    assert "(revised)" in public.get("/directory/members/KE/").content.decode()
    # …and of a many-to-many table the section read (its themes) void it.
    first_plan.themes.add(climate)
    assert "Climate security" in public.get("/directory/members/KE/").content.decode()


def test_a_kept_section_is_the_publics_only(mary, member_user):
    from tests.network.action_plan_fixtures import plan

    plan(mary.appointments.get().member, 1, adopted=2016, title="First national action plan")
    Client().get("/directory/members/KE/")
    member = _logged_in(member_user)
    # A member's page renders every section afresh, whatever the public's cache holds.
    page = member.get("/directory/members/KE/")
    assert "network/_member_action_plans.html" in _templates(page)
