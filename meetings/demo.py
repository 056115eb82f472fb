"""Demo meetings: the network's meeting history 2016–2025, its chairs by year,
and the Alicante meeting of 26–27 April 2017 in full, from public records.

Sources:

* ``meetings/data/network-meetings.csv`` — each meeting's name, place, dates
  and chairs, with the address of the page that states them. The last row
  (a 2025 session at UN Headquarters) has no dates: it is recorded with its
  year only and a note saying so.
* The chairs by year, from https://wpsfocalpointsnetwork.org/network-chairs/
  (2017–2023). No stored page names the 2024 chairs, so no 2024 term is
  recorded. For 2025 a news page says Japan and Norway co-chaired a session
  of the network at UN Headquarters; the term carries that caveat.
* The Chair's Summary of the Alicante meeting (``CHAIRS_SUMMARY``): its
  sessions in order, the people it names with the role and affiliation it
  gives them, and the seven commitments of "Concrete Actions and Closing"
  with the members that made them. The summary gives no clock times, so
  sessions are recorded by day and order, with the part of the day where the
  summary says it; no time is invented. Where it names only a country or an
  organisation ("a representative from Germany"), the role names the member
  and no person. The people themselves are loaded by focalpoints.demo and
  matched here by name.
* The members present at Alicante: the joint communiqué's list (60 States and
  5 organisations, loaded by network.demo), and the Global Network of Women
  Peacebuilders, which the Chair's Summary records intervening and pledging
  there.

* The meeting's Spanish title (``ALICANTE_TITLE_ES``): the network's name as
  the joint communiqué, published in Spanish, gives it ("Comunicado conjunto
  de la primera reunión de la Red de Puntos Focales de Mujeres, Paz y
  Seguridad"). No other text is translated: no public source gives the
  summary, the sessions or the commitments in Spanish or French, and none is
  machine-translated (docs/languages.md).

The venue, Casa Mediterráneo, is inferred: its director gave the welcoming
remarks and it published the Chair's Summary. Running load() again changes
nothing (rows are saved only when a value differs).

Length: mostly data: the Alicante meeting's agenda, delegations and commitments
as the Chair's Summary states them, kept beside the code that loads them so
that each fact sits next to its source.
"""

import csv
import datetime
from pathlib import Path

from django.utils.text import slugify

from focalpoints.models import Person
from network.core.countries import country_code
from network.demo import ALICANTE_COMMUNIQUE, ALICANTE_STATES, ORGANISATION_MEMBERS
from network.models import Member, Theme

from .choices import (
    CommitmentStatus,
    DocumentKind,
    MeetingKind,
    MeetingStatus,
    SessionKind,
    SessionRoleKind,
)
from .models import (
    ChairTerm,
    Commitment,
    Delegation,
    Meeting,
    MeetingDocument,
    Session,
    SessionRole,
    today,
)

MEETINGS_CSV = Path(__file__).resolve().parent / "data" / "network-meetings.csv"
CHAIRS_SUMMARY = (
    "http://casa-mediterraneo.es/documentos-trabajo/"
    "chairs-summary-women-peace-security-focal-points-network-meeting/"
)
CHAIRS_PAGE = "https://wpsfocalpointsnetwork.org/network-chairs/"

