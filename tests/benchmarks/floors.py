"""The floors: for each key read, the same data fetched with ONE hand-written
SQL query through psycopg and serialised (JSON with orjson; CSV with the csv
module for the CSV export). No framework, no ORM, no template: what the
hardware does for that answer. Each floor returns the bytes it produced."""

import csv

import orjson

ORIGIN = "http://testserver/api/v1"

POSTS_OF_PERSON = """
COALESCE((SELECT json_agg(json_build_object(
            'id', a.id, 'role', a.role, 'position', a.position,
            'start_on', a.start_on, 'end_on', a.end_on, {contact}
            'member_id', a.member_id, 'member_name', m.name,
            'organisation_id', a.organisation_id, 'organisation_name', o.name)
          ORDER BY {order})
     FROM focalpoints_appointment a
     LEFT JOIN network_member m ON m.id = a.member_id
     LEFT JOIN network_organisation o ON o.id = a.organisation_id
    WHERE a.person_id = p.id), '[]')
"""

PEOPLE_PAGE = """
SELECT p.id, p.honorific, p.given_name, p.family_name, p.created_at, p.updated_at,
       {posts} AS appointments
  FROM focalpoints_person p
 WHERE p.public_listing {search}
 ORDER BY {order}
 LIMIT %(limit)s
"""
NAME_ORDER = "p.family_name, p.given_name, p.id"
# A search sorts what the trigram index found rather than walking the name
# index (the same plan the application asks for: focalpoints.filtersets.SEARCH_ORDER).
SEARCH_ORDER = "p.family_name NULLS FIRST, p.given_name NULLS FIRST, p.id"
PUBLIC_SEARCH = "AND p.search_text LIKE %(like)s"


def _posts(contact=False, order="m.name, a.role, a.start_on DESC, a.id"):
    return POSTS_OF_PERSON.format(
        contact="'work_email', a.work_email, 'phone', a.phone," if contact else "", order=order
    )


def _person_dict(pk, honorific, given, family, created, updated, posts):
    name = f"{given} {family}".strip()
    return {
        "id": pk,
        "url": f"{ORIGIN}/people/{pk}/",
        "display": name,
        "honorific": honorific,
        "given_name": given,
        "family_name": family,
        "name": name,
        "appointments": [
            {
                "id": a["id"],
                "url": f"{ORIGIN}/appointments/{a['id']}/",
                "display": f"{name} — {a['role']}, {a['member_name']}",
                "member": {
                    "id": a["member_id"],
                    "url": f"{ORIGIN}/members/{a['member_id']}/",
                    "display": a["member_name"],
                }
                if a["member_id"]
                else None,
                "organisation": {
                    "id": a["organisation_id"],
                    "url": f"{ORIGIN}/organisations/{a['organisation_id']}/",
                    "display": a["organisation_name"],
                }
                if a["organisation_id"]
                else None,
                "role": a["role"],
                "position": a["position"],
                "start_on": a["start_on"],
                "end_on": a["end_on"],
            }
            for a in posts
        ],
        "created_at": created,
        "updated_at": updated,
    }


def people_page(conn, search=None, limit=100):
    """The API's people list (public), a page of ``limit``, optionally searched."""
    sql = PEOPLE_PAGE.format(
        posts=_posts(),
        search=PUBLIC_SEARCH if search else "",
        order=SEARCH_ORDER if search else NAME_ORDER,
    )
    rows = conn.execute(sql, {"like": f"%{search}%", "limit": limit}).fetchall()
    return orjson.dumps({"results": [_person_dict(*row) for row in rows]}), len(rows)


DIRECTORY = """
SELECT p.id, p.honorific, p.given_name, p.family_name, count(*) OVER () AS total,
       {posts} AS appointments
  FROM focalpoints_person p
 WHERE p.search_text LIKE %(like)s
 ORDER BY p.family_name NULLS FIRST, p.given_name NULLS FIRST, p.id
 LIMIT %(limit)s
"""


