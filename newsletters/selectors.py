"""Read-only queries other pages use (home page, member page): each starts
from the visibility policy."""

from django.utils.translation import get_language

from network.core.visibility import viewer_for

from .models import Entry, Issue

MEMBER_ENTRIES = 5


def latest_issue(viewer, language=None):
    """The newest published issue, in ``language`` (the current one by
    default) when its edition exists in it."""
    language = (language or get_language() or "en").split("-")[0]
    issues = Issue.objects.visible_to(viewer_for(viewer)).published().select_related("newsletter")
    newest = issues.order_by("-send_started_at", "-pk").first()
    if newest is None:
        return None
    if newest.language == language:
        return newest
    return (
        issues.filter(
            newsletter_id=newest.newsletter_id, number=newest.number, language=language
        ).first()
        or newest
    )


def entries_for_member(member, viewer, limit=MEMBER_ENTRIES):
    """The newest entries concerning a member (its initiatives, research …)."""
    return list(
        Entry.objects.visible_to(viewer_for(viewer))
        .filter(member=member)
        .order_by("-created_at", "-pk")[:limit]
    )
