"""Site-wide pages that gather from every app (DESIGN.md, Layout): the home
page, the public list of members and each member's one-page briefing.

They reach other apps' data through reverse relations and querysets, each
filtered by the visibility policy.

Length: the site-wide pages gather from every app (home, members, member page,
calendar, library, the briefing); each view is short and they share the member
page's prepared rows and the public renderings.
"""

import datetime
import re

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from focalpoints.choices import Role
from focalpoints.models import Appointment, Person, today
from focalpoints.rows import post_rows
from meetings import calendars as meeting_calendars
from meetings.choices import DocumentKind
from meetings.models import Meeting, MeetingDocument
from network.choices import DocumentAudience, LibraryDocumentKind, MemberKind
from network.core import pdf, uploads
from network.core.caching import rendered_together, shared_with_the_public
from network.core.calendar import new_calendar
from network.core.search import normalise
from network.core.visibility import APPOINTMENT_FIELDS, PUBLIC, viewer_for, visible_fields
from network.filtersets import MemberFilterSet
from network.models import LibraryDocument, Member, Region, SampleRecord
from network.sample import sample_ids as sample_ids_of
from network.templatetags.wps import member_name
from newsletters import calendars as entry_calendars

MEMBER_KEY = re.compile(r"[A-Za-z0-9_-]{1,100}")


def home(request):
    """The network in numbers, for everyone; the next meeting and the latest
    newsletter come from their apps' sections."""
    viewer = viewer_for(request)
    # Members of the network today (Membership), not every State the tracker knows.
    members = Member.objects.visible_to(viewer).in_network().filter(active=True)
    kinds = list(members.values_list("kind", flat=True))
    top_regions = {
        path[-1] if path[-1] else (path[-2] or path[-3])
        for path in members.filter(kind=MemberKind.STATE).values_list(
            "region__name", "region__parent__name", "region__parent__parent__name"
        )
        if any(path)
    }
    # Current posts only: a post known from a dated record ("as of April 2017")
    # is not counted (AppointmentQuerySet.current).
    focal_posts = Appointment.objects.current().filter(
        role=Role.FOCAL_POINT, member__in=members.values("pk")
    )
    # The sample layer's fictional posts are counted apart, never as facts.
    sample_people = SampleRecord.objects.ids_of(Person)
    sample_posts = focal_posts.filter(person__in=sample_people)
    focal_posts = focal_posts.exclude(person__in=sample_people)
    context = {
        "state_count": sum(kind == MemberKind.STATE for kind in kinds),
        "organisation_count": sum(kind != MemberKind.STATE for kind in kinds),
        "region_count": len(top_regions),
        # Counts only: who they are is for members, or for those who consented.
        "focal_point_count": Person.objects.filter(pk__in=focal_posts.values("person")).count(),
        "represented_count": focal_posts.values("member").distinct().count(),
        "sample_focal_point_count": sample_posts.values("person").distinct().count(),
    }
    return render(request, "network/home.html", context)


def member_list(request):
    """Every member of the network, with its current focal points: all of them
    for members and staff, only those who consented to public listing for
    everyone else. Search and filters are the API's MemberFilterSet."""
    viewer = viewer_for(request)
    focal_points = Prefetch(
        "appointments",
        queryset=Appointment.objects.visible_to(viewer)
        .current()
        .filter(role__in=[Role.FOCAL_POINT, Role.ALTERNATE])
        .select_related("person")
        .order_by("role", "person__family_name"),
        to_attr="focal_points",
    )
    filterset = MemberFilterSet(
        request.GET,
        queryset=Member.objects.visible_to(viewer)
        .in_network()
        .filter(active=True)
        .select_related("region__parent__parent")
        .prefetch_related(focal_points),
        request=request,
    )
    members = list(filterset.qs) if filterset.is_valid() else []
    members.sort(key=lambda member: normalise(member_name(member)))
    context = {
        "filterset": filterset,
        "states": [m for m in members if m.kind == MemberKind.STATE],
        "organisations": [m for m in members if m.kind != MemberKind.STATE],
        "member_count": len(members),
        "region_choices": Region.objects.choices(),
        "sample_people": sample_ids_of(Person),
    }
    return render(request, "network/member_list.html", context)


