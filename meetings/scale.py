"""Synthetic meetings at scale for benchmarks (manage.py seed_scale): 200
meetings over about twelve years with their hosts and chairs, agendas
(sessions and the people in them), delegations, registrations, and the
commitments members pledged there with their progress updates; chairs by
year for the troika."""

import datetime
import uuid

from django.utils.text import slugify
from django_countries import countries

from network.core.search import normalise
from network.scale import REFERENCE_DAY, REFERENCE_TIME

from .choices import (
    CommitmentStatus,
    MeetingKind,
    MeetingStatus,
    RegistrationStatus,
    SessionKind,
    SessionRoleKind,
)
from .models import (
    ChairTerm,
    Commitment,
    CommitmentUpdate,
    Delegation,
    Meeting,
    Registration,
    Session,
    SessionRole,
)

MEETING_COUNT = 200
SESSIONS_PER_MEETING = 6
ROLES_PER_SESSION = 3
DELEGATIONS_PER_MEETING = 30
REGISTRATIONS_PER_MEETING = 60
COMMITMENTS_PER_MEETING = 5
CITIES = [
    ("Alicante", "ES", "Europe/Madrid"), ("Berlin", "DE", "Europe/Berlin"),
    ("Nairobi", "KE", "Africa/Nairobi"), ("New York", "US", "America/New_York"),
    ("Santiago", "CL", "America/Santiago"), ("Tokyo", "JP", "Asia/Tokyo"),
    ("Windhoek", "NA", "Africa/Windhoek"), ("Ottawa", "CA", "America/Toronto"),
    ("Montevideo", "UY", "America/Montevideo"), ("Brussels", "BE", "Europe/Brussels"),
]  # fmt: skip
SESSION_TITLES = [
    (SessionKind.OPENING, "Opening plenary"),
    (SessionKind.PLENARY, "National action plans: from adoption to implementation"),
    (SessionKind.WORKING_GROUP, "Working group on financing"),
    (SessionKind.WORKING_GROUP, "Working group on civil society engagement"),
    (SessionKind.PANEL, "Panel: women in peace processes"),
    (SessionKind.CLOSING, "Closing session and commitments"),
]
UPDATE_STATUSES = [
    CommitmentStatus.IN_PROGRESS,
    CommitmentStatus.IN_PROGRESS,
    CommitmentStatus.ACHIEVED,
    CommitmentStatus.DROPPED,
]
PLEDGES = [
    "Review the monitoring and evaluation framework of the national action plan",
    "Allocate a dedicated budget line to the implementation of the action plan",
    "Involve civil society in the drafting of the next action plan",
    "Train the staff of the ministry on gender-responsive conflict analysis",
    "Host a regional meeting of focal points",
    "Report on progress at the next meeting of the network",
]


