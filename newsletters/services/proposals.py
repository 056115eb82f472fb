"""Members propose newsletter entries; staff publish them (as they are or
edited) or decline them with a note; the proposer is told by email in their
language."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from focalpoints.services import email_language
from network.core.visibility import viewer_for
from newsletters.choices import EntryStatus
from newsletters.models import Entry

logger = logging.getLogger(__name__)

# The fields a member fills in; the rest (source, region, status) is staff's.
PROPOSAL_FIELDS = ("kind", "title", "summary", "link", "member", "deadline", "language")


class ProposalError(ValidationError):
    """A proposal or a review that cannot be made (limit reached, wrong state)."""


def proposals_left_today(user, now=None):
    """How many more entries ``user`` may propose in the 24 hours up to ``now``.

    Counted in the database rather than in a cache: the limit holds across
    processes and restarts, and one indexed count per proposal is cheap."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=1)
    made = Entry.objects.filter(proposed_by=user, proposed_at__gt=since).count()
    return max(settings.NEWSLETTER_PROPOSALS_PER_DAY - made, 0)


@transaction.atomic
def propose_entry(user, *, themes=(), now=None, **fields):
    """Record ``user``'s proposal as an entry awaiting review. Only members
    (and staff) may propose, at most NEWSLETTER_PROPOSALS_PER_DAY a day."""
    if not viewer_for(user).is_member:
        raise ProposalError(_("Only members of the network may propose entries."))
    # Serialise one user's proposals so two at once cannot both pass the limit.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if proposals_left_today(user, now) < 1:
        limit = settings.NEWSLETTER_PROPOSALS_PER_DAY
        raise ProposalError(
            ngettext(
                "You may propose %(limit)d entry a day; please try again tomorrow.",
                "You may propose %(limit)d entries a day; please try again tomorrow.",
                limit,
            )
            % {"limit": limit}
        )
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise TypeError(f"Not a proposal field: {', '.join(sorted(unknown))}")
    entry = Entry(
        **fields,
        status=EntryStatus.PROPOSED,
        proposed_by=user,
        proposed_at=now or timezone.now(),
    )
    entry.full_clean()
    entry.save()
    entry.themes.set(themes)
    return entry


def _review(entry, status, by, note):
    if entry.status != EntryStatus.PROPOSED:
        raise ProposalError(_("Only a proposal awaiting review can be published or declined."))
    entry.status = status
    entry.reviewed_by = by
    entry.reviewed_at = timezone.now()
    entry.review_note = note
    entry.save()
    if entry.proposed_by_id:
        entry_id = entry.pk
        transaction.on_commit(lambda: send_review_email.enqueue(entry_id))
    return entry


@transaction.atomic
def publish_entry(entry, *, by, note=""):
    """Publish a proposal (edited or not): it becomes public at once."""
    return _review(entry, EntryStatus.PUBLISHED, by, note)


@transaction.atomic
def decline_entry(entry, *, by, note):
    """Decline a proposal; the note tells the proposer why. It never becomes public."""
    if not (note or "").strip():
        raise ProposalError(_("Say why the proposal is declined: the note is sent to its author."))
    return _review(entry, EntryStatus.DECLINED, by, note.strip())


def review_message(entry):
    """The email that tells the proposer what became of their proposal, in the
    language they work in (or None when there is nobody to tell)."""
    user = entry.proposed_by
    if user is None or not user.email:
        return None
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    language = email_language(person) if person is not None else settings.LANGUAGE_CODE
    context = {
        "entry": entry,
        "published": entry.status == EntryStatus.PUBLISHED,
        "entry_url": settings.SITE_URL + entry.get_absolute_url(),
    }
    with translation.override(language):
        subject = render_to_string("newsletters/email/proposal_reviewed_subject.txt", context)
        body = render_to_string("newsletters/email/proposal_reviewed.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[user.email])


def send_review_email_now(entry_id):
    entry = Entry.objects.select_related("proposed_by").filter(pk=entry_id).first()
    message = review_message(entry) if entry is not None else None
    if message is None:
        logger.info("Entry %s was reviewed; nobody to tell.", entry_id)
        return 0
    return message.send()


@task(queue_name="default")
def send_review_email(entry_id):
    """Tell the proposer of an entry what staff decided (off the request)."""
    return send_review_email_now(entry_id)