def _briefed_member(viewer, key):

    if not MEMBER_KEY.fullmatch(key):
        # Not an ISO code or a slug (PostgreSQL refuses NUL bytes outright).
        raise Http404("No member has that code.")
    try:
        member = (
            Member.objects.visible_to(viewer)
            .select_related("region__parent__parent")
            .get_by_key(key)
        )
    except Member.DoesNotExist:
        raise Http404("No member has that code.") from None
    return member


def member_briefing(request, key):
    """A member on one page: its current focal points and their predecessors
    (people as the visibility policy allows), and the sections of the other
    apps: action plans, commitments, meetings attended, newsletter entries."""
    viewer = viewer_for(request)
    member = _briefed_member(viewer, key)
    body = shared_with_the_public(
        request,
        f"member:{member.pk}",
        lambda: render_to_string(
            "network/_member_body.html", _member_body_context(member, viewer), request
        ),
    )
    return render(request, "network/member_detail.html", {"member": member, "body": body})


def _member_body_context(member, viewer):
    """The member page's posts, current and former, as ``viewer`` may see them,
    prepared as plain strings (``member_post_rows``)."""
    on = today()
    fields = visible_fields(viewer, APPOINTMENT_FIELDS)
    # Read as values (focalpoints.rows): at 468 posts, model instances cost
    # four times as much as the query.
    posts = post_rows(
        Appointment.objects.visible_to(viewer)
        .filter(member=member)
        .order_by("role", "-start_on", "pk"),
        fields,
    )
    current = [post for post in posts if post.is_current_on(on)]
    hidden_current = 0
    if not viewer.is_member:
        # Say that more people hold posts, without saying who.
        hidden_current = Appointment.objects.current(on).filter(member=member).count() - len(
            current
        )
    dated = [post for post in posts if post.is_dated]
    former = sorted(
        (post for post in posts if not post.is_current_on(on) and not post.is_dated),
        key=lambda post: (post.end_on or on, post.start_on or on),
        reverse=True,
    )
    tables = {"current": current, "former": former, "dated": dated}
    # The sample badge shows in the table of current posts alone.
    badged = {"current": sample_ids_of(Person)}
    return {
        "member": member,
        # The rows as plain strings for whatever reads them besides the page
        # (which prints the kept HTML below): made only if asked for.
        **{
            table: SimpleLazyObject(
                lambda posts=posts, table=table: member_post_rows(
                    posts, badged.get(table, frozenset())
                )
            )
            for table, posts in tables.items()
        },
        **{
            f"{table}_html": kept_post_rows_html(
                posts, table, fields, badged.get(table, frozenset())
            )
            for table, posts in tables.items()
        },
        "hidden_current": hidden_current,
        "appointment_fields": fields,
    }


def kept_post_rows_html(posts, table, fields, sample_ids=frozenset()):
    """The ``<tr>`` rows of one of the member page's tables for ``posts``
    (``focalpoints.rows.PostRow``), each kept under what it prints, and the
    table's rows as a whole under all of theirs
    (network.core.caching.rendered_together): after a post's save, the next
    reader formats that post's row alone. What a row prints is all in its
    post's values, so they are its key, with the table, the fields the viewer
    may see and the sample badge (for the people of ``sample_ids``); no
    timestamp needs to be read."""
    contact = "work_email" in fields
    shown = (contact, "phone" in fields)

    def parts(post):
        return (table, shown, post.person_id in sample_ids, post.values)

    def render(post):
        return member_post_rows_html(member_post_rows([post], sample_ids), table, contact)

    return rendered_together("member-post", posts, parts, render)


