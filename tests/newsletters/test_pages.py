"""Public pages of the newsletters: the archive, each issue, the Atom feed,
the entries (the map of national and regional actions), and the partials
other pages include."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client

from network.models import Member, Region, Theme
from newsletters import services
from newsletters.choices import EntryKind, EntryStatus, IssueStatus
from newsletters.models import Entry, Issue
from tests.factories import make_issue, make_subscribers, run_tasks

ATOM = "{http://www.w3.org/2005/Atom}"


def sent_issue(newsletter, entries, **kwargs):
    issue = make_issue(newsletter, entries, **kwargs)
    services.schedule_issue(issue)
    run_tasks()
    issue.refresh_from_db()
    return issue


@pytest.fixture
def many_entries(db, spain, kenya, ecowas):
    theme = Theme.objects.create(name="National action plans")
    entries = []
    for n, (kind, member) in enumerate(
        [
            (EntryKind.NATIONAL_INITIATIVE, spain),
            (EntryKind.NATIONAL_INITIATIVE, kenya),
            (EntryKind.REGIONAL_INITIATIVE, ecowas),
            (EntryKind.RESEARCH, None),
            (EntryKind.FUNDING, None),
        ]
        * 3
    ):
        entry = Entry.objects.create(kind=kind, title=f"Entry {n} {kind}", member=member)
        entry.themes.add(theme)
        entries.append(entry)
    return entries


def test_drafts_are_not_public_but_sent_issues_are(staff_client, newsletter, entry):
    client = Client()
    draft = make_issue(newsletter, [entry], number=2, title="Secret draft")
    sent = sent_issue(newsletter, [entry], title="Public issue")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert b"Secret draft" not in client.get("/newsletters/archive/").content
    assert b"Secret draft" not in client.get("/newsletters/feed/").content
    response = client.get(sent.get_absolute_url())
    assert response.status_code == 200
    assert b"Public issue" in response.content
    preview = staff_client.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert b"Preview: this issue has not been sent." in preview.content


def test_an_edition_url_goes_to_the_readers_language(client, newsletter, entry):
    sent_issue(newsletter, [entry], language="es", title="Número uno")
    sent_issue(newsletter, [entry], title="Number one")
    response = client.get("/newsletters/archive/wps/1/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302
    assert response["Location"] == "/newsletters/archive/wps/1/es/"
    page = client.get("/newsletters/archive/wps/1/en/")
    assert b'hreflang="es"' in page.content
    assert client.get("/newsletters/archive/wps/9/").status_code == 404


def test_archive_query_count_does_not_grow_with_issues(
    client, newsletter, entry, django_assert_num_queries
):
    for number in range(1, 4):
        sent_issue(newsletter, [entry], number=number, title=f"Issue {number}")
    # The issues, and the site-wide sample flag (kept until a sample row is written).
    with django_assert_num_queries(2):
        client.get("/newsletters/archive/")
    for number in range(4, 10):
        sent_issue(newsletter, [entry], number=number, title=f"Issue {number}")
    # The issues alone: no sample row was written.
    with django_assert_num_queries(1):
        response = client.get("/newsletters/archive/")
    assert response.content.count(b"<tr>") == 10


def test_the_atom_feed_is_valid_atom(client, newsletter, entry, settings):
    settings.SITE_URL = "https://wps.example.org"
    sent_issue(newsletter, [entry], title="First")
    sent_issue(newsletter, [entry], number=2, title="Second <&> issue")
    response = client.get("/newsletters/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{tag}").text
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert {link.get("rel") for link in feed.findall(f"{ATOM}link")} == {"alternate", "self"}
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "WPS Focal Points Network Newsletter No. 2: Second <&> issue",
        "WPS Focal Points Network Newsletter No. 1: First",
    ]
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 2
    assert all(i.startswith("https://wps.example.org/newsletters/archive/wps/") for i in ids)
    for item in entries:
        assert item.find(f"{ATOM}updated").text
        assert item.find(f"{ATOM}link").get("href").startswith("http")


def test_entries_are_browsable_by_kind_theme_member_and_region(client, many_entries):
    def titles(query):
        response = client.get("/newsletters/entries/" + query)
        assert response.status_code == 200
        return response.content.count(b'<article class="entry"')

    assert titles("") == 15
    assert titles("?kind=national_initiative") == 6
    assert titles("?kind=research&kind=funding") == 6
    assert titles("?member=ES") == 3
    assert titles("?member=es,ecowas") == 6
    assert titles("?theme=national-action-plans") == 15
    assert titles("?region=002") == 6  # Africa: Kenya and ECOWAS
    assert titles("?region=150") == 3  # Europe: Spain


def test_an_entry_concerning_a_region_is_found_by_the_region_above(client, db):
    region = Region.objects.get(code="011")  # Western Africa
    Entry.objects.create(kind=EntryKind.REGIONAL_INITIATIVE, title="Regional", region=region)
    response = client.get("/newsletters/entries/?region=002")
    assert b"Regional" in response.content


@pytest.mark.parametrize(
    ("query", "field"),
    [("?member=zz-nobody", b"Member:"), ("?region=999", b"Region:"), ("?kind=spam", b"Kind:")],
)
def test_bad_filters_get_a_message_naming_the_field(client, many_entries, query, field):
    response = client.get("/newsletters/entries/" + query)
    assert response.status_code == 400
    assert field in response.content


def test_entries_query_count_does_not_grow_with_entries(
    client, many_entries, django_assert_num_queries
):
    # count, page, the page's themes, the theme filter's options, and the
    # sample flag (kept until a sample row is written)
    with django_assert_num_queries(5):
        client.get("/newsletters/entries/")
    Entry.objects.bulk_create(
        [Entry(kind=EntryKind.RESEARCH, title=f"More {n}") for n in range(10)]
    )
    with django_assert_num_queries(4):
        response = client.get("/newsletters/entries/?kind=research")
    assert response.status_code == 200


def test_unpublished_entries_are_staff_only(staff_client, db):
    client = Client()
    hidden = Entry.objects.create(kind=EntryKind.RESEARCH, title="Hidden", status=EntryStatus.DRAFT)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert b"Hidden" not in client.get("/newsletters/entries/").content
    assert staff_client.get(hidden.get_absolute_url()).status_code == 200


def test_home_and_member_partials(rf, newsletter, entry, spain):
    sent_issue(newsletter, [entry], title="Latest one")
    from network.core.visibility import PUBLIC

    html = Template(
        '{% include "newsletters/_home_latest_issue.html" %}'
        '{% include "newsletters/_member_entries.html" %}'
    ).render(Context({"viewer": PUBLIC, "member": spain}))
    assert "Latest one" in html
    assert "A national initiative" in html
    assert "?member=ES" in html


def test_demo_loads_twice_without_change(db):
    call_command("load_demo", verbosity=0)
    counts = (Entry.objects.count(), Issue.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Entry.objects.count(), Issue.objects.count()) == counts
    assert counts[0] >= 5
    issue = Issue.objects.get()
    assert issue.status == IssueStatus.SENT
    assert all("casa-mediterraneo.es" in entry.link for entry in Entry.objects.all())
    assert not Member.objects.filter(entries__isnull=False, country="").filter(slug="").exists()


def test_sending_twice_from_the_admin_is_refused(staff_client, newsletter, entry, mailoutbox):
    make_subscribers(newsletter, 2)
    issue = make_issue(newsletter, [entry])
    url = f"/admin/newsletters/issue/{issue.pk}/send/"
    assert staff_client.post(url, {"action": "schedule", "scheduled_at": ""}).status_code == 302
    response = staff_client.post(url, {"action": "schedule", "scheduled_at": ""}, follow=True)
    assert b"Only a draft can be scheduled" in response.content
    run_tasks()
    assert len(mailoutbox) == 2


# HTML's valid date-time string allows one to three digits of a second's
# fraction; Django's date:'c' prints six (the Nu HTML checker's error).
MACHINE_DATETIME = re.compile(r'<time datetime="([^"]*)"')
VALID_DATETIME = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?([+-]\d\d:\d\d|Z)?)?$")


def test_time_elements_carry_valid_machine_dates(client, newsletter, entry):
    issue = sent_issue(newsletter, [entry], title="Public issue")
    for url in ["/", "/newsletters/archive/", issue.get_absolute_url()]:
        values = MACHINE_DATETIME.findall(client.get(url, follow=True).content.decode())
        assert values, url
        assert all(VALID_DATETIME.match(value) for value in values), (url, values)
