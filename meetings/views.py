"""Pages of the meetings app: meetings and their agendas, calendars,
registration, the invitation's reply page, the commitments tracker and the
follow-up report.

Length: one module because every page shares the viewer, the visibility
helpers and the registration form; each view is short.
"""

import functools
import itertools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import DateTimeField, Exists, F, OuterRef, Prefetch, QuerySet, Value
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from focalpoints.models import Person
from focalpoints.tokens import InvalidLink, LinkProblem
from network.core import pdf
from network.core.caching import (
    query_key,
    rendered_by_content,
    rendered_for_each,
    shared_with_the_public,
    stamp,
)
from network.core.translations import in_reader_order
from network.core.visibility import (
    COMMITMENT_UPDATE_FIELDS,
    may_register,
    may_update_commitment,
    may_update_commitments_of,
    viewer_for,
    visible_fields,
)
from network.models import Member, Theme

from . import calendars, charts, exports, invitations, selectors, services
from .choices import CommitmentStatus
from .filtersets import CommitmentFilterSet, MeetingFilterSet
from .forms import CommitmentForm, CommitmentUpdateForm, RegistrationForm
from .models import (
    Commitment,
    CommitmentUpdate,
    Meeting,
    MeetingDocument,
    Registration,
    Session,
    SessionRole,
    today,
)
from .tokens import read_reply_token

PAGE_SIZE = 50


