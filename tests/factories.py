"""Builders and helpers the tests share (fixtures stay in the conftest files,
and build with these): the test password and accounts, a crowd of people,
meetings, the API's directory and agenda, newsletter issues and subscribers,
the security proofs' world, links read out of emails, running queued tasks.

Data is written through the product's own services where a path exists;
``make_people`` writes in bulk (with the search text the models would
write) so that large pages stay quick to set up.
"""

import datetime
import io
import re
import socket

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from focalpoints import services as focalpoint_services
from focalpoints.choices import Role
from focalpoints.models import Appointment, Person
from meetings import services as meeting_services
from meetings.choices import MeetingKind, MeetingStatus, RegistrationStatus, SessionRoleKind
from meetings.models import Meeting, Registration, Session, SessionRole, today
from network.choices import MemberKind, PlanScope
from network.core.search import normalise
from network.models import (
    ActionPlan,
    LibraryDocument,
    Member,
    Membership,
    PartnerToken,
    Region,
    Theme,
)
from network.reference import ensure_reference_data
from newsletters.choices import EntryKind, EntryStatus, IssueStatus
from newsletters.emails import new_message_id
from newsletters.models import Delivery, Entry, Issue, IssueEntry, Newsletter, Subscription

PASSWORD = "a-long-test-password-1"
LINK = re.compile(r"https?://[^\s]+")


def in_network(member, joined_on=datetime.date(2017, 4, 27)):
    """``member`` with a membership of the network (Member.objects.in_network)."""
    Membership.objects.create(
        member=member,
        joined_on=joined_on,
        source_url="https://example.org/communique",
        source_title="Joint communiqué (test)",
    )
    return member


def make_user(email, **extra):
    """An account with the test password."""
    return get_user_model().objects.create_user(email=email, password=PASSWORD, **extra)


def make_people(count, member, *, consent=False, prefix="Person"):
    """``count`` people holding a current alternate post for ``member``, with
    contact details; written in bulk (with the search text the models would
    write) so that large pages stay quick to set up."""
    people = Person.objects.bulk_create(
        Person(
            given_name=f"{prefix}{number:03d}",
            family_name="Crowd",
            email=f"{prefix.lower()}{number}@example.org",
            phone=f"+1 555 01{number:02d}",
            public_listing=consent,
            search_text=normalise(
                f"{prefix}{number:03d}",
                "Crowd",
                f"{prefix.lower()}{number}@example.org",
                member.name,
                member.acronym,
                "Adviser",
            ),
        )
        for number in range(count)
    )
    Appointment.objects.bulk_create(
        Appointment(
            person=person,
            member=member,
            role=Role.ALTERNATE,
            start_on=datetime.date(2020, 1, 1),
            position="Adviser",
            work_email=f"{person.given_name.lower()}.work@example.org",
        )
        for person in people
    )
    return people


LINK = re.compile(r"https?://[^\s]+")


