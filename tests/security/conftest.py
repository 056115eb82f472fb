"""Fixtures of the security proofs: the real demo data plus personal data in
every app — people who did not consent to public listing, with addresses and
phone numbers, registered for meetings, subscribed to the newsletter, writing
commitment updates — so that a leak anywhere has something to leak."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from focalpoints.models import Person
from meetings import services as meeting_services
from meetings.choices import RegistrationStatus
from meetings.models import Meeting, Registration, Session, SessionRole
from network.models import PartnerToken
from newsletters.choices import IssueStatus
from newsletters.emails import new_message_id
from newsletters.models import Delivery, Issue, Newsletter, Subscription
from tests.site.conftest import make_people


@pytest.fixture(autouse=True)
def _generous_api_rates(settings):
    """A crawler asks the API for hundreds of pages in a few seconds."""
    cache.clear()
    settings.API_THROTTLE_RATES = {
        "anonymous": "100000/minute",
        "partner": "100000/minute",
        "user": "100000/minute",
    }
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "newsletters"],
        }
    }
    yield
    cache.clear()


class World:
    """What the seeded data holds, for the assertions."""

    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)

    def unlisted_names(self):
        return [p.name for p in Person.objects.filter(public_listing=False)]

    def contact_values(self):
        """Every email address and phone number stored anywhere."""
        values = set()
        for person in Person.objects.prefetch_related("appointments"):
            values.update(v for v in (person.email, person.phone) if v)
            for post in person.appointments.all():
                values.update(v for v in (post.work_email, post.phone) if v)
        values.update(Subscription.objects.values_list("email", flat=True))
        return values


def seed_world(member_user, staff_user, senegal, mary, *, payload=None):
    """The demo data plus personal data in every app. ``payload``, when
    given, is written into every free-text field an export may carry (the
    formula-injection proof)."""
    call_command("load_demo", stdout=io.StringIO())
    adela = member_user.person
    secrets = make_people(8, senegal, consent=False, prefix="Secret")
    make_people(2, senegal, consent=True, prefix="Listed")
    if payload:
        Person.objects.filter(pk__in=[p.pk for p in secrets[:4]]).update(
            honorific=payload[:40], bio=payload, notes=payload
        )
        for person in secrets[:4]:
            person.appointments.update(position=payload, notes=payload)

    alicante = Meeting.objects.get(slug__contains="alicante")
    upcoming = Meeting.objects.exclude(pk=alicante.pk).first()
    # A speaker who never consented: named in the agenda (the exception), nowhere else.
    speaker = secrets[0]
    session = Session.objects.filter(meeting=alicante).first()
    SessionRole.objects.create(session=session, person=speaker, role="speaker", order=99)

    registrations = [
        Registration.objects.create(
            meeting=meeting,
            person=person,
            member=senegal,
            status=RegistrationStatus.REGISTERED,
            registered_at=timezone.now(),
            access_needs=payload or "Wheelchair access, please",
            notes=payload or "Prefers the aisle",
        )
        for meeting in {alicante, upcoming}
        for person in [adela, *secrets[:3]]
    ]
    commitment = meeting_services.record_commitment(
        alicante, adela.appointments.first().member, payload or "Review the national plan"
    )
    update = meeting_services.add_commitment_update(
        commitment, by=member_user, text=payload or "Review started", new_status="in_progress"
    )

    newsletter = Newsletter.objects.first()
    issue = Issue.objects.filter(status=IssueStatus.SENT).first()
    now = timezone.now()
    subscriptions = [
        Subscription.objects.create(
            newsletter=newsletter,
            email=person.email,
            person=person,
            confirmed_at=now,
            suspension_detail="",
        )
        for person in [adela, *secrets[:3]]
    ]
    Subscription.objects.create(
        newsletter=newsletter, email="stranger@example.net", requested_at=now
    )
    for subscription in subscriptions:
        Delivery.objects.create(
            issue=issue,
            subscription=subscription,
            newsletter=newsletter,
            number=issue.number,
            status="sent",
            sent_at=now,
            message_id=new_message_id(),
            last_error=f"250 ok for {subscription.email}",
        )
    _token, plaintext = PartnerToken.objects.issue(name="Crawler partner", created_by=staff_user)
    return World(
        adela=adela,
        mary=mary,
        secrets=secrets,
        speaker=speaker,
        alicante=alicante,
        upcoming=upcoming,
        registrations=registrations,
        commitment=commitment,
        update=update,
        subscriptions=subscriptions,
        issue=issue,
        token=plaintext,
        member_user=member_user,
        staff_user=staff_user,
        payload=payload,
        today=datetime.date.today(),
    )


@pytest.fixture
def senegal(reference_data):
    from network.choices import MemberKind
    from network.models import Member, Region

    return Member.objects.create(
        kind=MemberKind.STATE, name="Senegal", country="SN", region=Region.objects.get(code="011")
    )


@pytest.fixture
def world(member_user, staff_user, senegal, mary):
    return seed_world(member_user, staff_user, senegal, mary)