def _first_error(error):
    """The messages of a ValidationError or PermissionDenied, as one line."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _filter_data(query):
    """The query string without blank values: an HTML form sends every field,
    and "any" (blank) is no filter, not a bad value."""
    data = query.copy()
    for key in list(data.keys()):
        values = [value for value in data.getlist(key) if value.strip()]
        if values:
            data.setlist(key, values)
        else:
            del data[key]
    data.pop("page", None)
    return data or None


def _own_registration(viewer, meeting):
    """The viewer's own registration for ``meeting`` (staff see everyone's,
    so the person is named, not left to the policy)."""
    return (
        Registration.objects.visible_to(viewer)
        .filter(meeting=meeting, person_id=viewer.person_id)
        .first()
    )


def _visible_meeting(viewer, slug):
    return get_object_or_404(Meeting.objects.visible_to(viewer), slug=slug)


def meeting_list(request):
    """Upcoming and past meetings, with optional filters."""
    viewer = viewer_for(request)
    filterset = MeetingFilterSet(
        _filter_data(request.GET),
        queryset=Meeting.objects.visible_to(viewer).prefetch_related("chairs"),
    )
    invalid = filterset.is_bound and not filterset.is_valid()
    meetings = filterset.queryset.none() if invalid else filterset.qs
    context = {
        "filterset": filterset,
        "upcoming": list(meetings.upcoming()),
        "past": list(meetings.past()),
        "years": Meeting.objects.visible_to(viewer)
        .exclude(year__isnull=True)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct(),
    }
    return render(request, "meetings/meeting_list.html", context, status=400 if invalid else 200)


def _agenda(meeting, viewer, request):
    """The sessions of a meeting, day by day, each as its ``<li>`` rendered
    (``agenda_rows``), with its people and roles."""
    sessions = list(
        Session.objects.visible_to(viewer)
        .filter(meeting=meeting)
        .prefetch_related(
            "themes",
            Prefetch(
                "roles",
                queryset=SessionRole.objects.select_related("person", "member").order_by(
                    "order", "pk"
                ),
            ),
        )
    )
    for session in sessions:
        session.meeting = meeting  # the calendar and times need it; no query
    person_ids = {role.person_id for s in sessions for role in s.roles.all() if role.person_id}
    # Agenda people are shown by name and role to everyone; a link to their
    # directory entry only when the policy lets this viewer see it.
    linkable = set(
        Person.objects.visible_to(viewer).filter(pk__in=person_ids).values_list("pk", flat=True)
    )
    rows = dict(zip(sessions, agenda_rows(meeting, sessions, linkable, request), strict=True))
    return [
        {"day": day, "sessions": [rows[session] for session in group]}
        for day, group in itertools.groupby(sessions, key=lambda s: s.day)
    ]


def agenda_rows(meeting, sessions, linkable, request):
    """Each session's ``<li>`` of the agenda (loaded with its themes and its
    roles' people and members), rendered again only when the session, its
    meeting, a theme, a role, its person or member, or whether the viewer may
    follow that person to the directory changed
    (network.core.caching.rendered_for_each)."""

    def parts(session):
        return (
            stamp(meeting),
            stamp(session),
            tuple(stamp(theme) for theme in session.themes.all()),
            tuple(
                (
                    stamp(role),
                    stamp(role.person) if role.person_id else None,
                    stamp(role.member) if role.member_id else None,
                    role.person_id in linkable,
                )
                for role in session.roles.all()
            ),
        )

    def render_row(session):
        context = {"meeting": meeting, "session": session, "linkable_person_ids": linkable}
        return render_to_string("meetings/_session_row.html", context, request)

    return rendered_for_each("agenda-session", sessions, parts, render_row)


def meeting_detail(request, slug):
    """A meeting: hosts, chairs, place, agenda day by day with each session's
    people, documents, delegations and the commitments made there."""
    viewer = viewer_for(request)
    meeting = get_object_or_404(Meeting.objects.visible_to(viewer), slug=slug)
    parts = shared_with_the_public(
        request, f"meeting:{meeting.pk}", lambda: _meeting_parts(request, meeting, viewer)
    )
    registration = None
    if viewer.person_id is not None:
        registration = _own_registration(viewer, meeting)
    places_taken = None
    if meeting.capacity and not meeting.is_past():
        places_taken = Registration.objects.filter(meeting=meeting).holding_places().count()
    context = {
        "meeting": meeting,
        "parts": parts,
        "registration": registration,
        "may_register": may_register(viewer),
        "registration_problem": meeting.registration_problem(),
        "places_taken": places_taken,
    }
    return render(request, "meetings/meeting_detail.html", context)


def _meeting_parts(request, meeting, viewer):
    """The meeting page's record as ``viewer`` may see it, rendered: its
    facts and troika (``head``), and its summary, agenda, documents,
    delegations and commitments (``record``)."""
    # Each part is read when its section first asks for it: a section kept
    # since (``{% kept_until_written %}``) reads nothing.
    days = SimpleLazyObject(lambda: _agenda(meeting, viewer, request))
    commitments = SimpleLazyObject(
        lambda: list(
            selectors.with_latest_update(
                Commitment.objects.visible_to(viewer)
                .filter(meeting=meeting)
                .select_related("member")
                .prefetch_related("themes")
                .order_by("order", "pk")
            )
        )
    )
    context = {
        "meeting": meeting,
        "days": days,
        "documents": SimpleLazyObject(
            lambda: list(MeetingDocument.objects.visible_to(viewer).filter(meeting=meeting))
        ),
        "delegations": SimpleLazyObject(
            lambda: list(meeting.delegations.select_related("member").order_by("member__name"))
        ),
        "commitments": commitments,
        "status_chart": SimpleLazyObject(
            lambda: charts.meeting_commitments_by_status(list(commitments))
        ),
        "troika": SimpleLazyObject(
            lambda: selectors.troika(meeting.start_date) if meeting.start_date else None
        ),
    }
    return {
        "head": render_to_string("meetings/_meeting_head.html", context, request),
        "record": render_to_string("meetings/_meeting_record.html", context, request),
    }


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_calendar(request, slug):
    """The meeting's agenda as iCalendar: one event per session."""
    viewer = viewer_for(request)
    meeting = _visible_meeting(viewer, slug)
    if not meeting.start_date:
        raise Http404("This meeting has no dates to put in a calendar.")
    sessions = (
        Session.objects.visible_to(viewer)
        .filter(meeting=meeting)
        .prefetch_related(
            Prefetch("roles", queryset=SessionRole.objects.select_related("person", "member"))
        )
    )
    sessions = list(sessions)
    for session in sessions:
        session.meeting = meeting
    return _ics_response(calendars.meeting_calendar(meeting, sessions), f"{meeting.slug}.ics")


def session_calendar(request, slug, pk):
    """One session as iCalendar."""
    viewer = viewer_for(request)
    session = get_object_or_404(
        Session.objects.visible_to(viewer)
        .select_related("meeting")
        .prefetch_related(
            Prefetch("roles", queryset=SessionRole.objects.select_related("person", "member"))
        ),
        meeting__slug=slug,
        pk=pk,
    )
    return _ics_response(calendars.session_calendar(session), f"{slug}-session-{pk}.ics")