def generate(seeder):
    rng = seeder.rng
    members = seeder.context["members"]
    people = seeder.context["people"]
    themes = [pk for pk, _name in seeder.context["themes"]]
    users = list(seeder.context["member_users"].values())
    now = REFERENCE_TIME

    # Meetings every ~20 days: about 160 held, 40 ahead of the reference day.
    meetings = []
    taken = set(Meeting.objects.using(seeder.using).values_list("slug", flat=True))
    for pk, index in zip(seeder.reserve(Meeting, MEETING_COUNT), range(MEETING_COUNT),
                         strict=True):  # fmt: skip
        start = REFERENCE_DAY + datetime.timedelta(days=20 * (index - 160))
        end = start + datetime.timedelta(days=rng.choice([0, 1, 1, 2]))
        city, country, zone = CITIES[index % len(CITIES)]
        kind = rng.choice(list(MeetingKind.values))
        title = f"{MeetingKind(kind).label} {start.year}, {city} (no. {index + 1})"
        slug = slugify(f"seed-{start.isoformat()}-{city}-{index + 1}")
        if slug in taken:
            slug = f"{slug}-{pk}"
        upcoming = start > REFERENCE_DAY
        meetings.append(
            {"id": pk, "start": start, "end": end, "upcoming": upcoming, "title": title,
             "slug": slug, "city": city, "country": country, "zone": zone, "kind": kind,
             "capacity": rng.choice([None, 40, 50]) if upcoming else None}
        )  # fmt: skip

    def meeting_rows():
        for m in meetings:
            venue = f"Conference centre of {m['city']}"
            yield (
                m["id"], m["kind"], m["title"], m["slug"],
                MeetingStatus.PLANNED if m["upcoming"] else MeetingStatus.HELD, "", m["city"],
                m["country"], venue, m["zone"], m["start"], m["end"], m["start"].year, "",
                m["capacity"], m["upcoming"], None, None,
                "A meeting of the network's focal points.", "",
                normalise(m["title"], m["city"], countries.name(m["country"]), venue), now, now,
            )  # fmt: skip

    seeder.insert(
        Meeting,
        ["id", "kind", "title", "slug", "status", "chairs_note", "city", "country", "venue",
         "time_zone", "start_date", "end_date", "year", "dates_note", "capacity",
         "registration_open", "registration_opens_at", "registration_closes_at", "summary",
         "source_url", "search_text", "created_at", "updated_at"],
        meeting_rows(),
    )  # fmt: skip
    member_ids = [m["id"] for m in members]
    hosts, chairs, delegations = [], [], []
    for m in meetings:
        hosts += [(m["id"], pk) for pk in rng.sample(member_ids, rng.choice([1, 1, 2]))]
        chairs += [(m["id"], pk) for pk in rng.sample(member_ids, 2)]
        delegations += [(m["id"], pk) for pk in rng.sample(member_ids, DELEGATIONS_PER_MEETING)]
    seeder.insert(Meeting.hosts.through, ["meeting_id", "member_id"], hosts)
    seeder.insert(Meeting.chairs.through, ["meeting_id", "member_id"], chairs)
    delegation_ids = seeder.reserve(Delegation, len(delegations))
    seeder.insert(
        Delegation,
        ["id", "meeting_id", "member_id", "source", "created_at", "updated_at"],
        ((pk, meeting, member, "", now, now)
         for pk, (meeting, member) in zip(delegation_ids, delegations, strict=True)),
    )  # fmt: skip

    # Chairs by year, for the troika.
    years = sorted({m["start"].year for m in meetings})
    term_ids = seeder.reserve(ChairTerm, len(years))
    existing_years = set(ChairTerm.objects.using(seeder.using).values_list("start_year", flat=True))
    terms = [(pk, year) for pk, year in zip(term_ids, years, strict=True)
             if year not in existing_years]  # fmt: skip
    seeder.insert(
        ChairTerm,
        ["id", "start_year", "end_year", "note", "source_url", "created_at", "updated_at"],
        ((pk, year, year, "", "", now, now) for pk, year in terms),
    )
    seeder.insert(
        ChairTerm.members.through,
        ["chairterm_id", "member_id"],
        ((pk, member) for pk, _year in terms for member in rng.sample(member_ids, 2)),
    )

    # Agendas: six sessions a meeting, three people (or a member) in each.
    sessions, session_themes, roles = [], [], []
    session_ids = iter(seeder.reserve(Session, MEETING_COUNT * SESSIONS_PER_MEETING))
    for m in meetings:
        days = (m["end"] - m["start"]).days + 1
        for order, (kind, title) in enumerate(SESSION_TITLES):
            pk = next(session_ids)
            day = m["start"] + datetime.timedelta(days=order * days // len(SESSION_TITLES))
            hour = 9 + (order % 3) * 2
            sessions.append(
                (pk, m["id"], kind, title, day, datetime.time(hour), datetime.time(hour + 1, 30),
                 order, f"Room {order + 1}", "",
                 uuid.uuid5(uuid.NAMESPACE_URL, f"seed-scale/session/{pk}"), now, now)
            )  # fmt: skip
            session_themes.append((pk, rng.choice(themes)))
            speakers = rng.sample(people, ROLES_PER_SESSION)
            for place, person in enumerate(speakers):
                role = SessionRoleKind.MODERATOR if place == 0 else SessionRoleKind.SPEAKER
                roles.append((pk, person, None, role, "", "", place, now, now))
    seeder.insert(
        Session,
        ["id", "meeting_id", "kind", "title", "day", "start_time", "end_time", "order", "room",
         "description", "uid", "created_at", "updated_at"],
        sessions,
    )  # fmt: skip
    seeder.insert(Session.themes.through, ["session_id", "theme_id"], session_themes)
    role_ids = seeder.reserve(SessionRole, len(roles))
    seeder.insert(
        SessionRole,
        ["id", "session_id", "person_id", "member_id", "role", "affiliation", "contribution",
         "order", "created_at", "updated_at"],
        ((pk, *row) for pk, row in zip(role_ids, roles, strict=True)),
    )  # fmt: skip

    # Registrations: past meetings' are over; upcoming ones have a waiting
    # list when they are full.
    registrations = []
    for m in meetings:
        waiting = 0
        for index, person in enumerate(
            rng.sample(people, min(REGISTRATIONS_PER_MEETING, len(people)))
        ):
            if not m["upcoming"]:
                status = rng.choice([RegistrationStatus.ATTENDED] * 4 + [
                    RegistrationStatus.DECLINED, RegistrationStatus.CANCELLED])  # fmt: skip
            elif m["capacity"] and index >= m["capacity"]:
                status = RegistrationStatus.WAITING
            else:
                status = rng.choice([RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED,
                                     RegistrationStatus.INVITED])  # fmt: skip
            position = None
            if status == RegistrationStatus.WAITING:
                waiting += 1
                position = waiting
            registered = datetime.datetime.combine(
                m["start"] - datetime.timedelta(days=rng.randrange(5, 60)),
                datetime.time(10),
                tzinfo=datetime.UTC,
            )
            registrations.append(
                (m["id"], person, None, status, position, registered,
                 registered if status in (RegistrationStatus.CONFIRMED,
                                          RegistrationStatus.ATTENDED) else None,
                 registered if status == RegistrationStatus.CANCELLED else None,
                 rng.random() < 0.3, rng.random() < 0.2, m["start"], m["end"],
                 "" if rng.random() < 0.9 else "Step-free access", "", registered, registered)
            )  # fmt: skip
    registration_ids = seeder.reserve(Registration, len(registrations))
    seeder.insert(
        Registration,
        ["id", "meeting_id", "person_id", "member_id", "status", "waiting_position",
         "registered_at", "confirmed_at", "cancelled_at", "travel_support", "visa_letter",
         "arrival_on", "departure_on", "access_needs", "notes", "created_at", "updated_at"],
        ((pk, *row) for pk, row in zip(registration_ids, registrations, strict=True)),
    )  # fmt: skip

    # Commitments at held meetings, each with up to three later updates.
    commitments, commitment_themes, updates = [], [], []
    past = [m for m in meetings if not m["upcoming"]]
    by_id = {m["id"]: m for m in members}
    commitment_ids = iter(seeder.reserve(Commitment, len(past) * COMMITMENTS_PER_MEETING))
    for position, m in enumerate(past):
        later = past[position + 1 :]
        for order in range(COMMITMENTS_PER_MEETING):
            pk = next(commitment_ids)
            member = by_id[rng.choice(member_ids)]
            text = f"{rng.choice(PLEDGES)} ({member['name']}, {m['start'].year})."
            status = CommitmentStatus.PLEDGED
            history = []
            for step in range(rng.choice([0, 1, 1, 2, 3])):
                if not later or step >= len(later):
                    break
                reported_at = later[min(len(later) - 1, step * 3 + rng.randrange(0, 3))]
                status = rng.choice(UPDATE_STATUSES)
                history.append((reported_at, status))
                if status in (CommitmentStatus.ACHIEVED, CommitmentStatus.DROPPED):
                    break
            history.sort(key=lambda item: item[0]["start"])
            if history:
                status = history[-1][1]
            commitments.append(
                (pk, member["id"], m["id"], text, status,
                 m["start"] + datetime.timedelta(days=rng.choice([365, 730])), order,
                 normalise(text, member["name"], member["acronym"], member["key"]), now, now)
            )  # fmt: skip
            commitment_themes += [(pk, theme) for theme in rng.sample(themes, 2)]
            for reported_at, new_status in history:
                updates.append(
                    (pk, f"Progress reported at {reported_at['title']}.", new_status,
                     min(reported_at["start"], REFERENCE_DAY), reported_at["id"],
                     rng.choice(users) if users else None, now, now)
                )  # fmt: skip
    seeder.insert(
        Commitment,
        ["id", "member_id", "meeting_id", "text", "status", "due_on", "order", "search_text",
         "created_at", "updated_at"],
        commitments,
    )  # fmt: skip
    seeder.insert(Commitment.themes.through, ["commitment_id", "theme_id"], commitment_themes)
    update_ids = seeder.reserve(CommitmentUpdate, len(updates))
    seeder.insert(
        CommitmentUpdate,
        ["id", "commitment_id", "text", "new_status", "reported_on", "reported_at_id",
         "author_id", "created_at", "updated_at"],
        ((pk, *row) for pk, row in zip(update_ids, updates, strict=True)),
    )  # fmt: skip
    seeder.context["meetings"] = meetings
    return (
        f"{len(meetings)} meetings, {len(sessions)} sessions, {len(registrations)} "
        f"registrations, {len(commitments)} commitments, {len(updates)} updates"
    )
