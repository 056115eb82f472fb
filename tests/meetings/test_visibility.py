"""Who sees what: registrations are the person's own; agenda people by name."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Registration
from network.core.visibility import PUBLIC, may_update_commitment, viewer_for
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def both_registered(meeting, adela, mary):
    services.register(meeting, adela, access_needs="Sign language interpretation")
    services.register(meeting, mary, access_needs="Wheelchair access", visa_letter=True)
    return meeting


def test_a_member_sees_only_their_own_registrations(both_registered, member_user, adela):
    visible = Registration.objects.visible_to(viewer_for(member_user))
    assert [r.person for r in visible] == [adela]


def test_the_public_sees_no_registrations(both_registered, plain_user):
    assert not Registration.objects.visible_to(PUBLIC).exists()
    assert not Registration.objects.visible_to(viewer_for(plain_user)).exists()


def test_staff_see_every_registration(both_registered, staff_user):
    assert Registration.objects.visible_to(viewer_for(staff_user)).count() == 2


@pytest.mark.parametrize("who", ["public", "member"])
def test_nobody_sees_another_persons_access_needs_on_the_pages(
    client, member_user, both_registered, who
):
    if who == "member":
        client.force_login(member_user)
    pages = [
        reverse("meetings:meeting", args=[both_registered.slug]),
        reverse("meetings:meeting_list"),
    ]
    if who == "member":
        pages += [
            reverse("meetings:register", args=[both_registered.slug]),
            reverse("meetings:my_registrations"),
        ]
    for url in pages:
        page = client.get(url).content.decode()
        assert "Wheelchair access" not in page
        assert "Kaburu" not in page
    if who == "member":
        own = client.get(reverse("meetings:register", args=[both_registered.slug]))
        assert "Sign language interpretation" in own.content.decode()


@pytest.fixture
def agenda_meeting(adela, mary):
    meeting = make_meeting("agenda")
    services.schedule_session(
        meeting,
        title="Panel",
        day=meeting.start_date,
        roles=[
            {"person": adela, "role": "moderator", "affiliation": "Ministry, Spain"},
            {"person": mary, "role": "panellist", "affiliation": "Kenya"},
        ],
    )
    return meeting


def test_the_public_agenda_names_people_without_consent_but_does_not_link_them(
    client, agenda_meeting, adela, mary
):
    page = client.get(reverse("meetings:meeting", args=[agenda_meeting.slug])).content.decode()

    # Adela gave no public-listing consent: named with her role, not linked.
    assert "Ms. Adela Díaz Bernárdez" in page
    assert "Ministry, Spain" in page
    assert adela.get_absolute_url() not in page
    # Mary consented: linked to her directory entry.
    assert f'href="{mary.get_absolute_url()}"' in page
    for private in ("adela@example.org", "+34 000 000 000", "adela.work@example.org"):
        assert private not in page


def test_members_follow_every_agenda_person_to_the_directory(
    member_client, agenda_meeting, adela, mary
):
    url = reverse("meetings:meeting", args=[agenda_meeting.slug])
    page = member_client.get(url).content.decode()
    assert f'href="{adela.get_absolute_url()}"' in page
    assert f'href="{mary.get_absolute_url()}"' in page


def test_the_commitment_rule_of_the_policy(member_user, kenya_user, staff_user, kenya_commitment):
    assert may_update_commitment(viewer_for(kenya_user), kenya_commitment)
    assert may_update_commitment(viewer_for(staff_user), kenya_commitment)
    assert not may_update_commitment(viewer_for(member_user), kenya_commitment)
    assert not may_update_commitment(PUBLIC, kenya_commitment)


def test_update_authors_are_shown_to_members_not_the_public(
    client, kenya_user, kenya_commitment, mary
):
    services.add_commitment_update(kenya_commitment, by=kenya_user, text="Progress")
    url = reverse("meetings:commitment", args=[kenya_commitment.pk])
    assert "Mary Kaburu" not in client.get(url).content.decode()
    client.force_login(kenya_user)
    assert "Mary Kaburu" in client.get(url).content.decode()


def test_staff_linked_to_a_person_see_their_own_registration_on_the_pages(
    client, both_registered, staff_user, ana
):
    ana.user = staff_user
    ana.save()
    client.force_login(staff_user)
    url = reverse("meetings:register", args=[both_registered.slug])
    page = client.get(url).content.decode()
    # Ana has not registered: she is offered the form, not Adela's registration.
    assert "Sign language interpretation" not in page
    assert 'name="access_needs"' in page
