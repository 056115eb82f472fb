"""The sample layer's meeting work: an upcoming meeting open for registration,
with sessions, a full list and a waiting list, and progress updates on real
commitments (``load_demo --sample``; ``remove_sample``). Every row made here is
marked with a SampleRecord; no real row is changed, so removing the marked
rows restores the real facts exactly."""

import datetime

from django.utils import timezone

from focalpoints.models import Person
from network.models import Member, SampleRecord

from .choices import MeetingKind, MeetingStatus, RegistrationStatus, SessionKind
from .models import Commitment, CommitmentUpdate, Meeting, Registration, Session, today

CAPACITY = 24
WAITING = 6
SESSIONS = [
    (0, SessionKind.OPENING, "Opening plenary (sample)"),
    (0, SessionKind.WORKING_GROUP, "Working group: financing action plans (sample)"),
    (1, SessionKind.PANEL, "Panel: localising action plans (sample)"),
    (1, SessionKind.CLOSING, "Closing and commitments (sample)"),
]


def load_sample():
    """Add the sample meeting, its registrations and sample progress updates;
    does nothing if they exist. Needs the sample people (focalpoints.sample)."""
    if SampleRecord.objects.of_model(Meeting).exists():
        return "sample meeting already loaded"
    start = today() + datetime.timedelta(days=45)
    host = Member.objects.filter(country="ES").first()
    meeting = Meeting.objects.create(
        slug="sample-next-capital-level-meeting",
        kind=MeetingKind.NETWORK,
        title="Sample meeting: next capital-level meeting (fictional)",
        status=MeetingStatus.PLANNED,
        city="Sampleville",
        venue="Sample Conference Centre",
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        capacity=CAPACITY,
        registration_open=True,
        summary="A fictional meeting of the sample layer, to try registration and the "
        "waiting list.",
    )
    if host is not None:
        meeting.hosts.add(host)
    SampleRecord.objects.mark(meeting)
    for order, (day, kind, title) in enumerate(SESSIONS, start=1):
        session = Session.objects.create(
            meeting=meeting,
            kind=kind,
            title=title,
            day=start + datetime.timedelta(days=day),
            order=order,
        )
        SampleRecord.objects.mark(session)
    people = Person.objects.filter(pk__in=SampleRecord.objects.ids_of(Person)).order_by("pk")
    now = timezone.now()
    registrations = 0
    for index, person in enumerate(people[: CAPACITY + WAITING]):
        post = person.appointments.first()
        waiting = index >= CAPACITY
        registration = Registration.objects.create(
            meeting=meeting,
            person=person,
            member=post.member if post else None,
            status=RegistrationStatus.WAITING
            if waiting
            else (
                RegistrationStatus.CONFIRMED if index % 3 == 0 else RegistrationStatus.REGISTERED
            ),
            waiting_position=index - CAPACITY + 1 if waiting else None,
            registered_at=now,
            confirmed_at=now if not waiting and index % 3 == 0 else None,
            travel_support=index % 4 == 0,
            visa_letter=index % 7 == 0,
        )
        SampleRecord.objects.mark(registration)
        registrations += 1
    updates = 0
    for commitment in Commitment.objects.order_by("pk")[:4]:
        update = CommitmentUpdate.objects.create(
            commitment=commitment,
            text="Sample progress update (fictional): a working group met and drafted a timeline.",
            reported_on=today() - datetime.timedelta(days=20),
        )
        SampleRecord.objects.mark(update)
        updates += 1
    return (
        f"1 sample meeting, {len(SESSIONS)} sessions, {registrations} registrations "
        f"({WAITING} waiting), {updates} sample progress updates"
    )