def _require_person(request):
    """Registration needs a logged-in member (a user linked to a person)."""
    viewer = viewer_for(request)
    if not request.user.is_authenticated:
        return viewer, redirect_to_login(request.get_full_path())
    if not may_register(viewer):
        return viewer, _forbidden(
            request,
            _(
                "Your account is not linked to a person in the directory, so it cannot hold "
                "registrations. Please ask the secretariat to link it."
            ),
        )
    return viewer, None


def _forbidden(request, message):
    """A 403 page that says why, in words."""
    return render(request, "meetings/forbidden.html", {"message": message}, status=403)


def register(request, slug):
    """Register the logged-in member for a meeting, or show their registration."""
    viewer, redirect_response = _require_person(request)
    if redirect_response:
        return redirect_response
    meeting = _visible_meeting(viewer, slug)
    person = Person.objects.get(pk=viewer.person_id)
    registration = _own_registration(viewer, meeting)
    form = RegistrationForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(meeting, person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _first_error(error))
        else:
            if registration.status == "waiting":
                messages.warning(
                    request,
                    _(
                        "The meeting is full: you are on the waiting list (place %(place)d). "
                        "We will email you if a place frees up."
                    )
                    % {"place": registration.waiting_position},
                )
            else:
                messages.success(request, _("You are registered. The secretariat will confirm."))
            return redirect("meetings:register", slug=meeting.slug)
    status = 400 if request.method == "POST" else 200
    context = {
        "meeting": meeting,
        "form": form,
        "registration": registration,
        "registration_problem": meeting.registration_problem(),
    }
    return render(request, "meetings/register.html", context, status=status)


@require_POST
def cancel_registration(request, slug):
    """Cancel the logged-in member's own registration."""
    viewer, redirect_response = _require_person(request)
    if redirect_response:
        return redirect_response
    meeting = _visible_meeting(viewer, slug)
    registration = get_object_or_404(
        Registration.objects.visible_to(viewer).filter(person_id=viewer.person_id),
        meeting=meeting,
    )
    try:
        services.cancel_registration(registration, by=request.user)
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("meetings:register", slug=meeting.slug)


def my_registrations(request):
    """The logged-in member's registrations, latest meeting first."""
    viewer, redirect_response = _require_person(request)
    if redirect_response:
        return redirect_response
    registrations = (
        Registration.objects.visible_to(viewer)
        .filter(person_id=viewer.person_id)
        .select_related("meeting", "member")
        .order_by("-meeting__start_date")
    )
    return render(request, "meetings/my_registrations.html", {"registrations": registrations})


def _follow_up_context(request, slug):
    viewer = viewer_for(request)
    meeting = _visible_meeting(viewer, slug)
    commitments = list(selectors.follow_up_report(meeting, viewer))
    counts = dict.fromkeys(CommitmentStatus.values, 0)
    for commitment in commitments:
        counts[commitment.status] += 1
    context = {
        "meeting": meeting,
        "commitments": commitments,
        "counts": [(CommitmentStatus(s).label, n) for s, n in counts.items()],
        "has_reference_date": bool(meeting.start_date or meeting.year),
    }
    return context


def follow_up(request, slug):
    """What the secretariat brings to a meeting: the commitments made at
    earlier meetings, with their latest status."""
    return render(request, "meetings/follow_up.html", _follow_up_context(request, slug))


def follow_up_pdf(request, slug):
    """The follow-up report as PDF, from the page's template: staff only, logged."""
    context = _follow_up_context(request, slug)
    html = render_to_string("meetings/follow_up.html", context, request)
    return pdf.staff_pdf_response(
        request, html, filename=f"follow-up-{slug}.pdf", dataset="meetings.commitment"
    )


def follow_up_csv(request, slug):
    """The follow-up report as CSV."""
    viewer = viewer_for(request)
    meeting = _visible_meeting(viewer, slug)
    commitments = selectors.follow_up_report(meeting, viewer)
    return exports.csv_response(
        f"follow-up-{meeting.slug}.csv",
        exports.FOLLOW_UP_HEADER,
        exports.follow_up_rows(commitments),
    )


