"""Query counts of the lists and the meeting page: fixed, whatever the rows."""

import datetime

import pytest
from django.urls import reverse

from focalpoints.models import Person
from meetings import services
from meetings.models import today
from network.models import Theme
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


def _meeting_with_agenda(slug, members, *, sessions, staff_user, days_ahead=-400):
    meeting = make_meeting(slug, days_ahead=days_ahead, status="held", registration_open=False)
    theme, _ = Theme.objects.get_or_create(name="Structural barriers")
    meeting.hosts.set(members[:1])
    meeting.chairs.set(members)
    for member in members:
        meeting.delegations.create(member=member)
    for n in range(sessions):
        person = Person.objects.create(given_name=f"Speaker{n}", family_name=slug)
        services.schedule_session(
            meeting,
            title=f"Session {n}",
            day=meeting.start_date if n % 2 == 0 else meeting.end_date,
            themes=[theme],
            roles=[
                {"person": person, "role": "moderator", "affiliation": "Somewhere"},
                {"member": members[0], "role": "speaker"},
            ],
        )
    for member in members:
        commitment = services.record_commitment(
            meeting, member, f"Pledge of {member}", themes=[theme]
        )
        if meeting.end_date < today():
            services.add_commitment_update(
                commitment,
                by=staff_user,
                text="Progress",
                reported_on=meeting.end_date + datetime.timedelta(days=1),
            )
    meeting.documents.create(title="Summary", url="https://example.org/summary")
    return meeting


# Meeting, its hosts and chairs, sessions, their themes, roles with people and
# members, linkable people, documents, delegations, commitments, their themes
# and updates, the chair terms for the troika (one query; none recorded here,
# so no members);
# and whether a sample layer exists (the site-wide notice: one query on the
# suite's empty cache, a cache read once warm).
MEETING_PAGE_QUERIES = 14


@pytest.mark.parametrize("size", [1, 6])
def test_the_meeting_page_costs_the_same_queries_whatever_its_size(
    client, spain, kenya, ecowas, staff_user, django_assert_num_queries, size
):
    meeting = _meeting_with_agenda(
        f"m{size}", [spain, kenya, ecowas][: min(size, 3)], sessions=size, staff_user=staff_user
    )
    url = reverse("meetings:meeting", args=[meeting.slug])
    with django_assert_num_queries(MEETING_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="session"') == size


def test_a_members_meeting_page_adds_only_their_registration(
    member_client, adela, spain, kenya, staff_user, django_assert_num_queries
):
    meeting = _meeting_with_agenda(
        "upcoming", [spain, kenya], sessions=3, staff_user=staff_user, days_ahead=20
    )
    meeting.registration_open = True
    meeting.capacity = 10
    meeting.status = "planned"
    meeting.save()
    services.register(meeting, adela)
    url = reverse("meetings:meeting", args=[meeting.slug])
    # + the login session, user, person, current posts, own registration, places taken
    with django_assert_num_queries(MEETING_PAGE_QUERIES + 6):
        response = member_client.get(url)
    assert "Your registration: Registered." in response.content.decode()


@pytest.mark.parametrize("count", [2, 8])
def test_the_meetings_list_costs_the_same_queries_whatever_its_length(
    client, spain, kenya, django_assert_num_queries, count
):
    for n in range(count):
        meeting = make_meeting(f"list-{n}", days_ahead=-30 * n + 15, status="planned")
        meeting.chairs.set([spain, kenya])
        meeting.hosts.set([spain])
    # upcoming, past, their chairs (twice, one each), years, the sample flag
    with django_assert_num_queries(6):
        response = client.get(reverse("meetings:meeting_list"))
    assert response.content.decode().count('class="meeting-item"') == count


@pytest.mark.parametrize("count", [2, 12])
def test_the_commitments_list_costs_the_same_queries_whatever_its_length(
    client, alicante, spain, kenya, staff_user, django_assert_num_queries, count
):
    theme = Theme.objects.create(name="Localisation")
    for n in range(count):
        commitment = services.record_commitment(
            alicante, spain if n % 2 else kenya, f"Pledge {n}", themes=[theme]
        )
        services.add_commitment_update(
            commitment, by=staff_user, text="Going", reported_on=datetime.date(2018, 1, 1)
        )
    # On an empty cache: the charts' figures (which count the commitments
    # too); the page's stamps; in one query its themes' and updates' stamps
    # (what says what each row prints) and the filter choices'; the rows not
    # kept: commitments, themes, updates; the choices (members, meetings,
    # themes); the sample flag. After a save, the rows and choices kept cost
    # four queries fewer (tests/meetings/test_public_cache.py).
    with django_assert_num_queries(10):
        response = client.get(reverse("meetings:commitment_list"))
    assert response.content.decode().count('class="commitment"') == count
