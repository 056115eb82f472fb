"""Pages of the members' directory: search, a person's entry and vCard, one's own
profile, invitations and verification links, and the staff's verification list."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from network.api.pagination import CachedCountPaginator
from network.core.audit import log_personal_data_export
from network.core.caching import query_key, shared_within_audience
from network.core.visibility import APPOINTMENT_FIELDS, PERSON_FIELDS, viewer_for, visible_fields
from network.sample import sample_ids

from . import services
from .choices import Role
from .filtersets import DirectoryFilterSet
from .forms import InvitationForm, ProfileForm, VerificationForm
from .models import Appointment, Person, today
from .rows import people_names, post_rows
from .tokens import InvalidLink, LinkProblem, read_invitation_token, read_verification_token
from .vcard import person_vcard

# Pages with personal data are never kept by browsers' or proxies' caches
# (never_cache below): a shared computer must not show them to the next user.

# How a signed link that cannot be used is answered: forged links are bad
# requests; expired and used ones are gone for good.
LINK_PROBLEM_STATUS = {LinkProblem.FORGED: 400, LinkProblem.EXPIRED: 410, LinkProblem.USED: 410}


def _members_only(request):
    """None when the viewer may use the directory; else the answer to give:
    the log-in page for visitors, 403 for accounts linked to nobody."""
    if viewer_for(request).is_member:
        return None
    if request.user.is_authenticated:
        raise PermissionDenied(
            _(
                "The directory is open to members of the network. Your account is not "
                "linked to an entry in it: write to the secretariat."
            )
        )
    return redirect_to_login(request.get_full_path())


def _page_size(request):
    sizes = settings.DIRECTORY_PAGE_SIZES
    try:
        size = int(request.GET.get("per_page", sizes[0]))
    except (TypeError, ValueError):
        return sizes[0]
    return size if size in sizes else sizes[0]


# A person's posts as lists show them: current ones (no end) first.
POST_ORDER = ("end_on", "-start_on", "pk")


def _posts(viewer):
    """Prefetch of the appointments a viewer may see, with what a list shows of them."""
    return Prefetch(
        "appointments",
        queryset=Appointment.objects.visible_to(viewer)
        .select_related("member", "organisation")
        .order_by(*POST_ORDER),
    )


@never_cache
def person_list(request):
    """The directory: one search box and filters over everyone, members and staff only.

    A constant number of queries whatever the page size: the page of people,
    its count, one prefetch of their posts, and the choices of the filters;
    none of them while the audience's rendering of the same query is cached.
    """
    answer = _members_only(request)
    if answer is not None:
        return answer
    # The results depend on the viewer's audience alone (members and staff
    # see everyone, with the fields of their audience): shared within it.
    body = shared_within_audience(
        request,
        f"directory:{query_key(request)}",
        lambda: render_to_string(
            "focalpoints/_person_list_body.html", _directory_context(request), request
        ),
    )
    return render(request, "focalpoints/person_list.html", {"body": body})


def _directory_context(request):
    """The directory's filters, count, page and rows for ``request``'s query."""
    viewer = viewer_for(request)
    filterset = DirectoryFilterSet(
        request.GET, queryset=Person.objects.visible_to(viewer), request=request
    )
    people = filterset.qs if filterset.is_valid() else Person.objects.none()
    per_page = _page_size(request)
    # The number found is cached per query until the data changes, as the API's.
    page = CachedCountPaginator(people, per_page).get_page(request.GET.get("page"))
    # The page's people and the posts the viewer may see of them, read as
    # values (focalpoints.rows): two queries, no model instances.
    found = people_names(page.object_list)
    fields = visible_fields(viewer, APPOINTMENT_FIELDS)
    posts = {}
    for post in post_rows(
        Appointment.objects.visible_to(viewer)
        .filter(person_id__in=[person.pk for person in found])
        .order_by(*POST_ORDER),
        fields,
    ):
        posts.setdefault(post.person_id, []).append(post)
    return {
        "filterset": filterset,
        "page": page,
        "rows": directory_rows(
            found,
            posts,
            today(),
            filterset.choices["member_names"],
            sample_ids=sample_ids(Person),
        ),
        "per_page": per_page,
        "page_sizes": settings.DIRECTORY_PAGE_SIZES,
        "on": today(),
        "show_contact": "work_email" in fields,
    }


def directory_rows(people, posts_of, on, members, *, sample_ids=frozenset()):
    """What the directory's table shows of each of ``people``
    (``PersonNames``) and of their posts (``posts_of``: ``PostRow``s by
    person id), as plain strings.

    The template then only prints them: resolving a role's label, a member's
    name in the reader's language (django-countries) and a person's URL once
    per post through template lookups cost about 2 ms a person
    (docs/performance.md). ``members`` names members in the reader's language
    (the filters' cached choices); the words are the template's own.
    """
    roles = {value: str(label) for value, label in Role.choices}
    former, until = _("Former"), _("until")
    person_url = Person.url_format()
    rows = []
    for person in people:
        posts = []
        for post in posts_of.get(person.pk, ()):
            where = members.get(post.member_id) if post.member_id else str(post.organisation)
            text = f"{roles.get(post.role, post.role)}, {where}"
            if post.is_current_on(on):
                if post.position:
                    text += f" — {post.position}"
                posts.append({"current": True, "text": text, "work_email": post.work_email})
            elif post.is_dated:
                # Known only from a dated record: neither current nor former.
                text += f" — {post.as_of_display}"
                posts.append({"current": False, "text": text, "work_email": ""})
            else:
                if post.end_on:
                    text += f" ({until} {post.end_on.year})"
                posts.append({"current": False, "text": f"{former}: {text}", "work_email": ""})
        rows.append(
            {
                "url": person_url.format(person.pk),
                "name": person.full_name,
                "posts": posts,
                "sample": person.pk in sample_ids,
            }
        )
    return rows


def _visible_person_or_answer(request, pk):
    """The person ``pk`` if the viewer may see them. Otherwise visitors are sent
    to log in (whether or not the person exists, which it does not reveal) and
    logged-in users get a 404."""
    viewer = viewer_for(request)
    person = (
        Person.objects.visible_to(viewer)
        .filter(pk=pk)
        .prefetch_related("languages", "expertise", _posts(viewer))
        .first()
    )
    if person is not None:
        return person, None
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    raise Http404(_("No person with this number is in the directory."))


@never_cache
def person_detail(request, pk):
    """A person's current and past posts, and their details as the policy allows."""
    person, answer = _visible_person_or_answer(request, pk)
    if answer is not None:
        return answer
    viewer = viewer_for(request)
    on = today()
    posts = list(person.appointments.all())
    own = viewer.owns_person(person.pk)
    context = {
        "person": person,
        "current": [post for post in posts if post.is_current_on(on)],
        "former": [post for post in posts if not post.is_current_on(on) and not post.is_dated],
        "is_sample": person.pk in sample_ids(Person),
        "dated": [post for post in posts if post.is_dated],
        "fields": visible_fields(viewer, PERSON_FIELDS, own=own),
        "appointment_fields": visible_fields(viewer, APPOINTMENT_FIELDS),
        "own": own,
    }
    return render(request, "focalpoints/person_detail.html", context)


@never_cache
def person_vcard_download(request, pk):
    """The person's entry as a vCard (RFC 6350) with only what the viewer may see."""
    person, answer = _visible_person_or_answer(request, pk)
    if answer is not None:
        return answer
    viewer = viewer_for(request)
    on = today()
    current = [post for post in person.appointments.all() if post.is_current_on(on)]
    text = person_vcard(person, current, viewer, own=viewer.owns_person(person.pk))
    if not viewer.is_public:
        # The public's vCard holds only what the public page shows: logging it
        # would be a write per anonymous request (issue 12), for no record.
        log_personal_data_export(
            request,
            dataset=Person,
            export_format="vcard",
            surface="site",
            rows=1,
            person_id=person.pk,
        )
    response = HttpResponse(text, content_type="text/vcard; charset=utf-8")
    filename = slugify(person.name) or f"person-{person.pk}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.vcf"'
    return response


def _own_person(request):
    return (
        Person.objects.filter(user=request.user)
        .prefetch_related("languages", "expertise", _posts(viewer_for(request)))
        .first()
    )


@never_cache
@login_required
def profile(request):
    """A member edits their own entry: what services.SELF_SERVICE_FIELDS allows."""
    person = _own_person(request)
    if person is None:
        return render(request, "focalpoints/profile_unlinked.html")
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if changes:
            services.update_own_profile(person, changes, by=request.user)
            messages.success(request, _("Your changes are saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("focalpoints:profile")
    on = today()
    context = {
        "person": person,
        "form": form,
        "current": [post for post in person.appointments.all() if post.is_current_on(on)],
        "due": Person.objects.due_for_verification().filter(pk=person.pk).exists(),
    }
    return render(request, "focalpoints/profile.html", context)


@login_required
@require_POST
def confirm_own_details(request):
    """A member confirms that their entry is current."""
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        raise Http404(_("Your account is not linked to an entry in the directory."))
    services.confirm_details(person, by=request.user)
    messages.success(request, _("Thank you: your details are recorded as current."))
    return redirect("focalpoints:profile")


def _link_problem(request, problem, template):
    return render(request, template, {"problem": problem}, status=LINK_PROBLEM_STATUS[problem])


@never_cache
def accept_invitation(request, token):
    """Open the account an invitation offers: choose a password, and be logged in.

    A forged, expired or used link gets a page saying so, and nothing is written.
    """
    try:
        person, email = read_invitation_token(token)
    except InvalidLink as error:
        return _link_problem(request, error.problem, "registration/invitation_invalid.html")
    form = InvitationForm(email, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(person, email, form.cleaned_data["new_password1"])
        except ValidationError:
            return _link_problem(request, LinkProblem.USED, "registration/invitation_invalid.html")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome, %(name)s. Your account is open; please check your entry.")
            % {"name": person.name},
        )
        return redirect("focalpoints:profile")
    context = {"form": form, "person": person, "email": email}
    return render(request, "registration/invitation_accept.html", context)


@never_cache
def verify_by_link(request, token):
    """Confirm or correct one's entry through a signed link, without a password.

    The link works once: confirming changes what it was signed for.
    """
    try:
        person = read_verification_token(token)
    except InvalidLink as error:
        return _link_problem(request, error.problem, "focalpoints/verification_invalid.html")
    form = VerificationForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.confirm_details(
            person, changes=form.changes(), message=form.cleaned_data.get("message", "")
        )
        return render(request, "focalpoints/verification_done.html", {"person": person})
    on = today()
    posts = person.appointments.select_related("member", "organisation")
    context = {
        "form": form,
        "person": person,
        "current": [post for post in posts if post.is_current_on(on)],
    }
    return render(request, "focalpoints/verification_form.html", context)


def staff_only(*permissions):
    """Visitors are sent to log in; logged-in users who are not staff in the
    visibility policy (verified by their second factor) or lack one of
    ``permissions`` get a 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            viewer = viewer_for(request)
            if not viewer.is_staff or not all(viewer.can(perm) for perm in permissions):
                raise PermissionDenied(_("This page is for the secretariat."))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


@never_cache
@staff_only("focalpoints.view_person", "focalpoints.change_person")
def verification_list(request):
    """Staff: the entries nobody has confirmed within the verification interval,
    and verification requests to send for them."""
    due = Person.objects.due_for_verification().order_by("verified_at", "family_name", "pk")
    if request.method == "POST":
        # Ids only: ASCII digits ("²" passes isdigit() but not int()), at most
        # 18 of them (a longer number overflows the database's integer).
        ids = [
            int(value)
            for value in request.POST.getlist("person")
            if value.isascii() and value.isdigit() and len(value) <= 18
        ]
        sent, problems = 0, []
        for person in due.filter(pk__in=ids):
            try:
                services.send_verification_request(person, by=request.user)
                sent += 1
            except ValidationError as error:
                problems.append(" ".join(error.messages))
        if sent:
            messages.success(
                request,
                ngettext(
                    "%(count)d verification request sent.",
                    "%(count)d verification requests sent.",
                    sent,
                )
                % {"count": sent},
            )
        for problem in problems:
            messages.error(request, problem)
        if not ids:
            messages.error(request, _("Select the people to write to."))
        return redirect(request.get_full_path())
    page = Paginator(due.prefetch_related(_posts(viewer_for(request))), 50).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "on": today(), "days": settings.VERIFICATION_INTERVAL_DAYS}
    return render(request, "focalpoints/verification_list.html", context)