def directory_page(conn, search, limit=25):
    """The directory as a member sees it: a page of people found, their posts
    with work contact, and the number found."""
    sql = DIRECTORY.format(posts=_posts(contact=True, order="a.end_on NULLS FIRST, a.id"))
    rows = conn.execute(sql, {"like": f"%{search}%", "limit": limit}).fetchall()
    total = rows[0][4] if rows else 0
    people = [
        {"id": pk, "name": " ".join(x for x in (honorific, given, family) if x), "posts": posts}
        for pk, honorific, given, family, _total, posts in rows
    ]
    return orjson.dumps({"count": total, "people": people}), len(rows)


MEMBER_PAGE = """
SELECT m.id, m.name, m.kind, m.joined_on, m.website, r.name AS region,
  (SELECT json_agg(json_build_object(
            'person_id', p.id, 'honorific', p.honorific, 'given_name', p.given_name,
            'family_name', p.family_name, 'role', a.role, 'position', a.position,
            'organisation', o.name, 'start_on', a.start_on, 'end_on', a.end_on)
          ORDER BY a.role, a.start_on DESC, a.id)
     FROM focalpoints_appointment a
     JOIN focalpoints_person p ON p.id = a.person_id
     LEFT JOIN network_organisation o ON o.id = a.organisation_id
    WHERE a.member_id = m.id AND p.public_listing) AS posts,
  (SELECT count(*) FROM focalpoints_appointment a
    WHERE a.member_id = m.id AND (a.start_on IS NULL OR a.start_on <= CURRENT_DATE)
      AND (a.end_on IS NULL OR a.end_on > CURRENT_DATE)) AS current_posts,
  (SELECT json_agg(json_build_object(
            'title', ap.title, 'scope', ap.scope, 'sequence', ap.sequence,
            'adopted_on', ap.adopted_on, 'period_start', ap.period_start,
            'period_end', ap.period_end,
            'themes', (SELECT json_agg(t.name ORDER BY t.name) FROM network_actionplan_themes at
                         JOIN network_theme t ON t.id = at.theme_id
                        WHERE at.actionplan_id = ap.id))
          ORDER BY ap.adopted_on DESC)
     FROM network_actionplan ap WHERE ap.member_id = m.id) AS plans,
  (SELECT json_agg(json_build_object(
            'id', c.id, 'text', c.text, 'status', c.status, 'meeting', mt.title,
            'updates', (SELECT json_agg(json_build_object('text', u.text, 'status', u.new_status,
                                                          'on', u.reported_on)
                                        ORDER BY u.reported_on, u.id)
                          FROM meetings_commitmentupdate u WHERE u.commitment_id = c.id))
          ORDER BY mt.start_date DESC, c."order", c.id)
     FROM meetings_commitment c JOIN meetings_meeting mt ON mt.id = c.meeting_id
    WHERE c.member_id = m.id) AS commitments,
  (SELECT json_agg(json_build_object('title', mt.title, 'slug', mt.slug,
                                     'start_date', mt.start_date)
          ORDER BY mt.start_date DESC)
     FROM meetings_delegation d JOIN meetings_meeting mt ON mt.id = d.meeting_id
    WHERE d.member_id = m.id) AS meetings,
  (SELECT json_agg(e) FROM (SELECT e.id, e.title, e.kind, e.language FROM newsletters_entry e
                             WHERE e.member_id = m.id AND e.status = 'published'
                             ORDER BY e.created_at DESC, e.id DESC LIMIT 5) e) AS entries
  FROM network_member m LEFT JOIN network_region r ON r.id = m.region_id
 WHERE m.country = %(country)s
"""


def member_page(conn, country):
    """A member's page as the public sees it."""
    cursor = conn.execute(MEMBER_PAGE, {"country": country})
    names = [column.name for column in cursor.description]
    row = dict(zip(names, cursor.fetchone(), strict=True))
    return orjson.dumps(row), len(row["posts"] or [])


