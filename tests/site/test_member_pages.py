"""Member pages (public one-page briefings) and the public list of members."""

import datetime

import pytest
from django.test import Client

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.models import Person
from tests.factories import make_people

pytestmark = pytest.mark.django_db


def test_member_page_by_iso_code_or_slug(client, spain, ecowas):
    assert client.get("/directory/members/ES/").status_code == 200
    assert client.get("/directory/members/es/").status_code == 200
    response = client.get("/directory/members/ecowas/")
    assert response.status_code == 200
    assert "Economic Community of West African States" in response.content.decode()


@pytest.mark.parametrize("key", ["XX", "no-such-member", "%20", "ES%00", "a" * 300])
def test_unknown_member_is_a_404(client, spain, key):
    assert client.get(f"/directory/members/{key}/").status_code == 404


def test_the_public_sees_only_consenting_focal_points_and_no_contact(client, kenya, mary):
    hidden = Person.objects.create(
        given_name="Hidden", family_name="Alternate", email="hidden@example.org"
    )
    services.appoint_person(
        hidden, kenya, Role.ALTERNATE, start_on=datetime.date(2018, 1, 1), phone="+254 999 999"
    )
    response = client.get("/directory/members/KE/")
    content = response.content.decode()
    assert "Mary Kaburu" in content
    assert "Hidden" not in content
    assert "One more post is held by someone who is not listed publicly" in content
    for secret in ("@example.org", "+254", "mailto:"):
        assert secret not in content


def test_the_publics_page_never_reads_a_contact_it_may_not_show(member_client, mary):
    """The posts are read with the viewer's fields (focalpoints.rows.post_rows):
    the public's rows hold no contact at all, a member's hold the work email."""
    public = Client().get("/directory/members/KE/").context["current"]
    assert [(row["work_email"], row["phone"]) for row in public] == [("", "")]
    member = member_client.get("/directory/members/KE/").context["current"]
    assert [row["work_email"] for row in member] == ["mary.work@example.org"]


def test_members_see_everyone_with_work_contacts(member_client, kenya, mary):
    response = member_client.get("/directory/members/KE/")
    content = response.content.decode()
    assert "Mary Kaburu" in content
    assert "mary.work@example.org" in content
    assert response.context["hidden_current"] == 0


def test_predecessors_are_listed_most_recent_first(member_client, spain, adela):
    first = Person.objects.create(given_name="First", family_name="Holder")
    second = Person.objects.create(given_name="Second", family_name="Holder")
    services.appoint_person(
        first,
        spain,
        Role.FOCAL_POINT,
        start_on=datetime.date(2010, 1, 1),
        end_on=datetime.date(2013, 1, 1),
    )
    services.appoint_person(
        second,
        spain,
        Role.FOCAL_POINT,
        start_on=datetime.date(2013, 1, 1),
        end_on=datetime.date(2016, 9, 23),
    )
    response = member_client.get("/directory/members/ES/")
    assert [p["name"] for p in response.context["current"]] == [adela.full_name]
    assert [p["name"] for p in response.context["former"]] == ["Second Holder", "First Holder"]
    content = response.content.decode()
    assert "Predecessors" in content
    assert content.index("Second Holder") < content.index("First Holder")
    assert f'href="/directory/people/{second.pk}/"' in content
    # Dates as the language's DATE_FORMAT prints them (English: "N j, Y").
    assert '<td data-label="From">Jan. 1, 2013</td>' in content


def test_country_names_follow_the_language(client, spain):
    client.cookies["django_language"] = "es"
    content = client.get("/directory/members/ES/").content.decode()
    assert "<h1>España</h1>" in content


def test_member_page_query_count_does_not_grow_with_people(
    client, spain, django_assert_max_num_queries
):
    make_people(5, spain, consent=True)
    client.get("/directory/members/ES/")
    # The member's own rows, its people, and each app's section (action plans,
    # commitments, meetings): a fixed number whatever the number of people.
    with django_assert_max_num_queries(14) as small:
        client.get("/directory/members/ES/")
    make_people(40, spain, consent=True, prefix="More")
    with django_assert_max_num_queries(14) as large:
        client.get("/directory/members/ES/")
    assert len(small.captured_queries) == len(large.captured_queries)


def test_member_page_gathers_the_other_apps_sections(client, spain):
    content = client.get("/directory/members/ES/").content.decode()
    for heading in ("Action plans", "Commitments", "Meetings"):
        assert f">{heading}</h2>" in content


def test_members_list_is_public_and_names_only_consenting_people(client, spain, kenya, adela, mary):
    response = client.get("/directory/members/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mary Kaburu" in content
    assert "Adela" not in content
    assert [m.name for m in response.context["states"]] == ["Kenya", "Spain"]


def test_members_list_filters_by_region_kind_and_search(client, spain, kenya, ecowas):
    def listed(**params):
        response = client.get("/directory/members/", params)
        assert response.status_code == 200
        return [m.name for m in response.context["states"] + response.context["organisations"]]

    assert listed(region="150") == ["Spain"]
    assert listed(kind="regional") == ["Economic Community of West African States"]
    assert listed(q="ecowas") == ["Economic Community of West African States"]
    assert listed(q="KENYA") == ["Kenya"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"region": "abc"}, "region"), ({"kind": "x"}, "kind"), ({"q": "ke\x00nya"}, "q")],
)
def test_members_list_reports_a_bad_filter_next_to_it(client, spain, params, field):
    response = client.get("/directory/members/", params)
    assert response.status_code == 200
    assert field in response.context["filterset"].form.errors
    assert f'id="member-{field}_error"' in response.content.decode()


def test_the_rows_made_in_python_escape_what_people_typed(member_client, spain):
    """The tables' rows are HTML made in Python (network.pages.member_post_rows_html):
    a name, a position or a contact that holds markup is printed as text."""
    person = Person.objects.create(given_name="<script>x()</script>", family_name="Holder")
    services.appoint_person(
        person,
        spain,
        Role.FOCAL_POINT,
        start_on=datetime.date(2020, 1, 1),
        position='<img src=x onerror="y()">',
        work_email="a&b@example.org",
    )
    content = member_client.get("/directory/members/ES/").content.decode()
    assert "<script>x()" not in content and "&lt;script&gt;x()&lt;/script&gt; Holder" in content
    assert "<img src=x" not in content and "&lt;img src=x onerror=&quot;y()&quot;&gt;" in content
    assert 'href="mailto:a&amp;b@example.org">a&amp;b@example.org</a>' in content
