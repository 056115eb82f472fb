"""The sample layer's newsletter work: a draft and a scheduled issue, and
subscriptions in every state — confirmed, awaiting confirmation, bounced,
unsubscribed (``load_demo --sample``; ``remove_sample``). Addresses are at
example.org. Every row made here is marked with a SampleRecord."""

import datetime

from django.db.models import Max
from django.utils import timezone

from network.models import SampleRecord

from .choices import IssueStatus, SuspensionReason
from .models import Issue, Newsletter, Subscription

SUBSCRIPTIONS = 12


def load_sample():
    """Add the sample issues and subscriptions; does nothing if they exist."""
    if SampleRecord.objects.of_model(Issue).exists():
        return "sample newsletter work already loaded"
    newsletter = Newsletter.objects.order_by("pk").first()
    if newsletter is None:
        return "no newsletter to add sample issues to"
    now = timezone.now()
    number = (newsletter.issues.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = Issue.objects.create(
        newsletter=newsletter,
        number=number,
        language="en",
        title="Sample draft issue (fictional)",
        intro="A fictional draft of the sample layer: edit it, add entries, schedule it.",
    )
    scheduled = Issue.objects.create(
        newsletter=newsletter,
        number=number + 1,
        language="en",
        title="Sample scheduled issue (fictional)",
        intro="A fictional issue of the sample layer, scheduled to go out next month.",
    )
    # Scheduled without sending anything: the sample has no real subscribers.
    Issue.objects.filter(pk=scheduled.pk).update(
        status=IssueStatus.SCHEDULED, scheduled_at=now + datetime.timedelta(days=30)
    )
    SampleRecord.objects.mark(draft, scheduled)
    for index in range(SUBSCRIPTIONS):
        state = index % 4
        subscription = Subscription.objects.create(
            newsletter=newsletter,
            email=f"reader.{index}@example.org",
            language=["en", "es", "fr"][index % 3],
            confirmed_at=None if state == 1 else now - datetime.timedelta(days=60),
            suspended_at=now - datetime.timedelta(days=5) if state == 2 else None,
            suspension_reason=SuspensionReason.HARD_BOUNCE if state == 2 else "",
            unsubscribed_at=now - datetime.timedelta(days=10) if state == 3 else None,
        )
        SampleRecord.objects.mark(subscription)
    return (
        f"2 sample issues (draft, scheduled), {SUBSCRIPTIONS} sample subscriptions "
        "(confirmed, unconfirmed, bounced, unsubscribed)"
    )
