"""Site-wide pages that gather from every app (DESIGN.md, Layout): the home
page, the public list of members and each member's one-page briefing.

They reach other apps' data through reverse relations and querysets, each
filtered by the visibility policy.
"""

import re

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import date_format

from focalpoints.choices import Role
from focalpoints.models import Appointment, Person, today
from network.choices import MemberKind
from network.core.caching import shared_with_the_public
from network.core.search import normalise
from network.core.visibility import APPOINTMENT_FIELDS, viewer_for, visible_fields
from network.filtersets import MemberFilterSet
from network.models import Member, Region, SampleRecord
from network.templatetags.wps import member_name

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
        "sample_people": frozenset(
            SampleRecord.objects.ids_of(Person).values_list("object_id", flat=True)
        ),
    }
    return render(request, "network/member_list.html", context)


def member_briefing(request, key):
    """A member on one page: its current focal points and their predecessors
    (people as the visibility policy allows), and the sections of the other
    apps: action plans, commitments, meetings attended, newsletter entries."""
    viewer = viewer_for(request)
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
    posts = list(
        Appointment.objects.visible_to(viewer)
        .filter(member=member)
        .select_related("person", "organisation")
        # What the page prints, and no timestamps: at 750 posts, loading the
        # unused created/updated columns alone took 20 ms.
        .only(*MEMBER_PAGE_POST_FIELDS)
        .order_by("role", "-start_on", "pk")
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
    fields = visible_fields(viewer, APPOINTMENT_FIELDS)
    sample_ids = frozenset(SampleRecord.objects.ids_of(Person).values_list("object_id", flat=True))
    return {
        "member": member,
        "current": member_post_rows(current, fields, sample_ids),
        "former": member_post_rows(former, fields),
        "dated": member_post_rows(dated, fields),
        "hidden_current": hidden_current,
        "appointment_fields": fields,
    }


MEMBER_PAGE_POST_FIELDS = (
    "role",
    "position",
    "start_on",
    "end_on",
    "as_of",
    "as_of_source",
    "work_email",
    "phone",
    "member",
    "person__honorific",
    "person__given_name",
    "person__family_name",
    "organisation__name",
)


def member_post_rows(posts, fields, sample_ids=frozenset()):
    """What the member page's tables print of each post, as plain strings;
    contact details only where ``fields`` (the viewer's) hold them.

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
            "work_email": post.work_email if "work_email" in fields else "",
            "phone": post.phone if "phone" in fields else "",
        }
        for post in posts
    ]
