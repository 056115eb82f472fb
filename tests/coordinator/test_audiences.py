"""Audiences: who a named part of the directory reaches, and who it leaves out."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from focalpoints import audiences
from focalpoints.choices import Role
from focalpoints.models import Audience, Person
from meetings import services as meeting_services
from network.choices import MemberKind
from network.models import Language, Region, Theme

pytestmark = pytest.mark.django_db


def names(resolution):
    return sorted(person.given_name for person in resolution.people)


def test_focal_points_of_members_without_an_active_plan(directory):
    audience = Audience.objects.create(
        name="No plan", roles=[Role.FOCAL_POINT], without_active_plan=True
    )
    people, left_out = audiences.resolve(audience)
    assert sorted(p.given_name for p in people) == ["Aminata", "Mary"]
    assert left_out == {"do_not_contact": 0, "bounced": 0, "no_email": 0}


def test_region_includes_its_sub_regions(directory):
    africa = Region.objects.get(code="002")  # Africa › Western Africa, Eastern Africa
    audience = Audience.objects.create(name="Africa")
    audience.regions.set([africa])
    assert names(audiences.resolve(audience)) == ["Aminata", "Mary", "Otieno"]


def test_kind_role_member_and_language_criteria(directory, kenya):
    by_kind = Audience.objects.create(
        name="Regional", member_kinds=[MemberKind.REGIONAL_ORGANISATION]
    )
    assert names(audiences.resolve(by_kind)) == ["Aminata"]
    by_member = Audience.objects.create(name="Kenya alternates", roles=[Role.ALTERNATE])
    by_member.members.set([kenya])
    assert names(audiences.resolve(by_member)) == ["Otieno"]
    french = Audience.objects.create(name="French")
    french.languages.set([Language.objects.get(code="fr")])
    assert names(audiences.resolve(french)) == ["Aminata"]


def test_expertise_meeting_and_working_group(directory, meeting, kenya):
    climate = Theme.objects.create(name="Climate")
    directory["adela"].expertise.set([climate])
    by_theme = Audience.objects.create(name="Climate")
    by_theme.themes.set([climate])
    assert names(audiences.resolve(by_theme)) == ["Adela"]

    meeting_services.register(meeting, directory["aminata"])
    meeting.delegations.create(member=kenya)
    took_part = Audience.objects.create(name="Vienna")
    took_part.meetings.set([meeting])
    assert names(audiences.resolve(took_part)) == ["Aminata", "Mary", "Otieno"]

    group = meeting_services.schedule_session(
        meeting,
        title="Working group: climate",
        day=meeting.start_date,
        kind="working_group",
        roles=[{"person": directory["mary"], "role": "rapporteur"}],
    )
    in_group = Audience.objects.create(name="Group", working_group=group)
    assert names(audiences.resolve(in_group)) == ["Mary"]


def test_former_posts_only_when_asked(directory, adela):
    adela.appointments.update(end_on=datetime.date(2020, 1, 1))
    current = Audience.objects.create(name="Spain now")
    current.members.set([adela.appointments.get().member])
    assert names(audiences.resolve(current)) == []
    current.current_posts_only = False
    current.save()
    assert names(audiences.resolve(current)) == ["Adela"]


def test_left_out_counted_by_reason(directory):
    mary, aminata, otieno = directory["mary"], directory["aminata"], directory["otieno"]
    Person.objects.filter(pk=mary.pk).update(do_not_contact=True)
    Person.objects.filter(pk=aminata.pk).update(email_bounced_at=timezone.now())
    Person.objects.filter(pk=otieno.pk).update(email="")  # and no work address
    audience = Audience.objects.create(name="Everyone")
    people, left_out = audiences.resolve(audience)
    assert [p.given_name for p in people] == ["Adela"]
    assert left_out == {"do_not_contact": 1, "bounced": 1, "no_email": 1}


def test_work_address_stands_in_for_a_missing_own_address(directory):
    adela = directory["adela"]
    Person.objects.filter(pk=adela.pk).update(email="")
    audience = Audience.objects.create(name="Spain")
    audience.members.set([adela.appointments.get().member])
    (person,) = audiences.resolve(audience).people
    assert person.address == "adela.work@example.org"


def test_resolution_takes_a_fixed_number_of_queries(directory, django_assert_num_queries):
    audience = Audience.objects.create(name="All", roles=[Role.FOCAL_POINT, Role.ALTERNATE])
    with django_assert_num_queries(6):
        small = audiences.resolve(audience)
    kenya = directory["mary"].appointments.get().member
    for number in range(30):
        person = Person.objects.create(given_name=f"P{number}", email=f"p{number}@example.org")
        person.appointments.create(member=kenya, role=Role.ALTERNATE)
    with django_assert_num_queries(6):
        large = audiences.resolve(audience)
    assert large.count == small.count + 30


def test_admin_shows_whom_it_reaches_before_anything_is_sent(staff_client, directory):
    Person.objects.filter(pk=directory["otieno"].pk).update(email="")
    audience = Audience.objects.create(name="Everyone")
    page = staff_client.get(reverse("admin:focalpoints_audience_change", args=[audience.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "3 people" in text
    assert "1 left out: no email" in text
    assert "mary@example.org" in text


def test_admin_saves_an_audience_by_name(staff_client, directory):
    response = staff_client.post(
        reverse("admin:focalpoints_audience_add"),
        {
            "name": "Focal points without a plan",
            "roles": [Role.FOCAL_POINT],
            "current_posts_only": "on",
            "without_active_plan": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    audience = Audience.objects.get(name="Focal points without a plan")
    assert names(audiences.resolve(audience)) == ["Aminata", "Mary"]


def test_admin_refuses_an_unknown_role(staff_client, db):
    response = staff_client.post(
        reverse("admin:focalpoints_audience_add"), {"name": "Odd", "roles": ["king"]}
    )
    assert response.status_code == 200
    assert not Audience.objects.exists()


def test_a_hard_bounce_leaves_the_address_out_of_audiences(directory):
    from newsletters.services import suspend_address

    suspend_address("MARY.work@example.org", "hard_bounce", "550 no such user")
    suspend_address("aminata@example.org", "complaint")
    audience = Audience.objects.create(name="Everyone")
    people, left_out = audiences.resolve(audience)
    assert left_out["bounced"] == 1
    assert "Mary" not in [p.given_name for p in people]
    assert "Aminata" in [p.given_name for p in people]