def commitment_list(request):
    """The public commitments tracker: every commitment with its member,
    meeting, themes, status and its history of updates."""
    status, body = shared_with_the_public(
        request, f"commitments:{query_key(request)}", lambda: _commitment_list_body(request)
    )
    return render(request, "meetings/commitment_list.html", {"body": body}, status=status)


def _commitment_list_body(request):
    """The tracker's filters, counts and page for ``request``'s query, rendered
    as its viewer may see them, with the answer's status (400 when a filter
    is wrong)."""
    viewer = viewer_for(request)
    queryset = (
        Commitment.objects.visible_to(viewer)
        .select_related("member", "meeting")
        .prefetch_related("themes")
    )
    filterset = CommitmentFilterSet(_filter_data(request.GET), queryset=queryset)
    if filterset.is_bound and not filterset.is_valid():
        commitments = queryset.none()
    else:
        commitments = filterset.qs
    commitments = selectors.with_latest_update(commitments)
    visible = Commitment.objects.visible_to(viewer)
    status_chart, meeting_chart, total = charts.tracker_charts(visible)
    paginator = Paginator(commitments, PAGE_SIZE)
    if not request.GET.keys() - {"page"}:
        # Unfiltered, the page counts what the charts counted: no query.
        paginator.count = total
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page": page,
        "query": query.urlencode(),
        "statuses": CommitmentStatus.choices,
        "selected": {
            "member": request.GET.get("member", ""),
            "meeting": request.GET.get("meeting", ""),
            "status": request.GET.getlist("status"),
            "theme": request.GET.getlist("theme"),
            "q": request.GET.get("q", ""),
        },
        "status_chart": status_chart,
        "meeting_chart": meeting_chart,
    }
    # The page's commitments are read as their stamps; a commitment itself is
    # loaded only when its row has to be rendered (commitment_rows). What else
    # says what its rows and filter print is read in one more query.
    page_stamps = list(page.object_list.prefetch_related(None).values_list(*ROW_STAMPS))
    choices = _filter_choices(viewer)
    stamps = tracker_stamps([row[0] for row in page_stamps], choices)
    context["rows"] = commitment_rows(page_stamps, stamps, viewer)
    context["filters"] = commitment_filters(choices, stamps, context, has_query=bool(request.GET))
    status = 400 if filterset.is_bound and not filterset.is_valid() else 200
    return status, render_to_string("meetings/_commitment_list_body.html", context, request)


def _filter_choices(viewer):
    """The querysets of the tracker's filter choices: the members and
    meetings that made commitments, the themes they name. (EXISTS, not a
    join made DISTINCT: half the time on 800 commitments.)"""
    return {
        "members": Member.objects.visible_to(viewer)
        .filter(Exists(Commitment.objects.filter(member=OuterRef("pk"))))
        .order_by("name"),
        "meetings": Meeting.objects.visible_to(viewer)
        .filter(Exists(Commitment.objects.filter(meeting=OuterRef("pk"))))
        .order_by("-start_date"),
        "themes": Theme.objects.visible_to(viewer)
        .filter(Exists(Commitment.themes.through.objects.filter(theme=OuterRef("pk"))))
        .order_by(in_reader_order("name")),
    }


def commitment_filters(choices, stamps, context, has_query):
    """The tracker's filter form for the viewer's ``choices`` (members,
    meetings, themes: ``_filter_choices``) and the query in ``context``,
    rendered again only when one of those objects or the query changed: 200
    members' names in the reader's language cost more than the rest of the
    form. What says they changed is their ids and ``updated_at``
    (``tracker_stamps``); the objects are loaded only to render."""
    selected = context["selected"]
    parts = (
        tuple((name, stamps[name]) for name in FILTER_CHOICES),
        tuple(sorted((key, str(value)) for key, value in selected.items())),
        has_query,
    )
    return rendered_by_content(
        "commitment-filters",
        parts,
        lambda: render_to_string(
            "meetings/_commitment_filters.html",
            {
                **{name: list(objects) for name, objects in choices.items()},
                "selected": selected,
                "statuses": context["statuses"],
                "has_query": has_query,
            },
        ),
    )


# What a page of the tracker reads of each commitment: what its row prints
# is kept under these (and its themes' and updates'), commitment_rows.
ROW_STAMPS = (
    "pk",
    "updated_at",
    "member_id",
    "member__updated_at",
    "meeting_id",
    "meeting__updated_at",
)