# Per CSV row (by its name): slug, kind, IANA time zone, and who hosted it.
# "chairs" means the meeting's chairs convened it (the capital-level meetings
# and the co-chairs' sessions); the launch's co-hosts are the founding
# co-hosts the record names; None means the record names no host.
FOUNDING_CO_HOSTS = ["Spain", "Canada", "Chile", "Japan", "Namibia", "United Arab Emirates"]
MEETINGS = {
    "Foundational (launch) meeting of the WPS National Focal Points Network "
    "(ministerial segment)": (
        "2016-new-york-launch",
        MeetingKind.MINISTERIAL,
        "America/New_York",
        FOUNDING_CO_HOSTS,
    ),
    "1st meeting of the WPS Focal Points Network (capital-level)": (
        "2017-alicante",
        MeetingKind.NETWORK,
        "Europe/Madrid",
        "chairs",
    ),
    '2nd annual capital-level meeting ("Building Alliances to Advance the WPS Agenda")': (
        "2018-berlin",
        MeetingKind.NETWORK,
        "Europe/Berlin",
        "chairs",
    ),
    "New York debriefing of the Berlin meeting": (
        "2018-new-york-debriefing",
        MeetingKind.BRIEFING,
        "America/New_York",
        None,
    ),
    '3rd annual capital-level meeting ("WPS: Towards Full Participation")': (
        "2019-windhoek",
        MeetingKind.NETWORK,
        "Africa/Windhoek",
        "chairs",
    ),
    '4th capital-level meeting ("Partnering for Change")': (
        "2022-geneva",
        MeetingKind.NETWORK,
        "Europe/Zurich",
        "chairs",
    ),
    "2023 co-chairs virtual session (priorities and roadmap)": (
        "2023-co-chairs-virtual-session",
        MeetingKind.VIRTUAL,
        "UTC",
        "chairs",
    ),
    "5th capital-level meeting": (
        "2023-washington",
        MeetingKind.NETWORK,
        "America/New_York",
        "chairs",
    ),
    "Conference of National Focal Points on WPS": (
        "2023-bucharest",
        MeetingKind.NETWORK,
        "Europe/Bucharest",
        "chairs",
    ),
    "WPS Ministerial Focal Points Network session at UN Headquarters": (
        "2025-new-york-un-headquarters",
        MeetingKind.MINISTERIAL,
        "America/New_York",
        None,
    ),
}
# What the record says of the one meeting it gives no dates for.
UNDATED = {
    "2025-new-york-un-headquarters": (
        2025,
        "The source gives no date; it places the session in 2025, the 25th anniversary "
        "year of UNSCR 1325.",
    )
}

# (first year, last year, chairs, note, source)
CHAIR_TERMS = [
    (2017, 2017, ["Spain"], "", CHAIRS_PAGE),
    (2018, 2018, ["Germany"], "", CHAIRS_PAGE),
    (2019, 2019, ["Namibia"], "", CHAIRS_PAGE),
    (2020, 2021, ["Canada", "Uruguay"], "", CHAIRS_PAGE),
    (2022, 2022, ["South Africa", "Switzerland"], "", CHAIRS_PAGE),
    (2023, 2023, ["United States", "Romania"], "", CHAIRS_PAGE),
    (
        2025,
        2025,
        ["Japan", "Norway"],
        "The source says Japan and Norway co-chaired a session of the network at UN "
        "Headquarters in 2025; it does not call them the network's 2025 chairs in so many "
        "words. No record of the 2024 chairs was found.",
        "https://nbcnews.na/node/113031",
    ),
]

ALICANTE = "2017-alicante"
DAY_ONE = datetime.date(2017, 4, 26)
DAY_TWO = datetime.date(2017, 4, 27)

ALICANTE_SUMMARY = (
    "The first meeting of the National Focal Points Network, held in Alicante (Spain) on "
    "26 and 27 April 2017, focused on National Action Plans (NAPs) for Women, Peace and "
    "Security. It brought together over 100 national focal points, government actors and "
    "civil society representatives from 61 countries. Following plenary sessions on the "
    "morning of the first day, participants broke into three working groups on topics of "
    "emerging importance to NAPs: addressing structural barriers to gender equality, civil "
    "society engagement in NAP design and implementation, and preventing or countering "
    "violent extremism and NAPs. The second day featured discussions with international and "
    "regional representatives, a session on high-impact national action plans, and closing "
    "remarks centred on actions and next steps for the network, where UN Women announced it "
    "would host the network's secretariat in New York and Germany confirmed it would host "
    "the next meeting in Berlin."
)

# Who is who in the agenda: a person by (given name, family name) as
# focalpoints.demo loads them, or a member key when the record names none.
P = "person"
M = "member"