MEETING_PAGE = """
SELECT mt.id, mt.title, mt.slug, mt.kind, mt.status, mt.city, mt.country, mt.venue,
       mt.time_zone, mt.start_date, mt.end_date, mt.summary, mt.capacity,
  (SELECT json_agg(m.name ORDER BY m.name) FROM meetings_meeting_hosts h
     JOIN network_member m ON m.id = h.member_id WHERE h.meeting_id = mt.id) AS hosts,
  (SELECT json_agg(m.name ORDER BY m.name) FROM meetings_meeting_chairs h
     JOIN network_member m ON m.id = h.member_id WHERE h.meeting_id = mt.id) AS chairs,
  (SELECT json_agg(json_build_object(
            'id', s.id, 'title', s.title, 'kind', s.kind, 'day', s.day, 'start', s.start_time,
            'end', s.end_time, 'room', s.room, 'description', s.description,
            'themes', (SELECT json_agg(t.name ORDER BY t.name) FROM meetings_session_themes st
                         JOIN network_theme t ON t.id = st.theme_id WHERE st.session_id = s.id),
            'roles', (SELECT json_agg(json_build_object(
                                'role', sr.role, 'person_id', p.id, 'honorific', p.honorific,
                                'given_name', p.given_name, 'family_name', p.family_name,
                                'public', p.public_listing, 'member', rm.name,
                                'affiliation', sr.affiliation) ORDER BY sr."order", sr.id)
                        FROM meetings_sessionrole sr
                        LEFT JOIN focalpoints_person p ON p.id = sr.person_id
                        LEFT JOIN network_member rm ON rm.id = sr.member_id
                       WHERE sr.session_id = s.id))
          ORDER BY s.day, s.start_time NULLS LAST, s."order", s.id)
     FROM meetings_session s WHERE s.meeting_id = mt.id) AS sessions,
  (SELECT json_agg(json_build_object('title', d.title, 'url', d.url, 'kind', d.kind)
          ORDER BY d."order", d.title)
     FROM meetings_meetingdocument d WHERE d.meeting_id = mt.id) AS documents,
  (SELECT json_agg(m.name ORDER BY m.name) FROM meetings_delegation d
     JOIN network_member m ON m.id = d.member_id WHERE d.meeting_id = mt.id) AS delegations,
  (SELECT json_agg(json_build_object(
            'id', c.id, 'text', c.text, 'status', c.status, 'member', m.name,
            'themes', (SELECT json_agg(t.name ORDER BY t.name) FROM meetings_commitment_themes ct
                         JOIN network_theme t ON t.id = ct.theme_id
                        WHERE ct.commitment_id = c.id),
            'updates', (SELECT json_agg(json_build_object('text', u.text, 'status', u.new_status,
                                                          'on', u.reported_on)
                                        ORDER BY u.reported_on, u.id)
                          FROM meetings_commitmentupdate u WHERE u.commitment_id = c.id))
          ORDER BY c."order", c.id)
     FROM meetings_commitment c JOIN network_member m ON m.id = c.member_id
    WHERE c.meeting_id = mt.id) AS commitments,
  (SELECT json_agg(json_build_object('years', ct.start_year, 'members',
            (SELECT json_agg(m.name ORDER BY m.name) FROM meetings_chairterm_members cm
               JOIN network_member m ON m.id = cm.member_id WHERE cm.chairterm_id = ct.id)))
     FROM meetings_chairterm ct
    WHERE ct.start_year BETWEEN extract(year FROM mt.start_date) - 1
                            AND extract(year FROM mt.start_date) + 1) AS troika
  FROM meetings_meeting mt
 WHERE mt.slug = %(slug)s
"""


def meeting_page(conn, slug):
    cursor = conn.execute(MEETING_PAGE, {"slug": slug})
    names = [column.name for column in cursor.description]
    row = dict(zip(names, cursor.fetchone(), strict=True))
    return orjson.dumps(row), len(row["sessions"] or [])


