"""Pages of the newsletters: subscribe, confirm, unsubscribe, the archive of
sent issues, the public entries, and the bounce webhook."""

import json
import logging
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.validators import validate_email
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from network.core.visibility import viewer_for

from . import services
from .choices import IssueStatus, SuspensionReason
from .filtersets import EntryFilterSet
from .forms import LanguageForm, ProposalForm, SubscribeForm
from .models import Entry, Issue, Subscription
from .services import messages as message_services

ENTRIES_PER_PAGE = 25
ISSUES_PER_PAGE = 30


def _person_of(request):
    """The logged-in visitor's Person, who asks; the subscription becomes
    theirs only when they confirm from the address (services.confirm_subscription)."""
    user = request.user
    if not user.is_authenticated:
        return None
    return getattr(user, "person", None) if hasattr(user, "person") else None


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """The subscription form, and the viewer's own subscriptions."""
    viewer = viewer_for(request)
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.request_subscription(
                data["newsletter"],
                data["email"],
                data["language"],
                requested_by=_person_of(request),
            )
            return redirect("newsletters:subscribe_done")
    else:
        form = SubscribeForm()
    # The viewer's own subscriptions only, staff included.
    own = (
        Subscription.objects.visible_to(viewer).filter(person_id=viewer.person_id)
        if viewer.person_id
        else Subscription.objects.none()
    )
    latest = Issue.objects.visible_to(viewer).published().select_related("newsletter")
    context = {
        "form": form,
        "own_subscriptions": own.select_related("newsletter"),
        "latest_issues": latest.order_by("-send_started_at")[:3],
    }
    return render(
        request, "newsletters/subscribe.html", context, status=400 if form.errors else 200
    )