# (day, order, kind, title, themes, description, roles); a role is
# (P or M, key, role, affiliation as the summary states it, contribution)
ALICANTE_SESSIONS = [
    (
        DAY_ONE,
        1,
        SessionKind.OPENING,
        "Opening plenary",
        ["National action plans"],
        "Morning of the first day. Welcoming and opening remarks, then a moderated "
        "discussion of national and organisational experience with NAPs.",
        [
            (
                P,
                ("Miguel", "Oliveros"),
                SessionRoleKind.SPEAKER,
                "Director of Casa Mediterráneo",
                "Welcoming remarks",
            ),
            (
                P,
                ("Ildefonso", "Castro"),
                SessionRoleKind.SPEAKER,
                "Secretary of State for Foreign Affairs of Spain",
                "Opening remarks",
            ),
            (
                P,
                ("Roman", "Oyarzun Marchesi"),
                SessionRoleKind.MODERATOR,
                "Permanent Representative of Spain to the United Nations",
                "",
            ),
            (
                P,
                ("Aisha Jummai", "Alhassan"),
                SessionRoleKind.PANELLIST,
                "Minister of Women Affairs and Social Development, Nigeria",
                "",
            ),
            (
                P,
                ("Diosita T.", "Andot"),
                SessionRoleKind.PANELLIST,
                "Undersecretary for Peacebuilding and Development and Director of the Office of "
                "the Presidential Adviser on the Peace Process, Philippines",
                "",
            ),
            (
                P,
                ("Selma", "Ashipala-Musvayi"),
                SessionRoleKind.PANELLIST,
                "Permanent Secretary of the Ministry of International Relations and Cooperation, "
                "Namibia",
                "",
            ),
            (
                P,
                ("Yannick", "Glemarec"),
                SessionRoleKind.PANELLIST,
                "Assistant Secretary-General and Deputy Executive Director for Policy and "
                "Programme for UN Women",
                "",
            ),
        ],
    ),
    (
        DAY_ONE,
        2,
        SessionKind.PLENARY,
        "Grounding session: emerging trends and national action plans",
        ["National action plans"],
        "Morning of the first day. Context for the day's working groups, the status of NAPs "
        "around the world (more than 65 created or in process, more than 20 countries on "
        "their second or third plan), and an introduction to each working group's topic.",
        [
            (
                P,
                ("Adela", "Díaz Bernárdez"),
                SessionRoleKind.SPEAKER,
                "Director of the Human Rights Office, Ministry for Foreign Affairs and "
                "Cooperation, Spain",
                "Opened the session",
            ),
            (
                P,
                ("Mirsad", "Jacevic"),
                SessionRoleKind.PRESENTER,
                "Vice Chair of Inclusive Security",
                "The status of NAPs on WPS around the world",
            ),
            (
                P,
                ("Jennifer", "Wittwer"),
                SessionRoleKind.SPEAKER,
                "Policy Adviser and Military Liaison Officer, Peace and Security Section, UN Women",
                "Introduced structural barriers to gender equality",
            ),
            (
                P,
                ("Mara", "Marinaki"),
                SessionRoleKind.SPEAKER,
                "European External Action Service Principal Advisor on Gender and on UNSCR1325/WPS",
                "Introduced civil society engagement in design and implementation of NAPs",
            ),
            (
                P,
                ("Mariame", "Sy"),
                SessionRoleKind.SPEAKER,
                "Director of Africa and Asia Division, Ministry for Foreign Affairs, Senegal",
                "Introduced preventing or countering violent extremism and NAPs",
            ),
        ],
    ),
    (
        DAY_ONE,
        3,
        SessionKind.WORKING_GROUP,
        "Working group: Addressing Structural Barriers to Gender Equality",
        ["Structural barriers to gender equality", "Security sector"],
        "One of three working groups after the first day's plenary sessions. Its rapporteur "
        "reported to the plenary (the record does not name the rapporteurs).",
        [
            (P, ("Jennifer", "Wittwer"), SessionRoleKind.FACILITATOR, "UN Women", ""),
            (
                P,
                ("Hafida", "Benchehida"),
                SessionRoleKind.INTERVENTION,
                "Algerian Senator and CITpax Advisor on Mediation",
                "",
            ),
            (
                P,
                ("Abeda", "Osman"),
                SessionRoleKind.INTERVENTION,
                "Director General for Human Rights and Women's International Affairs of "
                "Afghanistan",
                "",
            ),
            (
                P,
                ("María Luisa", "Martino"),
                SessionRoleKind.INTERVENTION,
                "Director of the Women's Directorate at the Ministry of Foreign Affairs and "
                "Worship of Argentina",
                "",
            ),
        ],
    ),
    (
        DAY_ONE,
        4,
        SessionKind.WORKING_GROUP,
        "Working group: Civil Society Engagement in Design and Implementation of NAPs",
        ["Civil society engagement", "National action plans"],
        "One of three working groups after the first day's plenary sessions. Its rapporteur "
        "reported to the plenary (the record does not name the rapporteurs).",
        [
            (
                P,
                ("María", "Villellas"),
                SessionRoleKind.FACILITATOR,
                "Researcher at the Universitat Autònoma de Barcelona",
                "",
            ),
            (
                P,
                ("Patricia", "Flor"),
                SessionRoleKind.INTERVENTION,
                "Director-General for International Order, the United Nations and Arms Control at "
                "the Federal Foreign Office of Germany",
                "",
            ),
            (
                P,
                ("Ashmia", "Sesay"),
                SessionRoleKind.INTERVENTION,
                "Senior Legal Officer from Sierra Leone",
                "",
            ),
            (
                P,
                ("Mavic", "Cabrera-Balleza"),
                SessionRoleKind.INTERVENTION,
                "International Coordinator of the Global Network of Women Peacebuilders",
                "",
            ),
        ],
    ),
    (
        DAY_ONE,
        5,
        SessionKind.WORKING_GROUP,
        "Working group: Preventing or Countering Violent Extremism and NAPs",
        ["Preventing and countering violent extremism (P/CVE)", "Research and evidence"],
        "One of three working groups after the first day's plenary sessions. Its rapporteur "
        "reported to the plenary (the record does not name the rapporteurs).",
        [
            (
                P,
                ("Ann-Sofie", "Stude"),
                SessionRoleKind.FACILITATOR,
                "Ambassador for Women, Peace and Security of Finland",
                "",
            ),
            (
                P,
                ("Lori-Anne", "Théroux-Bénoni"),
                SessionRoleKind.INTERVENTION,
                "Office Director at the Institute for Security Studies from Dakar",
                "",
            ),
            (
                P,
                ("Véronique", "Joosten"),
                SessionRoleKind.INTERVENTION,
                "Deputy Director for Human Rights and Democracy at the Ministry of Foreign "
                "Affairs of Belgium",
                "",
            ),
            (
                P,
                ("Mary", "Kaburu"),
                SessionRoleKind.INTERVENTION,
                "Principal Gender Office at the Ministry of Public Service, Youth and Gender "
                "Affairs of Kenya",
                "",
            ),
        ],
    ),
    (
        DAY_TWO,
        1,
        SessionKind.PANEL,
        "NAPs from the Regional or International Perspective",
        [
            "National action plans",
            "Climate change",
            "Humanitarian crises",
            "Migration and refugees",
        ],
        "The second day began with this panel of international and regional organisations "
        "on regional NAPs, their internal policies and programmes.",
        [
            (
                P,
                ("Carolyn", "Schwalger"),
                SessionRoleKind.MODERATOR,
                "Deputy Permanent Representative of New Zealand to the United Nations",
                "",
            ),
            (P, ("Onyinye", "Onwuka"), SessionRoleKind.PANELLIST, "ECOWAS", ""),
            (P, ("Hildur", "Sigurdardottir"), SessionRoleKind.PANELLIST, "NATO", ""),
            (
                P,
                ("Hanny", "Cueva-Beteta"),
                SessionRoleKind.PANELLIST,
                "UN Women-Asia and Pacific",
                "",
            ),
            (
                P,
                ("Fatiha", "Hassouni"),
                SessionRoleKind.PANELLIST,
                "Union for the Mediterranean",
                "",
            ),
        ],
    ),
    (
        DAY_TWO,
        2,
        SessionKind.PLENARY,
        "The Importance of High-Impact NAPs",
        ["National action plans", "Monitoring and evaluation", "Financing and costing"],
        "Key features of high-impact NAPs: political will, coordination, civil society "
        "engagement, dedicated funding and costing, monitoring and evaluation; and how "
        "countries improved their next plan after assessing the last.",
        [
            (P, ("Mirsad", "Jacevic"), SessionRoleKind.PRESENTER, "Inclusive Security", ""),
            (
                P,
                ("Paula", "Molloy"),
                SessionRoleKind.SPEAKER,
                "Deputy Director of the UN Coordination and Conflict Resolution Unit at the "
                "Department of Foreign Affairs of Ireland",
                "",
            ),
            (
                P,
                ("Kika", "Babic-Svetlin"),
                SessionRoleKind.SPEAKER,
                "Senior Adviser at the Agency for Gender Equality of Bosnia and Herzegovina",
                "",
            ),
            (
                P,
                ("Redouane", "Houssaini"),
                SessionRoleKind.SPEAKER,
                "Head of the United Nations Department at the Ministry of Foreign Affairs of "
                "Morocco",
                "",
            ),
        ],
    ),
    (
        DAY_TWO,
        3,
        SessionKind.CLOSING,
        "Concrete Actions and Closing",
        ["National action plans"],
        "Participants shared the commitments they would recommend to their governments, "
        "then the next steps for the network: UN Women will host its secretariat in New "
        "York; Germany will host the next meeting, likely in Berlin in April/May 2018.",
        [
            (
                P,
                ("Adela", "Díaz Bernárdez"),
                SessionRoleKind.SPEAKER,
                "Spain's Director of the Human Rights Office",
                "Next steps for the network",
            ),
            (
                M,
                "un-women",
                SessionRoleKind.SPEAKER,
                "A representative from UN Women",
                "The secretariat of the network",
            ),
            (
                M,
                "DE",
                SessionRoleKind.SPEAKER,
                "A representative from Germany",
                "Host of the next meeting",
            ),
        ],
    ),
]