COMMITMENTS_PAGE = """
SELECT
  (SELECT json_agg(x) FROM (
     SELECT c.id, c.text, c.status, c.due_on, m.name AS member, m.country, m.slug,
            mt.title AS meeting, mt.slug AS meeting_slug, mt.start_date,
            (SELECT json_agg(t.name ORDER BY t.name) FROM meetings_commitment_themes ct
               JOIN network_theme t ON t.id = ct.theme_id WHERE ct.commitment_id = c.id) AS themes,
            (SELECT json_agg(json_build_object('text', u.text, 'status', u.new_status,
                                               'on', u.reported_on, 'at', rm.title)
                             ORDER BY u.reported_on, u.id)
               FROM meetings_commitmentupdate u
               LEFT JOIN meetings_meeting rm ON rm.id = u.reported_at_id
              WHERE u.commitment_id = c.id) AS updates
       FROM meetings_commitment c
       JOIN network_member m ON m.id = c.member_id
       JOIN meetings_meeting mt ON mt.id = c.meeting_id
      ORDER BY mt.start_date DESC NULLS LAST, c."order", c.id
      LIMIT %(limit)s) x) AS page,
  (SELECT count(*) FROM meetings_commitment) AS total,
  (SELECT json_agg(x) FROM (SELECT m.id, m.name FROM network_member m
     WHERE EXISTS (SELECT 1 FROM meetings_commitment c WHERE c.member_id = m.id)
     ORDER BY m.name) x) AS members,
  (SELECT json_agg(x) FROM (SELECT mt.id, mt.title FROM meetings_meeting mt
     WHERE EXISTS (SELECT 1 FROM meetings_commitment c WHERE c.meeting_id = mt.id)
     ORDER BY mt.start_date DESC) x) AS meetings,
  (SELECT json_agg(x) FROM (SELECT t.slug, t.name, count(*) AS n FROM network_theme t
     JOIN meetings_commitment_themes ct ON ct.theme_id = t.id
     GROUP BY t.id ORDER BY t.name) x) AS themes,
  (SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n
     FROM meetings_commitment GROUP BY status) x) AS statuses
"""


def commitments_page(conn, limit=50):
    cursor = conn.execute(COMMITMENTS_PAGE, {"limit": limit})
    names = [column.name for column in cursor.description]
    row = dict(zip(names, cursor.fetchone(), strict=True))
    return orjson.dumps(row), len(row["page"] or [])


POPOLO = """
(SELECT 1 AS section, p.id, p.honorific AS a, p.given_name AS b, p.family_name AS c,
        NULL::bigint AS d, NULL::bigint AS e, NULL::date AS f, NULL::date AS g,
        p.created_at AS h, p.updated_at AS i
   FROM focalpoints_person p WHERE p.public_listing ORDER BY p.id)
UNION ALL
(SELECT 2, m.id, m.name, m.acronym, m.slug || '|' || m.kind || '|' || m.country, NULL, NULL,
        NULL, NULL, NULL, NULL
   FROM network_member m ORDER BY m.id)
UNION ALL
(SELECT 3, o.id, o.name, o.acronym, o.website, o.member_id, NULL, NULL, NULL, NULL, NULL
   FROM network_organisation o ORDER BY o.id)
UNION ALL
(SELECT 4, a.id, a.role, a.position, NULL, a.person_id,
        COALESCE(a.member_id, 0) * 1000000000 + COALESCE(a.organisation_id, 0),
        a.start_on, a.end_on, NULL, NULL
   FROM focalpoints_appointment a JOIN focalpoints_person p ON p.id = a.person_id
  WHERE p.public_listing ORDER BY a.id)
UNION ALL
(SELECT DISTINCT 5, a.member_id, a.role, m.name, NULL, NULL::bigint, NULL::bigint,
        NULL::date, NULL::date, NULL::timestamptz, NULL::timestamptz
   FROM focalpoints_appointment a JOIN focalpoints_person p ON p.id = a.person_id
   JOIN network_member m ON m.id = a.member_id
  WHERE p.public_listing ORDER BY 2, 3)
"""
SECTIONS = {1: b"persons", 2: b"organizations", 3: b"organizations", 4: b"memberships",
            5: b"posts"}  # fmt: skip


def _iso(value):
    return value.isoformat() if value is not None else None