def member_post_rows(posts, sample_ids=frozenset()):
    """What the member page's tables print of each of ``posts``
    (``focalpoints.rows.post_rows``, which read contact details only where
    the viewer's fields hold them), as plain strings.

    Resolving a role's label, a person's URL and two localised dates through
    template lookups cost about 0.1 ms a post, 75 ms for a member with 750
    posts (docs/performance.md); here each label and date is made once.
    """
    roles = {value: str(label) for value, label in Role.choices}
    person_url = Person.url_format()
    dates = {}

    def date(value):
        if value is None:
            return "—"
        if value not in dates:
            dates[value] = date_format(value, "DATE_FORMAT")
        return dates[value]

    return [
        {
            "url": person_url.format(post.person_id),
            "name": post.person.full_name,
            "role": roles.get(post.role, post.role),
            "position": post.position or "—",
            "organisation": post.organisation.name if post.organisation_id else "",
            "start": date(post.start_on),
            "end": date(post.end_on),
            "as_of": post.as_of_display if post.as_of else "",
            "sample": post.person_id in sample_ids,
            "work_email": post.work_email,
            "phone": post.phone,
        }
        for post in posts
    ]


def member_post_rows_html(rows, table, contact=False):
    """The ``<tr>`` rows of one of the member page's tables (``current``,
    ``dated`` or ``former``) for ``rows`` of ``member_post_rows``, as the
    template's loop printed them; every value escaped by ``format_html``.

    In Python because the template engine, resolving eight variables a row,
    cost about 0.4 ms a post for the first reader after a change: 300 ms for a
    member with 750 posts on a loaded machine (docs/performance.md, run 5).
    """
    labels = {
        "role": _("Role"),
        "position": _("Position"),
        "since": _("Since"),
        "contact": _("Work contact"),
        "from": _("From"),
        "until": _("Until"),
    }
    sample = format_html(' <span class="sample-badge">{}</span>', _("sample"))
    html = []
    for row in rows:
        name = format_html('<a href="{}">{}</a>', row["url"], row["name"])
        position = row["position"]
        if table != "former" and row["organisation"]:
            position = format_html('{}<span class="post">{}</span>', position, row["organisation"])
        else:
            position = conditional_escape(position)
        cells = [
            format_html('<th scope="row">{}{}</th>', name, sample if row.get("sample") else ""),
            format_html('<td data-label="{}">{}</td>', labels["role"], row["role"]),
            format_html('<td data-label="{}">{}</td>', labels["position"], position),
        ]
        if table == "current":
            cells.append(format_html('<td data-label="{}">{}</td>', labels["since"], row["start"]))
            if contact:
                email = (
                    format_html('<a href="mailto:{0}">{0}</a>', row["work_email"])
                    if row["work_email"]
                    else ""
                )
                phone = (
                    format_html('<span class="post">{}</span>', row["phone"])
                    if row["phone"]
                    else ""
                )
                cells.append(
                    format_html('<td data-label="{}">{}{}</td>', labels["contact"], email, phone)
                )
        elif table == "dated":
            cells.append(format_html("<td>{}</td>", row["as_of"]))
        else:
            cells.append(format_html('<td data-label="{}">{}</td>', labels["from"], row["start"]))
            cells.append(format_html('<td data-label="{}">{}</td>', labels["until"], row["end"]))
        html.append("\n    <tr>\n      " + "\n      ".join(cells) + "\n    </tr>")
    return mark_safe("".join(html))  # each cell made by format_html


# --- The network's one calendar (/calendar/, /calendar.ics) ----------------------
# Gathered here because it spans two apps on the same floor (meetings and
# newsletters), which may not import each other; each builds its own events.

# A subscribed calendar keeps what it once showed: events stay in the feed for
# this long after they end, and the feed stays small.
CALENDAR_PAST_DAYS = 730