FILTER_CHOICES = ("members", "meetings", "themes")


def tracker_stamps(ids, choices):
    """What says the tracker's rows and filter changed, in one query: for
    each commitment of ``ids``, its themes' and its updates' ids and
    ``updated_at`` (and the meetings the updates were reported at), by
    commitment id (``"themes-of"``, ``"updates-of"``); and the ids and
    ``updated_at`` of each of the filter's ``choices`` (by name)."""

    def columns(queryset, kind, of, pk, updated_at, extra):
        # All five as annotations, made in this order: each part of the union
        # selects them in the same order (fields would come first).
        return (
            queryset.order_by()
            .annotate(s_kind=Value(kind), s_of=of, s_pk=F(pk), s_at=F(updated_at), s_extra=extra)
            .values_list("s_kind", "s_of", "s_pk", "s_at", "s_extra")
        )

    no_time = Value(None, output_field=DateTimeField())
    themes = Commitment.themes.through.objects.filter(commitment_id__in=ids)
    updates = CommitmentUpdate.objects.filter(commitment_id__in=ids)
    parts = [
        columns(themes, 0, F("commitment_id"), "theme_id", "theme__updated_at", no_time),
        columns(updates, 1, F("commitment_id"), "pk", "updated_at", F("reported_at__updated_at")),
        *(
            # The choices as a subquery, under Django's own QuerySet:
            # modeltranslation's values_list (meetings', themes') would put
            # the columns in another order than the union's.
            columns(
                QuerySet(choices[name].model).filter(pk__in=choices[name].order_by().values("pk")),
                n,
                Value(0),
                "pk",
                "updated_at",
                no_time,
            )
            for n, name in enumerate(FILTER_CHOICES, start=2)
        ),
    ]
    names = ["themes-of", "updates-of", *FILTER_CHOICES]
    found = {name: {} for name in names}
    for kind, of, pk, updated_at, extra in sorted(
        parts[0].union(*parts[1:], all=True), key=lambda row: row[:3]
    ):
        stamp = (pk, updated_at, extra) if kind == 1 else (pk, updated_at)
        found[names[kind]].setdefault(of, []).append(stamp)
    # A choice's stamps are all under 0, a row's under its commitment's id.
    return {
        **{name: found[name] for name in names[:2]},
        **{name: tuple(found[name].get(0, ())) for name in FILTER_CHOICES},
    }


def commitment_rows(stamps, tracker, viewer):
    """The tracker's ``<li>`` of each commitment of ``stamps`` (ROW_STAMPS
    rows, in the page's order), each rendered again only when one of the
    objects it prints changed (network.core.caching.rendered_for_each): after
    someone's save, the next reader loads and renders one row, not fifty.
    ``tracker`` (``tracker_stamps``) says what else each row prints (its
    themes, its updates and the meetings they were reported at); the rows
    not kept are loaded in three queries."""
    themes, updates = tracker["themes-of"], tracker["updates-of"]

    @functools.cache
    def links(member_id):
        return viewer.is_staff, may_update_commitments_of(viewer, member_id)

    def parts(row):
        pk, _updated_at, member_id, *_ = row  # ROW_STAMPS
        return (*row, tuple(themes.get(pk, ())), tuple(updates.get(pk, ())), links(member_id))

    def load(rows):
        loaded = Commitment.objects.select_related("member", "meeting").prefetch_related("themes")
        loaded = selectors.with_latest_update(loaded).in_bulk([row[0] for row in rows])
        return [loaded[row[0]] for row in rows]

    def render_row(commitment):
        is_staff, may_report = links(commitment.member_id)
        return render_to_string(
            "meetings/_commitment_row.html",
            {"commitment": commitment, "is_staff": is_staff, "may_report": may_report},
        )

    return rendered_for_each("commitment-row", stamps, parts, render_row, load=load)


