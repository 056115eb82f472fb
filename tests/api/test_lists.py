"""Lists: filters shared with the pages, strict parameters, pagination,
incremental sync, conditional requests, CSV, and query counts."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.models import Person
from network.models import Language, Member, Theme


def _ids(response):
    assert response.status_code == 200, response.content
    return sorted(item["id"] for item in response.json()["results"])


@pytest.mark.django_db
def test_people_filters_by_member_region_role_theme_language_and_status(
    member, adela, mary, ecowas, spain
):
    theme = Theme.objects.create(name="Climate and security")
    services.set_expertise(mary, [theme])
    mary.languages.set([Language.objects.get(code="sw")])
    former = Person.objects.create(given_name="Former", family_name="Holder")
    services.appoint_person(
        former,
        spain,
        Role.ALTERNATE,
        start_on=datetime.date(2010, 1, 1),
        end_on=datetime.date(2012, 1, 1),
    )
    assert _ids(member.get("/api/v1/people/?member=ES")) == sorted([adela.pk, former.pk])
    assert _ids(member.get("/api/v1/people/?member=es,KE")) == sorted(
        [adela.pk, mary.pk, former.pk]
    )
    assert _ids(member.get(f"/api/v1/people/?member_id={spain.pk}")) == sorted(
        [adela.pk, former.pk]
    )
    assert _ids(member.get("/api/v1/people/?region=150")) == sorted([adela.pk, former.pk])
    assert _ids(member.get("/api/v1/people/?region=002")) == [mary.pk]  # Africa ⊃ Eastern Africa
    assert _ids(member.get("/api/v1/people/?role=alternate")) == [former.pk]
    assert _ids(member.get(f"/api/v1/people/?theme={theme.slug}")) == [mary.pk]
    assert _ids(member.get("/api/v1/people/?language=sw")) == [mary.pk]
    assert _ids(member.get("/api/v1/people/?status=former")) == [former.pk]
    assert _ids(member.get("/api/v1/people/?status=current")) == sorted([adela.pk, mary.pk])


@pytest.mark.django_db
def test_search_ignores_case_and_accents(member, adela, mary):
    assert _ids(member.get("/api/v1/people/?q=DIAZ bernardez")) == [adela.pk]
    assert _ids(member.get("/api/v1/people/?q=Díaz")) == [adela.pk]
    assert _ids(member.get("/api/v1/people/?q=human rights")) == [adela.pk]  # her position
    assert _ids(member.get("/api/v1/members/?q=ecowas")) == []


@pytest.mark.django_db
def test_appointment_date_ranges_and_status(staff, adela, mary):
    assert _ids(staff.get("/api/v1/appointments/?start_on_after=2017-01-01")) == [
        mary.appointments.get().pk
    ]
    assert _ids(staff.get("/api/v1/appointments/?start_on_before=2016-12-31")) == [
        adela.appointments.get().pk
    ]
    assert len(_ids(staff.get("/api/v1/appointments/?status=current"))) == 2
    assert _ids(staff.get("/api/v1/appointments/?status=former")) == []


@pytest.mark.django_db
def test_members_filter_by_kind_code_and_region(anonymous, spain, kenya, ecowas):
    assert _ids(anonymous.get("/api/v1/members/?kind=regional")) == [ecowas.pk]
    assert _ids(anonymous.get("/api/v1/members/?code=ES,ecowas")) == sorted([spain.pk, ecowas.pk])
    assert _ids(anonymous.get("/api/v1/members/?region=150")) == [spain.pk]
    names = [m["name"] for m in anonymous.get("/api/v1/members/?ordering=-name").json()["results"]]
    assert names == sorted(names, reverse=True)


@pytest.mark.django_db
def test_updated_since_returns_only_rows_changed_since(anonymous, spain, kenya):
    cutoff = timezone.now()
    Member.objects.filter(pk=kenya.pk).update(updated_at=cutoff + datetime.timedelta(seconds=5))
    Member.objects.filter(pk=spain.pk).update(updated_at=cutoff - datetime.timedelta(days=1))
    since = (cutoff + datetime.timedelta(seconds=1)).isoformat()
    assert _ids(anonymous.get("/api/v1/members/", {"updated_since": since})) == [kenya.pk]
    assert _ids(anonymous.get("/api/v1/members/", {"updated_since": "2000-01-01T00:00:00Z"})) == (
        sorted([spain.pk, kenya.pk])
    )


BAD_PARAMETERS = [
    ("/api/v1/people/?member=XX", "member"),
    ("/api/v1/people/?member_id=999999", "member_id"),
    ("/api/v1/people/?region=999", "region"),
    ("/api/v1/people/?role=king", "role"),
    ("/api/v1/people/?status=retired", "status"),
    ("/api/v1/people/?theme=no-such-theme", "theme"),
    ("/api/v1/people/?language=xx", "language"),
    ("/api/v1/people/?updated_since=yesterday", "updated_since"),
    ("/api/v1/people/?ordering=email", "ordering"),
    ("/api/v1/members/?kind=planet", "kind"),
    ("/api/v1/members/?active=perhaps", "active"),
    ("/api/v1/appointments/?start_on_after=2020-13-01", "start_on"),
    ("/api/v1/regions/?level=continent", "level"),
    ("/api/v1/people/?page_size=501", "page_size"),
    ("/api/v1/people/?page_size=0", "page_size"),
    ("/api/v1/people/?page_size=ten", "page_size"),
    ("/api/v1/people/?page=first", "page"),
    ("/api/v1/people/?memebr=ES", "memebr"),
    ("/api/v1/members/1/?expand=all", "expand"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "parameter"), BAD_PARAMETERS)
def test_bad_parameter_is_a_400_naming_it(anonymous, spain, url, parameter):
    response = anonymous.get(url.replace("/1/", f"/{spain.pk}/"))
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid"
    assert parameter in body["errors"], body
    assert parameter in body["detail"]


@pytest.mark.django_db
def test_pagination_bounds_and_links(anonymous):
    for index in range(7):
        Person.objects.create(given_name=f"P{index}", family_name="Listed", public_listing=True)
    body = anonymous.get("/api/v1/people/?page_size=3&page=2").json()
    assert body["count"] == 7 and len(body["results"]) == 3
    assert "page=3" in body["next"] and body["previous"].startswith("http://testserver/")
    assert len(anonymous.get("/api/v1/people/?page_size=500").json()["results"]) == 7
    assert len(anonymous.get("/api/v1/people/").json()["results"]) == 7
    assert anonymous.get("/api/v1/people/?page=4&page_size=3").status_code == 404


@pytest.mark.django_db
def test_count_follows_writes_at_once(anonymous):
    Person.objects.create(given_name="One", public_listing=True)
    assert anonymous.get("/api/v1/people/").json()["count"] == 1
    Person.objects.create(given_name="Two", public_listing=True)
    assert anonymous.get("/api/v1/people/").json()["count"] == 2


def _people(count, kenya):
    for index in range(count):
        person = Person.objects.create(
            given_name=f"Person{index}", family_name="Listed", public_listing=True
        )
        services.appoint_person(person, kenya, Role.DELEGATE, start_on=datetime.date(2020, 1, 1))
        person.languages.set(["en"])


@pytest.mark.django_db
@pytest.mark.parametrize("caller", ["anonymous", "member", "staff"])
def test_query_count_of_people_list_does_not_grow_with_page_size(callers, caller, kenya):
    client = callers[caller]
    _people(3, kenya)
    client.get("/api/v1/people/?page_size=3")  # log in, load the session
    cache.clear()  # count cold, as after any write
    with CaptureQueriesContext(connection) as small:
        assert len(client.get("/api/v1/people/?page_size=3").json()["results"]) == 3
    _people(30, kenya)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        assert len(client.get("/api/v1/people/?page_size=33&q=listed").json()["results"]) == 33
    assert len(large) == len(small)
    # Warm: the same query again reads its count from the cache; the public's
    # whole page is shared until the data changes (network.core.caching).
    with CaptureQueriesContext(connection) as again:
        client.get("/api/v1/people/?page_size=33&q=listed")
    assert len(again) == (0 if caller == "anonymous" else len(large) - 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/members/", "/api/v1/appointments/", "/api/v1/organisations/"]
)
def test_query_count_of_other_lists_does_not_grow_with_rows(anonymous, url, kenya, spain):
    from network.models import Organisation

    _people(2, kenya)
    Organisation.objects.create(name="A", member=kenya)
    with CaptureQueriesContext(connection) as few:
        anonymous.get(url)
    _people(20, kenya)
    for index in range(20):
        Organisation.objects.create(name=f"Ministry {index}", member=spain)
    with CaptureQueriesContext(connection) as many:
        anonymous.get(url)
    assert len(many) == len(few)


@pytest.mark.django_db
def test_etag_and_not_modified(anonymous, member, mary):
    first = anonymous.get("/api/v1/people/")
    etag = first["ETag"]
    assert etag and "Cookie" in first["Vary"] and "Authorization" in first["Vary"]
    again = anonymous.get("/api/v1/people/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    url = f"/api/v1/people/{mary.pk}/"
    detail = anonymous.get(url)
    assert anonymous.get(url, HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304
    # A change makes the old tag stale.
    mary.given_name = "Marie"
    mary.save()
    assert anonymous.get("/api/v1/people/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    # Another audience gets another body, so the public's tag does not match it.
    assert member.get("/api/v1/people/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert member.get("/api/v1/people/")["Cache-Control"] == "private, no-cache"


@pytest.mark.django_db
def test_csv_export_is_filtered_streamed_and_formula_safe(staff, kenya, spain):
    Member.objects.filter(pk=kenya.pk).update(name='=HYPERLINK("http://evil")')
    response = staff.get("/api/v1/members/?format=csv&kind=state&ordering=name")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["name"] for row in rows] == ['\'=HYPERLINK("http://evil")', "Spain"]
    assert rows[1]["region"] == "Southern Europe" and rows[1]["region_id"].isdigit()
    assert "notes" in rows[0]  # staff see the notes column
    assert rows[1]["active"] == "true"


@pytest.mark.django_db
def test_csv_of_people_has_one_line_per_person_and_their_posts(member, adela, mary):
    response = member.get("/api/v1/people/?format=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["name"] for row in rows} == {"Adela Díaz Bernárdez", "Mary Kaburu"}
    mary_row = next(row for row in rows if row["name"] == "Mary Kaburu")
    assert mary_row["email"] == "mary@example.org"
    assert mary_row["phone"] == "'+254 000 000"  # a leading + would be a formula
    assert "Focal point" in mary_row["appointments"]


@pytest.mark.django_db
def test_csv_bad_filter_is_a_json_400(anonymous):
    response = anonymous.get("/api/v1/people/?format=csv&member=XX")
    assert response.status_code == 400
    assert response.json()["errors"]["member"]


@pytest.mark.django_db
def test_the_publics_page_of_a_list_is_shared_until_the_data_changes(
    anonymous, partner, member, mary, adela
):
    first = anonymous.get("/api/v1/people/")
    with CaptureQueriesContext(connection) as again:
        second = anonymous.get("/api/v1/people/")
    assert len(again) == 0
    assert second.json() == first.json()
    assert second["ETag"] == first["ETag"]
    assert [item["id"] for item in second.json()["results"]] == [mary.pk]
    # A save shows at once.
    mary.family_name = "Kaburu-Njeri"
    mary.save()
    assert anonymous.get("/api/v1/people/").json()["results"][0]["family_name"] == "Kaburu-Njeri"
    # Members and partners never get the public's page, nor the public theirs.
    assert sorted(item["id"] for item in member.get("/api/v1/people/").json()["results"]) == sorted(
        [mary.pk, adela.pk]
    )
    with CaptureQueriesContext(connection) as partners:
        partner.get("/api/v1/people/")
    assert len(partners) > 0
    assert [item["id"] for item in anonymous.get("/api/v1/people/").json()["results"]] == [mary.pk]


@pytest.mark.django_db
def test_shared_pages_link_to_the_host_that_was_asked(anonymous, kenya):
    _people(3, kenya)
    one = anonymous.get("/api/v1/people/?page_size=2", headers={"host": "testserver"})
    other = anonymous.get("/api/v1/people/?page_size=2", headers={"host": "localhost"})
    assert one.json()["next"].startswith("http://testserver/")
    assert other.json()["next"].startswith("http://localhost/")
    # A wrong filter is still a 400, whatever was shared before.
    assert anonymous.get("/api/v1/people/?page_size=2&role=nonsense").status_code == 400


@pytest.mark.parametrize("cursor", ["0472-09-18T15:09:26-22:25", "0054-02-07T21:54:58+17:25"])
def test_a_sync_cursor_with_any_iso_offset_is_compared_in_utc(client, spain, cursor):
    # ISO 8601 allows offsets PostgreSQL refuses (schemathesis found a 500).
    response = client.get("/api/v1/members/", {"updated_since": cursor})
    assert response.status_code == 200
    assert response.json()["count"] >= 1


def test_a_sync_cursor_outside_the_calendar_is_a_clear_400(client):
    response = client.get("/api/v1/members/", {"updated_since": "0001-01-01T00:30:00+23:00"})
    assert response.status_code == 400
    assert "updated_since" in response.json()["errors"]
