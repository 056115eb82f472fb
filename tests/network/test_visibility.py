"""Every cell of DESIGN.md's visibility table, as one table of (data, audience,
expected), run against the policy every surface uses: the querysets'
``visible_to(viewer)`` for rows and ``visible_fields()`` for fields.

Subjects: Spain's focal point, who gave no public-listing consent, and
Kenya's, listed publicly. Audiences: the public; a partner with an API token;
a logged-in user linked to no person; a member (another focal point); the
member themself (own record); staff.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.models import Appointment, Person
from network.choices import MemberKind
from network.core.visibility import (
    APPOINTMENT_FIELDS,
    PERSON_FIELDS,
    Viewer,
    viewer_for,
    visible_fields,
)
from network.models import Member, Organisation, Region, Theme

AUDIENCES = ["public", "partner", "plain", "member", "own", "staff"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module through the services, and rolled back after
    it; each test runs in a savepoint inside."""
    with django_db_blocker.unblock(), transaction.atomic():
        europe, africa = Region.objects.get(code="039"), Region.objects.get(code="014")
        spain = Member.objects.create(kind=MemberKind.STATE, country="ES", region=europe)
        kenya = Member.objects.create(kind=MemberKind.STATE, country="KE", region=africa)
        Organisation.objects.create(
            name="Ministry of Foreign Affairs and Cooperation", member=spain
        )
        Theme.objects.create(name="Climate change")
        accounts = {}
        people = {}
        for key, member, listed in (("unlisted", spain, False), ("listed", kenya, True)):
            person = Person.objects.create(
                given_name=key.title(),
                family_name="Example",
                email=f"{key}@example.org",
                phone="+1 000",
                gender="female",
                public_listing=listed,
                user=get_user_model().objects.create_user(email=f"{key}.account@example.org"),
            )
            services.appoint_person(
                person,
                member,
                Role.FOCAL_POINT,
                start_on=datetime.date(2017, 1, 1),
                position="Director",
                work_email=f"{key}.work@example.org",
            )
            people[key], accounts[person.pk] = person, person.user
        yield {
            **people,
            "accounts": accounts,
            "plain": get_user_model().objects.create_user(email="nobody@example.org"),
            "staff": get_user_model().objects.create_user(email="staff@example.org", is_staff=True),
            "spain": spain,
            "kenya": kenya,
        }
        transaction.set_rollback(True)


def viewer_of(audience, subject, world):
    """The viewer an audience stands for, looking at ``subject``."""
    other = world["listed"] if subject == world["unlisted"] else world["unlisted"]
    return viewer_for(
        {
            "public": None,
            "partner": Viewer(is_partner=True),
            "plain": world["plain"],
            "member": world["accounts"][other.pk],
            "own": world["accounts"][subject.pk],
            "staff": world["staff"],
        }[audience]
    )


def _all_rows_visible(model):
    def check(viewer, subject):
        return model.objects.visible_to(viewer).count() == model.objects.count() > 0

    return check


def _person_row(viewer, subject):
    return Person.objects.visible_to(viewer).filter(pk=subject.pk).exists()


def _appointment_rows(viewer, subject):
    posts = Appointment.objects.filter(person=subject)
    return Appointment.objects.visible_to(viewer).filter(person=subject).count() == posts.count()


def _person_fields(*names):
    def check(viewer, subject):
        own = viewer.owns_person(subject.pk)  # as the pages and the API ask it
        return set(names) <= visible_fields(viewer, PERSON_FIELDS, own=own)

    return check


def _appointment_fields(*names):
    def check(viewer, subject):
        return set(names) <= visible_fields(viewer, APPOINTMENT_FIELDS)

    return check


# (data, subject, check, expected for public, partner, plain, member, own, staff)
Y, N = True, False
TABLE = [
    ("members", "unlisted", _all_rows_visible(Member), [Y, Y, Y, Y, Y, Y]),
    ("regions", "unlisted", _all_rows_visible(Region), [Y, Y, Y, Y, Y, Y]),
    ("themes", "unlisted", _all_rows_visible(Theme), [Y, Y, Y, Y, Y, Y]),
    ("organisations", "unlisted", _all_rows_visible(Organisation), [Y, Y, Y, Y, Y, Y]),
    ("person with consent", "listed", _person_row, [Y, Y, Y, Y, Y, Y]),
    ("person without consent", "unlisted", _person_row, [N, N, N, Y, Y, Y]),
    ("posts of a person with consent", "listed", _appointment_rows, [Y, Y, Y, Y, Y, Y]),
    ("posts of a person without consent", "unlisted", _appointment_rows, [N, N, N, Y, Y, Y]),
    (
        "name",
        "listed",
        _person_fields("honorific", "given_name", "family_name", "name"),
        [Y, Y, Y, Y, Y, Y],
    ),
    (
        "position, organisation, member",
        "listed",
        _appointment_fields("position", "organisation", "member", "role", "start_on", "end_on"),
        [Y, Y, Y, Y, Y, Y],
    ),
    ("email and phone", "unlisted", _person_fields("email", "phone"), [N, N, N, Y, Y, Y]),
    (
        "work email and phone",
        "unlisted",
        _appointment_fields("work_email", "phone"),
        [N, N, N, Y, Y, Y],
    ),
    (
        "languages, expertise, biography",
        "unlisted",
        _person_fields("languages", "expertise", "bio", "verified_at"),
        [N, N, N, Y, Y, Y],
    ),
    ("gender", "unlisted", _person_fields("gender"), [N, N, N, N, Y, Y]),
    (
        "public-listing consent",
        "unlisted",
        _person_fields("public_listing", "public_listing_changed_at"),
        [N, N, N, N, Y, Y],
    ),
    ("staff notes, user account", "unlisted", _person_fields("notes", "user"), [N, N, N, N, N, Y]),
    (
        "post's source and notes",
        "unlisted",
        _appointment_fields("source", "notes"),
        [N, N, N, N, N, Y],
    ),
]

CELLS = [
    pytest.param(check, subject, audience, expected, id=f"{data} / {audience}")
    for data, subject, check, row in TABLE
    for audience, expected in zip(AUDIENCES, row, strict=True)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("check", "subject", "audience", "expected"), CELLS)
def test_visibility_table(world, check, subject, audience, expected):
    person = world[subject]
    assert check(viewer_of(audience, person, world), person) is expected


@pytest.mark.django_db
def test_audiences_are_who_the_table_says(world):
    adela = world["unlisted"]
    assert viewer_of("public", adela, world).is_public
    assert viewer_of("partner", adela, world).is_public  # a token sees what the public sees
    assert viewer_of("plain", adela, world).is_public
    member = viewer_of("member", adela, world)
    assert member.is_member and not member.is_staff and not member.owns_person(adela.pk)
    assert viewer_of("own", adela, world).owns_person(adela.pk)
    assert viewer_of("staff", adela, world).is_staff


@pytest.mark.django_db
def test_an_inactive_account_sees_what_the_public_sees(world):
    account = get_user_model().objects.get(pk=world["unlisted"].user_id)  # a copy of its own
    account.is_active = False
    account.save()
    viewer = viewer_for(account)
    assert viewer.is_public
    assert not Person.objects.visible_to(viewer).filter(pk=world["unlisted"].pk).exists()


@pytest.mark.django_db
def test_a_member_belongs_to_the_members_of_their_current_posts(world):
    viewer = viewer_of("own", world["unlisted"], world)
    assert viewer.belongs_to(world["spain"].pk)
    assert not viewer.belongs_to(world["kenya"].pk)