def link_in_last_email(to=None):
    """The path of the first link in the last email (sent to ``to``, if given)."""
    messages = [m for m in mail.outbox if to is None or to in m.to]
    assert messages, f"no email sent to {to}"
    url = LINK.search(messages[-1].body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


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
    # The coordinator's week: an audience, an invitation, a verification request, a reminder.
    from focalpoints.models import Audience, VerificationRequest
    from meetings.models import Invitation, SentReminder

    audience = Audience.objects.create(name="Senegal's alternates", roles=["alternate"])
    audience.members.set([senegal])
    Invitation.objects.create(
        meeting=upcoming,
        person=secrets[3],
        member=senegal,
        audience=audience,
        sent_to=secrets[3].email,
        sent_at=now,
    )
    VerificationRequest.objects.create(person=secrets[4], sent_to=secrets[4].email)
    SentReminder.objects.create(
        key=f"week_before:m{upcoming.pk}:p{adela.pk}",
        kind="week_before",
        person=adela,
        meeting=upcoming,
        sent_to=adela.email,
    )
    # A members-only document of the library: the public must never reach it.
    LibraryDocument.objects.create(
        title="Members' notes on the national plan",
        description=payload or "For members of the network.",
        url="https://example.org/members-notes",
        member=adela.appointments.first().member,
        audience="members",
    )
    # A letter template (with its history), a sample row's mark, a message to
    # an audience and its copy: every table holds a row (the archive test).
    from meetings.models import LetterTemplate
    from network.models import SampleRecord
    from newsletters.models import AudienceMessage, MessageDelivery

    LetterTemplate.objects.create(
        name="Visa letter",
        language="fr",
        subject="Lettre d'invitation",
        body="Madame, Monsieur, {participant_name} est invitée.",
        signatory_name="The secretariat",
    )
    SampleRecord.objects.mark(audience)
    message = AudienceMessage.objects.create(
        audience=audience,
        subject="Reminder",
        body=payload or "See you soon.",
        created_by=staff_user,
    )
    MessageDelivery.objects.create(audience_message=message, person=adela, email=adela.email)
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


def make_meeting(slug="berlin-next", *, days_ahead=30, length=2, **fields):
    start = today() + datetime.timedelta(days=days_ahead)
    values = {
        "kind": MeetingKind.NETWORK,
        "title": f"Meeting {slug}",
        "city": "Berlin",
        "country": "DE",
        "time_zone": "Europe/Berlin",
        "start_date": start,
        "end_date": start + datetime.timedelta(days=length - 1),
        "status": MeetingStatus.PLANNED,
        "registration_open": True,
    }
    values.update(fields)
    return Meeting.objects.create(slug=slug, **values)


def build_agenda(spain, kenya, ecowas, adela, mary):
    """Meetings and newsletters as partners read them, set up through the
    apps' services: a held meeting with a session whose people are Adela (not
    listed publicly) and Mary (listed), and a representative of ECOWAS;
    commitments of Spain and Kenya with an update each; an upcoming meeting
    open for registration, with Adela's and Mary's registrations; a sent and a
    draft issue of the newsletter; Adela's own subscription and someone else's."""
    theme = Theme.objects.create(name="Climate and security")
    first_plan = ActionPlan.objects.create(
        member=spain,
        scope=PlanScope.NATIONAL,
        sequence=1,
        adopted_on=datetime.date(2007, 11, 30),
        period_start=datetime.date(2007, 1, 1),
        period_end=datetime.date(2013, 12, 31),
    )
    second_plan = ActionPlan.objects.create(
        member=spain,
        scope=PlanScope.NATIONAL,
        sequence=2,
        adopted_on=datetime.date(2017, 7, 28),
        period_start=datetime.date(2017, 1, 1),
        follows=first_plan,
        has_dedicated_budget=False,
        notes="=Costed later",
    )
    second_plan.themes.set([theme])
    regional_plan = ActionPlan.objects.create(
        member=ecowas, scope=PlanScope.REGIONAL, sequence=1, adopted_on=datetime.date(2010, 8, 1)
    )
    held = Meeting.objects.create(
        kind=MeetingKind.NETWORK,
        title="Alicante network meeting",
        slug="alicante-2017",
        status=MeetingStatus.HELD,
        city="Alicante",
        country="ES",
        time_zone="Europe/Madrid",
        start_date=datetime.date(2017, 4, 26),
        end_date=datetime.date(2017, 4, 27),
    )
    held.hosts.set([spain])
    session = meeting_services.schedule_session(
        held,
        title="Opening plenary",
        day=datetime.date(2017, 4, 26),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(10, 30),
        themes=[theme],
        roles=[
            {"person": adela, "role": SessionRoleKind.CHAIR, "affiliation": "Spain, MFA"},
            {"person": mary, "role": SessionRoleKind.SPEAKER, "affiliation": "Kenya"},
            {"member": ecowas, "role": SessionRoleKind.INTERVENTION},
        ],
    )
    spare_session = meeting_services.schedule_session(
        held, title="Closing", day=datetime.date(2017, 4, 27)
    )
    spain_commitment = meeting_services.record_commitment(
        held, spain, "Review the monitoring framework of the national action plan.", themes=[theme]
    )
    kenya_commitment = meeting_services.record_commitment(
        held, kenya, "=Fund civil-society monitoring", order=2
    )
    spare_commitment = meeting_services.record_commitment(held, kenya, "A spare pledge.", order=3)
    spain_update = meeting_services.add_commitment_update(
        spain_commitment,
        by=_secretariat(),
        text="Framework under review.",
        new_status="in_progress",
        reported_on=datetime.date(2018, 1, 10),
    )
    kenya_update = meeting_services.add_commitment_update(
        kenya_commitment, by=_secretariat(), text="Funds found.", reported_on=today()
    )
    upcoming = Meeting.objects.create(
        kind=MeetingKind.EXPERT,
        title="Expert meeting on climate",
        slug="expert-next",
        status=MeetingStatus.PLANNED,
        city="Nairobi",
        country="KE",
        time_zone="Africa/Nairobi",
        start_date=today() + datetime.timedelta(days=30),
        end_date=today() + datetime.timedelta(days=31),
        registration_open=True,
    )
    another = Meeting.objects.create(
        kind=MeetingKind.VIRTUAL,
        title="Virtual briefing",
        slug="virtual-next",
        start_date=today() + datetime.timedelta(days=60),
        end_date=today() + datetime.timedelta(days=60),
        registration_open=True,
    )
    own_registration = meeting_services.register(
        upcoming, adela, access_needs="Step-free access", travel_support=True
    )
    mary_registration = meeting_services.register(upcoming, mary, access_needs="Vegetarian")

    newsletter = Newsletter.objects.create(name="WPS Network Newsletter", slug="wps")
    entry = Entry.objects.create(
        kind=EntryKind.RESEARCH,
        title="Women in peace processes",
        summary="A **study**.",
        member=spain,
    )
    entry.themes.set([theme])
    draft_entry = Entry.objects.create(
        kind=EntryKind.FUNDING, title="Unpublished call", status=EntryStatus.DRAFT
    )
    spare_entry = Entry.objects.create(kind=EntryKind.EVENT, title="A spare event")
    now = timezone.now()
    sent = Issue.objects.create(
        newsletter=newsletter,
        number=1,
        title="First issue",
        intro="Welcome.",
        status=IssueStatus.SENT,
        send_started_at=now,
        sent_at=now,
    )
    IssueEntry.objects.create(issue=sent, entry=entry, position=1)
    IssueEntry.objects.create(issue=sent, entry=draft_entry, position=2)
    draft = Issue.objects.create(newsletter=newsletter, number=2, title="Second issue (draft)")
    own_subscription = Subscription.objects.create(
        newsletter=newsletter, email="adela@example.org", person=adela, confirmed_at=now
    )
    other_subscription = Subscription.objects.create(
        newsletter=newsletter, email="reader@example.org", language="fr"
    )
    return {
        "theme": theme,
        "first_plan": first_plan,
        "second_plan": second_plan,
        "regional_plan": regional_plan,
        "held": held,
        "upcoming": upcoming,
        "another": another,
        "session": session,
        "spare_session": spare_session,
        "spain_commitment": spain_commitment,
        "kenya_commitment": kenya_commitment,
        "spare_commitment": spare_commitment,
        "spain_update": spain_update,
        "kenya_update": kenya_update,
        "own_registration": own_registration,
        "mary_registration": mary_registration,
        "newsletter": newsletter,
        "entry": entry,
        "draft_entry": draft_entry,
        "spare_entry": spare_entry,
        "sent_issue": sent,
        "draft_issue": draft,
        "own_subscription": own_subscription,
        "other_subscription": other_subscription,
    }


def restore_migration_data():
    """Put back the rows the data migrations load (the M49 regions, the
    languages, the default visa letters) where a flush emptied them: every
    table is emptied when a transactional test ends, and the next test expects
    the database as migrations leave it. Idempotent: a few queries when the
    rows are there."""
    import importlib

    from django.apps import apps

    from meetings.models import LetterTemplate

    ensure_reference_data()
    if not LetterTemplate.objects.exists():
        letters = importlib.import_module("meetings.migrations.0007_default_visa_letter")
        letters.create_defaults(apps, None)


def build_directory():
    """Spain, Kenya and ECOWAS, Adela (Spain's focal point, not listed
    publicly, with an account) and Mary (Kenya's, listed), with contact
    details: the suite's fixtures of tests/conftest.py, for data built once
    per module."""
    ensure_reference_data()
    spain = Member.objects.create(
        kind=MemberKind.STATE, name="Spain", country="ES", region=Region.objects.get(code="039")
    )
    kenya = Member.objects.create(
        kind=MemberKind.STATE, name="Kenya", country="KE", region=Region.objects.get(code="014")
    )
    ecowas = Member.objects.create(
        kind=MemberKind.REGIONAL_ORGANISATION,
        name="Economic Community of West African States",
        acronym="ECOWAS",
        region=Region.objects.get(code="011"),
    )
    adela = Person.objects.create(
        honorific="Ms.",
        given_name="Adela",
        family_name="Díaz Bernárdez",
        email="adela@example.org",
        phone="+34 000 000 000",
        gender="female",
        user=get_user_model().objects.create_user(email="adela.account@example.org"),
    )
    focalpoint_services.appoint_person(
        adela,
        spain,
        Role.FOCAL_POINT,
        start_on=datetime.date(2016, 9, 23),
        work_email="adela.work@example.org",
    )
    mary = Person.objects.create(
        honorific="Ms.",
        given_name="Mary",
        family_name="Kaburu",
        email="mary@example.org",
        phone="+254 000 000",
        public_listing=True,
    )
    focalpoint_services.appoint_person(
        mary, kenya, Role.FOCAL_POINT, start_on=datetime.date(2017, 1, 1)
    )
    return spain, kenya, ecowas, adela, mary


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_tasks(max_runs=100):
    """Run every ready task with django-tasks-db's Worker.run_task, as
    ``manage.py db_worker --batch`` would; fail loudly if a task failed."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    results = []
    for _ in range(max_runs):
        task_result = DBTaskResult.objects.ready().first()
        if task_result is None:
            break
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)
        task_result.refresh_from_db()
        assert task_result.status == "SUCCESSFUL", task_result.traceback
        results.append(task_result.return_value)
    return results


def make_subscribers(newsletter, count, *, language="en", prefix="reader"):
    """Confirmed subscribers, created in bulk (the subscription flow itself is
    tested through the pages in test_subscriptions.py)."""
    now = timezone.now()
    return Subscription.objects.bulk_create(
        [
            Subscription(
                newsletter=newsletter,
                email=f"{prefix}{n}@example.org",
                language=language,
                confirmed_at=now,
                token=f"{prefix}-token-{n}",
            )
            for n in range(count)
        ]
    )


def make_issue(newsletter, entries=(), *, number=1, language="en", title="First issue", intro=""):
    issue = Issue.objects.create(
        newsletter=newsletter, number=number, language=language, title=title, intro=intro
    )
    for position, entry in enumerate(entries):
        IssueEntry.objects.create(issue=issue, entry=entry, position=position)
    return issue


def _secretariat():
    """The staff account that reports on commitments in the fixtures."""
    user, _created = get_user_model().objects.get_or_create(
        email="secretariat@example.org", defaults={"is_staff": True}
    )
    return user