def popolo_export(conn, sink):
    """The Popolo export (public) streamed from one query through a
    server-side cursor, one orjson object per row."""
    rows = 0
    with conn.cursor(name="popolo_floor") as cursor:
        cursor.itersize = 2000
        cursor.execute(POPOLO)
        current = None
        sink.write(b"{")
        for section, pk, a, b, c, d, e, f, g, h, i in cursor:
            name = SECTIONS[section]
            if name != current:
                sink.write((b"]," if current else b"") + b'"' + name + b'":[')
                current, first = name, True
            if section == 1:
                item = {"id": f"person/{pk}", "name": f"{b} {c}".strip(), "given_name": b,
                        "family_name": c or None, "honorific_prefix": a or None,
                        "identifiers": [{"identifier": str(pk), "scheme": "wps-network-person"}],
                        "links": [{"url": f"{ORIGIN}/people/{pk}/", "note": "API"}],
                        "created_at": _iso(h), "updated_at": _iso(i)}  # fmt: skip
            elif section in (2, 3):
                item = {"id": f"member/{pk}" if section == 2 else f"organisation/{pk}",
                        "name": a, "classification": "member", "other_names": b or None,
                        "links": [{"url": f"{ORIGIN}/members/{pk}/", "note": "API"}]}  # fmt: skip
            elif section == 4:
                member, organisation = divmod(e or 0, 1_000_000_000)
                item = {"id": f"appointment/{pk}", "person_id": f"person/{d}",
                        "organization_id": "network", "role": a, "label": b or None,
                        "start_date": _iso(f), "end_date": _iso(g),
                        "on_behalf_of_id": f"member/{member}",
                        "post_id": f"post/{member}/{a}",
                        "links": [{"url": f"{ORIGIN}/appointments/{pk}/",
                                   "note": "API"}]}  # fmt: skip
                if organisation:
                    sink.write((b"" if first else b",") + orjson.dumps(item))
                    first = False
                    item = {"id": f"appointment/{pk}/organisation",
                            "person_id": f"person/{d}",
                            "organization_id": f"organisation/{organisation}",
                            "label": b or None, "start_date": _iso(f),
                            "end_date": _iso(g)}  # fmt: skip
            else:
                item = {"id": f"post/{pk}/{a}", "label": f"{a}, {b}", "role": a,
                        "organization_id": "network"}  # fmt: skip
            sink.write((b"" if first else b",") + orjson.dumps(item))
            first = False
            rows += 1
        sink.write(b"]}")
    return rows


PEOPLE_CSV = """
SELECT p.id, p.honorific, p.given_name, p.family_name, p.created_at, p.updated_at,
  (SELECT string_agg(p.given_name || ' ' || p.family_name || ' — ' || a.role || ', '
                     || COALESCE(m.name, o.name), '; ' ORDER BY m.name, a.role, a.start_on DESC)
     FROM focalpoints_appointment a
     LEFT JOIN network_member m ON m.id = a.member_id
     LEFT JOIN network_organisation o ON o.id = a.organisation_id
    WHERE a.person_id = p.id) AS appointments
  FROM focalpoints_person p
 WHERE p.public_listing
 ORDER BY p.family_name, p.given_name, p.id
"""


class _Lines:
    """What csv.writer writes to: lines, encoded into the sink."""

    def __init__(self, sink):
        self.sink = sink

    def write(self, text):
        self.sink.write(text.encode())


def people_csv(conn, sink):
    """The API's people list as CSV (public, every row), from one query."""
    rows = 0
    writer = csv.writer(_Lines(sink))
    writer.writerow(["id", "url", "display", "honorific", "given_name", "family_name", "name",
                     "appointments", "created_at", "updated_at"])  # fmt: skip
    with conn.cursor(name="csv_floor") as cursor:
        cursor.itersize = 2000
        cursor.execute(PEOPLE_CSV)
        for pk, honorific, given, family, created, updated, posts in cursor:
            name = f"{given} {family}".strip()
            writer.writerow([pk, f"{ORIGIN}/people/{pk}/", name, honorific, given, family, name,
                             posts or "", created.isoformat(), updated.isoformat()])  # fmt: skip
            rows += 1
    return rows
