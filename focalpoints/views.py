"""Pages of the members' directory."""

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from network.models import Member
from network.visibility import APPOINTMENT_FIELDS, PERSON_FIELDS, viewer_for, visible_fields

from .models import Appointment, Person


def person_list(request):
    """The directory: members and staff only."""
    viewer = viewer_for(request)
    if not viewer.is_member:
        return redirect_to_login(request.get_full_path())
    query = request.GET.get("q", "")
    people = (
        Person.objects.visible_to(viewer)
        .search(query)
        .prefetch_related("appointments__member", "appointments__organisation")
    )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "focalpoints/person_list.html", {"page": page, "query": query})


def person_detail(request, pk):
    """A person's posts, and their contact details as the policy allows."""
    viewer = viewer_for(request)
    person = get_object_or_404(Person.objects.visible_to(viewer), pk=pk)
    appointments = (
        Appointment.objects.visible_to(viewer)
        .filter(person=person)
        .select_related("member", "organisation")
        .order_by("-start_on")
    )
    context = {
        "person": person,
        "appointments": appointments,
        "fields": visible_fields(viewer, PERSON_FIELDS, own=viewer.owns_person(person.pk)),
        "appointment_fields": visible_fields(viewer, APPOINTMENT_FIELDS),
    }
    return render(request, "focalpoints/person_detail.html", context)


def member_detail(request, key):
    """A member's page: its current focal points and their predecessors."""
    viewer = viewer_for(request)
    try:
        member = Member.objects.visible_to(viewer).select_related("region").get_by_key(key)
    except Member.DoesNotExist as exc:
        raise Http404("No member has that code.") from exc
    appointments = (
        Appointment.objects.visible_to(viewer)
        .filter(member=member)
        .select_related("person", "organisation")
        .order_by("role", "-start_on")
    )
    context = {
        "member": member,
        "current": [a for a in appointments if a.is_current],
        "former": [a for a in appointments if not a.is_current],
        "appointment_fields": visible_fields(viewer, APPOINTMENT_FIELDS),
    }
    return render(request, "focalpoints/member_detail.html", context)