def commitment_detail(request, pk):
    """A commitment and its story; its member's focal points and staff add
    progress updates here."""
    viewer = viewer_for(request)
    commitment = get_object_or_404(
        selectors.with_latest_update(
            Commitment.objects.visible_to(viewer)
            .select_related("member", "meeting")
            .prefetch_related("themes")
        ),
        pk=pk,
    )
    may_update = may_update_commitment(viewer, commitment)
    form = None
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        form = CommitmentUpdateForm(request.POST, commitment=commitment)
        if not may_update:
            # Refused before anything is written; the service refuses too.
            messages.error(
                request,
                _(
                    "Only the focal points of %(member)s or the secretariat may report on "
                    "this commitment."
                )
                % {"member": commitment.member},
            )
            form = None
            status = 403
        elif form.is_valid():
            try:
                services.add_commitment_update(commitment, by=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, _first_error(error))
            else:
                messages.success(request, _("Your update is recorded."))
                return redirect(commitment.get_absolute_url())
            status = 400
        else:
            status = 400
    elif may_update:
        form = CommitmentUpdateForm(commitment=commitment, initial={"reported_on": today()})
    updates = list(commitment.updates.all())
    if "author" in visible_fields(viewer, COMMITMENT_UPDATE_FIELDS):
        authors = {
            p.user_id: p
            for p in Person.objects.filter(
                user_id__in={u.author_id for u in updates if u.author_id}
            )
        }
        for update in updates:
            update.author_person = authors.get(update.author_id)
    context = {
        "commitment": commitment,
        "updates": updates,
        "form": form,
        "may_update": may_update,
        "show_author": "author" in visible_fields(viewer, COMMITMENT_UPDATE_FIELDS),
        "is_staff": viewer.is_staff,
    }
    return render(request, "meetings/commitment_detail.html", context, status=status)


def commitment_edit(request, pk):
    """Staff edit a commitment (its status changes through updates, or here)."""
    viewer = viewer_for(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not viewer.can("meetings.change_commitment"):
        return _forbidden(request, _("Only the secretariat may edit commitments."))
    commitment = get_object_or_404(Commitment.objects.visible_to(viewer), pk=pk)
    form = CommitmentForm(request.POST if request.method == "POST" else None, instance=commitment)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The commitment is saved."))
        return redirect(commitment.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "meetings/commitment_edit.html",
        {"commitment": commitment, "form": form},
        status=status,
    )


# --- Invitations: the signed accept/decline link ------------------------------------

REPLY_LINK_STATUS = {LinkProblem.FORGED: 400, LinkProblem.EXPIRED: 410, LinkProblem.USED: 410}


@never_cache
def invitation_reply(request, token):
    """The page an invitation's link opens: who is invited to what, the
    registration form filled with what is known, and one button to accept
    (and register) or decline. Answering takes a POST, so that a mail
    scanner following the link answers nothing; a second answer, a meeting
    over or cancelled, a forged or expired link get a page that says so."""
    try:
        invitation = read_reply_token(token)
    except InvalidLink as error:
        return render(
            request,
            "meetings/invitation_invalid.html",
            {"problem": error.problem},
            status=REPLY_LINK_STATUS[error.problem],
        )
    meeting = invitation.meeting
    answer = request.POST.get("answer") if request.method == "POST" else None
    form = RegistrationForm(
        request.POST if answer == "accept" else None,
        meeting=meeting,
        initial=_known_registration_details(invitation),
    )
    problem = invitations.answer_problem(invitation)
    if (
        answer in ("accept", "decline")
        and problem is None
        and (answer == "decline" or form.is_valid())
    ):
        try:
            invitation = invitations.answer_invitation(
                invitation,
                accept=answer == "accept",
                details=form.cleaned_data if answer == "accept" else None,
            )
        except ValidationError as error:
            problem = _first_error(error)
        else:
            return render(
                request,
                "meetings/invitation_answered.html",
                {"invitation": invitation, "meeting": meeting},
            )
    context = {"invitation": invitation, "meeting": meeting, "form": form, "problem": problem}
    return render(request, "meetings/invitation.html", context, status=409 if problem else 200)


def _known_registration_details(invitation):
    """What an earlier registration of the person for this meeting already says."""
    earlier = Registration.objects.filter(
        meeting_id=invitation.meeting_id, person_id=invitation.person_id
    ).first()
    if earlier is None:
        return {}
    return {
        "travel_support": earlier.travel_support,
        "visa_letter": earlier.visa_letter,
        "arrival_on": earlier.arrival_on,
        "departure_on": earlier.departure_on,
        "access_needs": earlier.access_needs,
    }