@require_GET
def subscribe_done(request):
    """The same answer for every address: known, unknown, active or not."""
    return render(request, "newsletters/subscribe_done.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, key):
    """GET shows a button (link scanners follow GET links); POST confirms."""
    if request.method == "GET":
        outcome = _peek_confirmation(key)
        if outcome is None:
            return render(request, "newsletters/confirm.html", {"key": key})
    else:
        outcome = services.confirm_subscription(key, person_id=viewer_for(request).person_id).code
    status = {"confirmed": 200, "used": 409, "expired": 410, "invalid": 400}[outcome]
    return render(request, "newsletters/confirm_result.html", {"outcome": outcome}, status=status)


def _peek_confirmation(key):
    """Why a confirmation link cannot work, or None if it may."""
    try:
        data = signing.loads(
            key,
            salt=services.CONFIRMATION_SALT,
            max_age=settings.NEWSLETTER_CONFIRMATION_MAX_AGE,
        )
        pk, nonce = int(data["s"]), str(data["n"])
    except signing.SignatureExpired:
        return "expired"
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return "invalid"
    stored = Subscription.objects.filter(pk=pk).values_list("confirmation_nonce", flat=True).first()
    if not stored or not constant_time_compare(stored, nonce):
        return "used"
    return None


@never_cache
@csrf_exempt  # RFC 8058: mail providers POST without cookies or a token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button and never unsubscribes; POST (the button, or a mail
    provider's RFC 8058 one-click ``List-Unsubscribe=One-Click``) does, and
    answers 200."""
    subscription = services.subscription_for_token(token)
    if subscription is None:
        return render(request, "newsletters/link_invalid.html", status=404)
    if request.method == "POST":
        outcome = services.unsubscribe(
            subscription,
            how="one-click" if request.POST.get("List-Unsubscribe") == "One-Click" else "page",
        )
        subscription = outcome.subscription
        just_unsubscribed = outcome.code == "unsubscribed"
    else:
        just_unsubscribed = False
    context = {
        "subscription": subscription,
        "just_unsubscribed": just_unsubscribed,
        "language_form": LanguageForm(initial={"language": subscription.language}),
    }
    return render(request, "newsletters/unsubscribe.html", context)


@never_cache
@csrf_exempt  # RFC 8058: mail providers POST without cookies or a token
@require_http_methods(["GET", "POST"])
def optional_mail_unsubscribe(request, token):
    """The unsubscribe link of an optional message to an audience: GET shows a
    button and changes nothing (mail scanners follow links); POST (the button
    or a provider's one-click) opts the person out of optional mail."""
    person = message_services.person_for_token(token)
    if person is None:
        return render(request, "newsletters/link_invalid.html", status=404)
    just_unsubscribed = False
    if request.method == "POST":
        how = "one-click" if request.POST.get("List-Unsubscribe") == "One-Click" else "page"
        _person, just_unsubscribed = message_services.unsubscribe(token, how=how)
        person.refresh_from_db(fields=["optional_mail_opted_out_at"])
    context = {
        "token": token,
        "opted_out": person.optional_mail_opted_out_at is not None,
        "just_unsubscribed": just_unsubscribed,
    }
    return render(request, "newsletters/optional_mail_unsubscribe.html", context)


@never_cache
@require_POST
def change_language(request, token):
    subscription = services.subscription_for_token(token)
    if subscription is None:
        return render(request, "newsletters/link_invalid.html", status=404)
    form = LanguageForm(request.POST)
    if form.is_valid():
        services.change_language(subscription, form.cleaned_data["language"])
        return render(
            request,
            "newsletters/unsubscribe.html",
            {"subscription": subscription, "language_changed": True, "language_form": form},
        )
    return render(
        request,
        "newsletters/unsubscribe.html",
        {"subscription": subscription, "language_form": form},
        status=400,
    )


@never_cache
@require_POST
def resubscribe(request, token):
    """Subscribe again after unsubscribing: a new confirmation email, as for
    anyone (double opt-in again)."""
    subscription = services.subscription_for_token(token)
    if subscription is None:
        return render(request, "newsletters/link_invalid.html", status=404)
    services.request_subscription(
        subscription.newsletter, subscription.email, subscription.language
    )
    return redirect("newsletters:subscribe_done")


# --- Archive ----------------------------------------------------------------------


def archive(request):
    """Sent issues, newest first, one row per edition with its languages."""
    viewer = viewer_for(request)
    issues = (
        Issue.objects.visible_to(viewer)
        .published()
        .select_related("newsletter")
        .order_by("-send_started_at", "newsletter__name", "-number", "language")
    )
    editions = {}
    for issue in issues:
        editions.setdefault((issue.newsletter_id, issue.number), []).append(issue)
    page = Paginator(list(editions.values()), ISSUES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "newsletters/archive.html", {"page": page})


def issue_edition(request, slug, number):
    """An edition without a language: the reader's language if it exists."""
    viewer = viewer_for(request)
    versions = list(
        Issue.objects.visible_to(viewer)
        .published()
        .filter(newsletter__slug=slug, number=number)
        .select_related("newsletter")
    )
    if not versions:
        raise Http404("No such issue.")
    language = (get_language() or "en").split("-")[0]
    chosen = next((v for v in versions if v.language == language), None) or next(
        (v for v in versions if v.language == v.newsletter.default_language), versions[0]
    )
    return HttpResponseRedirect(chosen.get_absolute_url())


def issue_detail(request, slug, number, language):
    viewer = viewer_for(request)
    issue = get_object_or_404(
        Issue.objects.visible_to(viewer).select_related("newsletter"),
        newsletter__slug=slug,
        number=number,
        language=language,
    )
    entries = [
        ie.entry
        for ie in issue.issue_entries.select_related("entry__member", "entry__region").filter(
            entry__in=Entry.objects.visible_to(viewer)
        )
    ]
    other_versions = (
        Issue.objects.visible_to(viewer)
        .filter(newsletter_id=issue.newsletter_id, number=issue.number)
        .exclude(pk=issue.pk)
        .order_by("language")
    )
    context = {
        "issue": issue,
        "entries": entries,
        "other_versions": other_versions,
        "is_preview": issue.status not in (IssueStatus.SENDING, IssueStatus.SENT),
    }
    return render(request, "newsletters/issue_detail.html", context)


# --- Entries ----------------------------------------------------------------------


def entry_list(request):
    """Public entries by kind, theme, member and region: the map of national
    and regional WPS actions."""
    viewer = viewer_for(request)
    queryset = (
        Entry.objects.visible_to(viewer)
        .select_related("member", "region")
        .prefetch_related("themes")
    )
    filterset = EntryFilterSet(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        entries = Entry.objects.none()
        status = 400
    else:
        entries = filterset.qs
        status = 200
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filterset": filterset, "page": page, "query": query.urlencode()}
    return render(request, "newsletters/entry_list.html", context, status=status)


def entry_detail(request, pk):
    viewer = viewer_for(request)
    entry = get_object_or_404(
        Entry.objects.visible_to(viewer).select_related("member", "region"), pk=pk
    )
    issues = (
        Issue.objects.visible_to(viewer)
        .published()
        .filter(issue_entries__entry=entry)
        .select_related("newsletter")
        .order_by("-send_started_at")
    )
    return render(
        request,
        "newsletters/entry_detail.html",
        {"entry": entry, "themes": entry.themes.all(), "issues": issues},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def propose(request):
    """A member proposes an entry; it waits for the secretariat's review. The
    page lists the member's own proposals and what became of them."""
    viewer = viewer_for(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not viewer.is_member:
        raise PermissionDenied(
            _(
                "Proposing entries is open to members of the network. Your account is not "
                "linked to an entry in the directory: write to the secretariat."
            )
        )
    form = ProposalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            themes = data.pop("themes")
            try:
                services.propose_entry(request.user, themes=themes, **data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                return redirect(f"{request.path}?sent=1")
        status = 400
    own = (
        Entry.objects.visible_to(viewer)
        .filter(proposed_by_id=request.user.pk)
        .order_by("-proposed_at")[:20]
    )
    context = {
        "form": form,
        "own_proposals": own,
        "sent": request.GET.get("sent") == "1" and request.method == "GET",
        "left_today": services.proposals_left_today(request.user),
    }
    return render(request, "newsletters/propose.html", context, status=status)


# --- Bounces ----------------------------------------------------------------------


@csrf_exempt
@require_POST
def bounce_webhook(request):
    """A generic, authenticated bounce and complaint endpoint for mail relays
    that django-anymail does not know: ``Authorization: Bearer <token>`` and a
    JSON body ``{"email": ..., "type": "hard_bounce" | "complaint",
    "detail": ...}``. Suspends every subscription of the address."""
    expected = settings.NEWSLETTER_WEBHOOK_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not expected or not given or not constant_time_compare(given, expected):
        return JsonResponse({"error": "authentication required"}, status=401)
    try:
        payload = json.loads(request.body)
        email = str(payload["email"]).strip()
        kind = str(payload["type"])
        detail = str(payload.get("detail", ""))
        validate_email(email)
    except (ValueError, KeyError, TypeError, ValidationError):
        return JsonResponse(
            {"error": "expected JSON with a valid 'email' and a 'type'"}, status=400
        )
    if kind not in (SuspensionReason.HARD_BOUNCE, SuspensionReason.COMPLAINT):
        return JsonResponse({"error": "'type' must be 'hard_bounce' or 'complaint'"}, status=400)
    services.suspend_address(email, kind, detail)
    # The same answer whether or not the address was known.
    return JsonResponse({"status": "accepted"}, status=202)


def anymail_tracking_patterns():
    """django-anymail's tracking webhook URLs, answering only for the
    providers of ANYMAIL_WEBHOOK_PROVIDERS (a 404 for any other, read at each
    request), and a body they cannot read with a 400 rather than a 500."""
    from anymail.urls import urlpatterns as anymail_patterns

    return [
        URLPattern(
            pattern.pattern,
            _configured_provider_only(
                pattern.name.removesuffix("_tracking_webhook"), pattern.callback
            ),
            name=pattern.name,
        )
        for pattern in anymail_patterns
        if pattern.name.endswith("_tracking_webhook")
    ]


def _configured_provider_only(provider, view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if provider not in settings.ANYMAIL_WEBHOOK_PROVIDERS:
            raise Http404("No such webhook.")
        try:
            return view(request, *args, **kwargs)
        except (AttributeError, KeyError, TypeError, ValueError, IndexError):
            # A provider's payload of the wrong shape ([{"event": "bounce"}]).
            logging.getLogger(__name__).warning("Unreadable %s webhook body", provider)
            return HttpResponseBadRequest("The body is not a webhook payload of this provider.")

    return csrf_exempt(wrapper)