def calendar_ics(request):
    """Every meeting and session, and the deadlines of open opportunities, as
    one subscribable iCalendar feed; past events stay for CALENDAR_PAST_DAYS.
    It names no people, and is the same for every reader (built for the
    public: a calendar application subscribes without logging in)."""
    since = today() - datetime.timedelta(days=CALENDAR_PAST_DAYS)
    meeting_events, zones, last_meeting = meeting_calendars.network_events(PUBLIC, since)
    deadline_events, last_deadline = entry_calendars.network_events(PUBLIC, since)
    last = max([day for day in (last_meeting, last_deadline) if day] or [today()])
    calendar = new_calendar(_("WPS Focal Points Network"), zones, first=since, last=last)
    for event in meeting_events + deadline_events:
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="wps-network.ics"'
    return response


def calendar_page(request):
    """What is coming: upcoming meetings (their sessions are in each agenda)
    and the deadlines of open opportunities, soonest first, with the address
    to subscribe to."""
    viewer = viewer_for(request)
    meetings = list(Meeting.objects.visible_to(viewer).upcoming())
    rows = [
        {"day": meeting.start_date, "end": meeting.end_date, "kind": "meeting", "item": meeting}
        for meeting in meetings
        if meeting.start_date
    ]
    rows += [
        {"day": entry.deadline, "end": None, "kind": "deadline", "item": entry}
        for entry in entry_calendars.deadline_entries(viewer).select_related("member")
    ]
    rows.sort(key=lambda row: (row["day"], row["kind"]))
    context = {
        "rows": rows,
        "undated": [meeting for meeting in meetings if not meeting.start_date],
        "feed_url": request.build_absolute_uri("/calendar.ics"),
    }
    return render(request, "network/calendar.html", context)


# --- The document library (/library/) --------------------------------------------
# Meetings' documents and the library's own (plan texts, guidance) in one list;
# gathered here because the two live in different apps. Each row is read
# through its model's visible_to(viewer) (network.core.visibility.document_audiences).

LIBRARY_PAGE_SIZE = 30