# (member key, commitment as the Chair's Summary words it, themes), in its order.
ALICANTE_COMMITMENTS = [
    (
        "FI",
        "Pledge to continue speaking with our security colleagues and seek coherence on "
        "P/CVE policies",
        ["Preventing and countering violent extremism (P/CVE)", "Security sector"],
    ),
    (
        "gnwp",
        "Continue working on localization and encouraging donor country partners to look "
        "at ways to develop local ownership",
        ["Localisation"],
    ),
    (
        "KE",
        "Review monitoring and evaluation framework to incorporate some of the insights "
        "from the meetings, such as fewer but more specific indicators",
        ["Monitoring and evaluation", "National action plans"],
    ),
    ("TH", "Incorporate elements of diversities and differences", ["National action plans"]),
    (
        "NO",
        "Consider how best to provide a long-term commitment and support to civil society",
        ["Civil society engagement"],
    ),
    (
        "CA",
        "Institutionalize civil society engagement and relationships throughout the NAP",
        ["Civil society engagement", "National action plans"],
    ),
    ("NO", "Incorporate new and emerging themes within next NAP", ["National action plans"]),
]


def _upsert(model, lookup, values):
    """Create the row, or update it only where a value differs: a second run
    writes nothing, so neither history nor ``updated_at`` moves."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
    return obj


def _member_named(name):
    code = country_code(name)
    if code is None:
        raise ValueError(f"Unknown country in the meetings demo: {name}")
    try:
        return Member.objects.get(country=code)
    except Member.DoesNotExist:
        raise ValueError(f"No member for {name}; load network.demo first.") from None


def _parse_date(value):
    return datetime.date.fromisoformat(value) if value.strip() else None


def _split_chairs(value):
    """ "Germany; Spain; Namibia (troika)" -> (["Germany", "Spain", "Namibia"], "troika")."""
    note = ""
    if "(" in value and value.rstrip().endswith(")"):
        value, note = value.rsplit("(", 1)
        note = note.rstrip(") ").strip()
    return [part.strip() for part in value.split(";") if part.strip()], note


def load_meeting_history():
    """The meetings of network-meetings.csv; returns them by slug."""
    meetings = {}
    with MEETINGS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                slug, kind, zone, hosts = MEETINGS[row["name"]]
            except KeyError:
                raise ValueError(f"Meeting not described in meetings.demo: {row['name']}") from None
            start, end = _parse_date(row["start_date"]), _parse_date(row["end_date"])
            year, dates_note = UNDATED.get(slug, (None, ""))
            city = "" if row["city"].startswith("(") else row["city"]
            chairs, chairs_note = _split_chairs(row["chairs"])
            held = (end and end < today()) or (not start and year and year < today().year)
            meeting = _upsert(
                Meeting,
                {"slug": slug},
                {
                    "title": row["name"],
                    "kind": kind,
                    "status": MeetingStatus.HELD if held else MeetingStatus.PLANNED,
                    "city": city,
                    "country": country_code(row["country"]) or "",
                    "time_zone": zone,
                    "start_date": start,
                    "end_date": end,
                    "year": start.year if start else year,
                    "dates_note": dates_note,
                    "chairs_note": chairs_note,
                    "source_url": row["source_url"],
                },
            )
            chair_members = [_member_named(name) for name in chairs]
            meeting.chairs.set(chair_members)
            if hosts == "chairs":
                meeting.hosts.set(chair_members)
            elif hosts:
                meeting.hosts.set([_member_named(name) for name in hosts])
            else:
                meeting.hosts.clear()
            meetings[slug] = meeting
    return meetings


def load_chair_terms():
    for start_year, end_year, chairs, note, source in CHAIR_TERMS:
        term = _upsert(
            ChairTerm,
            {"start_year": start_year},
            {"end_year": end_year, "note": note, "source_url": source},
        )
        term.members.set([_member_named(name) for name in chairs])
    return len(CHAIR_TERMS)


def _themes(names):
    themes = list(Theme.objects.filter(name__in=names))
    missing = set(names) - {theme.name for theme in themes}
    if missing:
        raise ValueError(f"Themes missing (load network.demo first): {sorted(missing)}")
    return themes


def _person(given, family):
    try:
        return Person.objects.get(given_name=given, family_name=family)
    except Person.DoesNotExist:
        raise ValueError(
            f"{given} {family} is not in the directory; load focalpoints.demo first."
        ) from None


# The joint communiqué's own words for the meeting (ALICANTE_COMMUNIQUE).
ALICANTE_TITLE_ES = "Primera reunión de la Red de Puntos Focales de Mujeres, Paz y Seguridad"


def load_alicante(meeting):
    """The Alicante meeting in full: place, documents, delegations, agenda
    with its people, and the commitments made there."""
    meeting = _upsert(
        Meeting,
        {"pk": meeting.pk},
        {"venue": "Casa Mediterráneo", "summary": ALICANTE_SUMMARY, "title_es": ALICANTE_TITLE_ES},
    )
    for order, (kind, title, url) in enumerate(
        [
            (DocumentKind.CHAIRS_SUMMARY, "Chair's Summary", CHAIRS_SUMMARY),
            (DocumentKind.COMMUNIQUE, "Joint communiqué (Spanish)", ALICANTE_COMMUNIQUE),
        ],
        start=1,
    ):
        _upsert(
            MeetingDocument,
            {"meeting": meeting, "kind": kind},
            {"title": title, "url": url, "order": order, "language": "es" if order == 2 else "en"},
        )

    present = [(_member_named(name), ALICANTE_COMMUNIQUE) for name in ALICANTE_STATES]
    for _name, acronym, *_rest in ORGANISATION_MEMBERS:
        source = CHAIRS_SUMMARY if acronym == "GNWP" else ALICANTE_COMMUNIQUE
        present.append((Member.objects.get(slug=slugify(acronym)), source))
    for member, source in present:
        _upsert(Delegation, {"meeting": meeting, "member": member}, {"source": source})

    sessions = 0
    for day, order, kind, title, theme_names, description, roles in ALICANTE_SESSIONS:
        session = _upsert(
            Session,
            {"meeting": meeting, "title": title},
            {"day": day, "order": order, "kind": kind, "description": description},
        )
        session.themes.set(_themes(theme_names))
        kept = []
        for position, (who, key, role, affiliation, contribution) in enumerate(roles, start=1):
            lookup = {"session": session, "role": role}
            if who == P:
                lookup["person"] = _person(*key)
            else:
                lookup.update(person=None, member=Member.objects.get_by_key(key))
            values = {"affiliation": affiliation, "contribution": contribution, "order": position}
            kept.append(_upsert(SessionRole, lookup, values).pk)
        session.roles.exclude(pk__in=kept).delete()
        sessions += 1

    for order, (key, text, theme_names) in enumerate(ALICANTE_COMMITMENTS, start=1):
        commitment = _upsert(
            Commitment,
            {"meeting": meeting, "order": order},
            {
                "member": Member.objects.get_by_key(key),
                "text": text,
                "status": Commitment.objects.filter(meeting=meeting, order=order)
                .values_list("status", flat=True)
                .first()
                or CommitmentStatus.PLEDGED,
            },
        )
        commitment.themes.set(_themes(theme_names))
    return sessions, len(present), len(ALICANTE_COMMITMENTS)


def load():
    """Load the meeting history, the chairs by year and the Alicante meeting."""
    meetings = load_meeting_history()
    terms = load_chair_terms()
    sessions, delegations, commitments = load_alicante(meetings[ALICANTE])
    return (
        f"{len(meetings)} meetings, {terms} chair terms; Alicante 2017: {sessions} sessions, "
        f"{delegations} delegations, {commitments} commitments"
    )