class LibraryFilterForm(forms.Form):
    """The library's filters; a bad value is a field error, never a 500."""

    q = forms.CharField(label=_lazy("Words"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_lazy("Kind"), required=False)
    member = forms.ModelChoiceField(
        label=_lazy("Member"),
        queryset=Member.objects.order_by("name"),
        required=False,
        to_field_name="slug",
    )
    meeting = forms.ModelChoiceField(
        label=_lazy("Meeting"),
        queryset=Meeting.objects.order_by("-start_date", "title"),
        required=False,
        to_field_name="slug",
    )
    year = forms.IntegerField(label=_lazy("Year"), required=False, min_value=1900, max_value=2100)
    language = forms.ChoiceField(label=_lazy("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = dict(DocumentKind.choices) | dict(LibraryDocumentKind.choices)
        self.fields["kind"].choices = [
            ("", _lazy("Any")),
            *sorted(kinds.items(), key=lambda kv: str(kv[1])),
        ]
        self.fields["language"].choices = [("", _lazy("Any")), *settings.LANGUAGES]


def _library_rows(viewer, filters):
    """The documents ``viewer`` may read that match ``filters``, newest first,
    as rows the template shows alike (two queries)."""
    meeting_documents = MeetingDocument.objects.visible_to(viewer).select_related("meeting")
    library_documents = LibraryDocument.objects.visible_to(viewer).select_related("member")
    if filters.get("q"):
        meeting_documents = meeting_documents.filter(
            Q(title__icontains=filters["q"])
            | Q(meeting__search_text__contains=normalise(filters["q"]))
        )
        library_documents = library_documents.search(filters["q"])
    if filters.get("kind"):
        meeting_documents = meeting_documents.filter(kind=filters["kind"])
        library_documents = library_documents.filter(kind=filters["kind"])
    if filters.get("member"):
        # A meeting's documents belong to the members that hosted it.
        meeting_documents = meeting_documents.filter(meeting__hosts=filters["member"]).distinct()
        library_documents = library_documents.filter(member=filters["member"])
    if filters.get("meeting"):
        meeting_documents = meeting_documents.filter(meeting=filters["meeting"])
        library_documents = library_documents.none()
    if filters.get("year"):
        year = filters["year"]
        meeting_documents = meeting_documents.filter(
            Q(published_on__year=year) | Q(published_on__isnull=True, meeting__year=year)
        )
        library_documents = library_documents.filter(published_on__year=year)
    if filters.get("language"):
        meeting_documents = meeting_documents.filter(language=filters["language"])
        library_documents = library_documents.filter(language=filters["language"])
    rows = [
        {
            "title": document.title,
            "kind": document.get_kind_display(),
            "language": document.language,
            "date": document.published_on or document.meeting.start_date,
            "meeting": document.meeting,
            "member": None,
            "href": document.href,
            "members_only": document.audience == DocumentAudience.MEMBERS,
        }
        for document in meeting_documents
    ] + [
        {
            "title": document.title,
            "kind": document.get_kind_display(),
            "language": document.language,
            "date": document.published_on,
            "meeting": None,
            "member": document.member,
            "href": document.href,
            "members_only": document.audience == DocumentAudience.MEMBERS,
        }
        for document in library_documents
    ]
    rows.sort(
        key=lambda row: (row["date"] is not None, row["date"] or datetime.date.min, row["title"]),
        reverse=True,
    )
    # Undated documents last, in title order.
    dated = [row for row in rows if row["date"] is not None]
    undated = sorted((row for row in rows if row["date"] is None), key=lambda row: row["title"])
    return dated + undated


def library(request):
    """The document library: meeting documents (agendas, summaries,
    communiqués) and plan texts, guidance and reports, filterable by kind,
    member, meeting, year and language; members-only documents for members."""
    viewer = viewer_for(request)
    form = LibraryFilterForm(request.GET or None)
    status = 200
    if form.is_bound and not form.is_valid():
        rows, status = [], 400
    else:
        rows = _library_rows(viewer, form.cleaned_data if form.is_bound else {})
    page = Paginator(rows, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "viewer": viewer}
    return render(request, "network/library.html", context, status=status)


LIBRARY_SOURCES = {"meeting": MeetingDocument, "library": LibraryDocument}


def library_file(request, source, pk):
    """An uploaded document, read from the storage backend for those who may
    read it. The content type comes from the extension the upload was checked
    against (network.core.uploads); only PDFs and pictures open in the browser."""
    model = LIBRARY_SOURCES.get(source)
    if model is None:
        raise Http404("No such library.")
    viewer = viewer_for(request)
    document = model.objects.visible_to(viewer).exclude(file="").filter(pk=pk).first()
    if document is None:
        hidden = model.objects.exclude(file="").filter(pk=pk).exists()
        if hidden and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404("No such document.")
    name = document.file.name
    extension = uploads.extension_of(name)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file of this document is missing.") from None
    response = FileResponse(
        handle,
        content_type=uploads.content_type_of(name),
        as_attachment=extension not in {"pdf", "png", "jpg", "jpeg"},
        filename=f"{slugify(document.title) or 'document'}.{extension}",
    )
    if document.audience != DocumentAudience.PUBLIC:
        response["Cache-Control"] = "private, no-store"
    return response


def member_briefing_pdf(request, key):
    """The member briefing as PDF, from the page's templates: staff only, and
    logged as an export of the focal points it names."""
    viewer = viewer_for(request)
    member = _briefed_member(viewer, key)
    body = render_to_string(
        "network/_member_body.html", _member_body_context(member, viewer), request
    )
    html = render_to_string("network/member_detail.html", {"member": member, "body": body}, request)
    return pdf.staff_pdf_response(
        request, html, filename=f"briefing-{key}.pdf", dataset="focalpoints.appointment"
    )
