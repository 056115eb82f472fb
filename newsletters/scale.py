"""Synthetic newsletters at scale for benchmarks (manage.py seed_scale): the
network's newsletter, entries (one per 50 people, at least 50), 24 sent
issues, 10 N subscriptions (most confirmed, some unsubscribed or suspended)
and the deliveries of the latest issue to every active subscriber."""

import datetime
import hashlib

from network.core.search import normalise
from network.models import Region
from network.scale import REFERENCE_TIME

from .choices import DeliveryStatus, EntryKind, IssueStatus, SuspensionReason
from .markup import render_markdown
from .models import Delivery, Entry, Issue, IssueEntry, Newsletter, Subscription

SUBSCRIPTIONS_PER_PERSON = 10
ISSUES = 24
ENTRIES_PER_ISSUE = 8
SUMMARIES = [
    "A study of **women's participation** in peace negotiations, with data from "
    "[40 processes](https://example.org/study).",
    "How a ministry costed its national action plan, step by step.",
    "Applications are open for a *capacity-building* course on gender analysis.",
    "A regional initiative brings together mediators from five countries.",
]
TITLES = {
    EntryKind.RESEARCH: "New research on",
    EntryKind.BEST_PRACTICE: "Good practice:",
    EntryKind.FUNDING: "Funding call for",
    EntryKind.CAPACITY_BUILDING: "Training on",
    EntryKind.NATIONAL_INITIATIVE: "National initiative on",
    EntryKind.REGIONAL_INITIATIVE: "Regional initiative on",
    EntryKind.EVENT: "Event:",
}


def generate(seeder):
    rng = seeder.rng
    now = REFERENCE_TIME
    members = seeder.context["members"]
    themes = seeder.context["themes"]
    people = seeder.context["people"]
    regions = list(Region.objects.using(seeder.using).values_list("pk", "name"))

    (newsletter_id,) = seeder.reserve(Newsletter, 1)
    slug = f"seed-{seeder.seed}-{newsletter_id}"
    seeder.insert(
        Newsletter,
        ["id", "name", "slug", "description", "default_language", "open_for_subscription",
         "created_at", "updated_at"],
        [(newsletter_id, f"Network newsletter ({slug})", slug,
          "News of the WPS Focal Points Network.", "en", True, now, now)],
    )  # fmt: skip

    html = {summary: str(render_markdown(summary)) for summary in SUMMARIES}
    entry_count = max(50, seeder.people // 50)
    entries, entry_themes = [], []
    for pk in seeder.reserve(Entry, entry_count):
        kind = rng.choice(list(EntryKind.values))
        theme_id, theme_name = rng.choice(themes)
        member = rng.choice(members) if rng.random() < 0.6 else None
        region = rng.choice(regions) if member is None and rng.random() < 0.5 else None
        title = f"{TITLES[kind]} {theme_name.lower()} ({pk})"
        summary = rng.choice(SUMMARIES)
        created = now - datetime.timedelta(days=rng.randrange(0, 2000))
        deadline = (
            (created + datetime.timedelta(days=rng.randrange(10, 120))).date()
            if kind in EntryKind.opportunities()
            else None
        )
        entries.append(
            (pk, kind, title, summary, html[summary], "en", f"https://example.org/entries/{pk}", "",
             member["id"] if member else None, region[0] if region else None, deadline,
             "published" if rng.random() < 0.95 else "draft", "",
             normalise(title, summary, member["name"] if member else "",
                       region[1] if region else ""),
             created, created)
        )  # fmt: skip
        entry_themes.append((pk, theme_id))
    seeder.insert(
        Entry,
        ["id", "kind", "title", "summary", "summary_html", "language", "link", "source",
         "member_id", "region_id", "deadline", "status", "review_note", "search_text", "created_at",
         "updated_at"],
        entries,
    )  # fmt: skip
    seeder.insert(Entry.themes.through, ["entry_id", "theme_id"], entry_themes)

    # Sent issues, one a month back from the reference day, each with entries.
    issue_ids = list(seeder.reserve(Issue, ISSUES))
    published = [row[0] for row in entries if row[11] == "published"]
    issues, issue_entries = [], []
    for number, pk in enumerate(issue_ids, start=1):
        sent = now - datetime.timedelta(days=30 * (ISSUES - number))
        intro = f"Issue {number} of the network's newsletter."
        issues.append(
            (pk, newsletter_id, number, "en", f"Newsletter no. {number}", intro,
             str(render_markdown(intro)), IssueStatus.SENT, None, sent, sent, sent, sent, sent)
        )  # fmt: skip
        for position, entry in enumerate(rng.sample(published, ENTRIES_PER_ISSUE)):
            issue_entries.append((pk, entry, position))
    seeder.insert(
        Issue,
        ["id", "newsletter_id", "number", "language", "title", "intro", "intro_html", "status",
         "scheduled_at", "send_started_at", "send_progress_at", "sent_at", "created_at",
         "updated_at"],
        issues,
    )  # fmt: skip
    seeder.insert(IssueEntry, ["issue_id", "entry_id", "position"], issue_entries)

    # Subscriptions: 10 per person; a tenth linked to people; 90 % active.
    count = seeder.people * SUBSCRIPTIONS_PER_PERSON
    subscription_ids = seeder.reserve(Subscription, count)
    active = []

    def subscription_rows():
        for index, pk in enumerate(subscription_ids):
            requested = now - datetime.timedelta(minutes=rng.randrange(0, 3_000_000))
            roll = rng.random()
            confirmed = requested + datetime.timedelta(hours=1) if roll < 0.97 else None
            unsubscribed = requested + datetime.timedelta(days=30) if 0.90 <= roll < 0.95 else None
            suspended = requested + datetime.timedelta(days=20) if 0.95 <= roll < 0.97 else None
            if confirmed and not unsubscribed and not suspended:
                active.append(pk)
            person = people[index % len(people)] if index % 10 == 0 else None
            token = hashlib.blake2b(f"{seeder.seed}:{pk}".encode(), digest_size=24).hexdigest()
            yield (
                pk, newsletter_id, f"reader{pk}.s{seeder.seed}@example.org", person,
                rng.choice(["en", "en", "es", "fr"]), token, requested, confirmed, unsubscribed,
                suspended, SuspensionReason.HARD_BOUNCE if suspended else "", "", "", None,
                requested, suspended or unsubscribed or confirmed or requested,
            )  # fmt: skip

    seeder.insert(
        Subscription,
        ["id", "newsletter_id", "email", "person_id", "language", "token", "requested_at",
         "confirmed_at", "unsubscribed_at", "suspended_at", "suspension_reason",
         "suspension_detail", "confirmation_nonce", "confirmation_sent_at", "created_at",
         "updated_at"],
        subscription_rows(),
    )  # fmt: skip

    # The latest issue went to every active subscriber (the history of older
    # issues would repeat the same shape).
    latest, sent = issue_ids[-1], issues[-1][11]
    delivery_ids = seeder.reserve(Delivery, len(active))
    seeder.insert(
        Delivery,
        ["id", "issue_id", "subscription_id", "newsletter_id", "number", "status", "attempts",
         "last_error", "next_attempt_at", "sent_at", "message_id", "created_at", "updated_at"],
        ((pk, latest, subscription, newsletter_id, ISSUES, DeliveryStatus.SENT, 1, "", sent, sent,
          f"<seed{seeder.seed}.i{latest}s{subscription}@example.org>", sent, sent)
         for pk, subscription in zip(delivery_ids, active, strict=True)),
    )  # fmt: skip
    return f"{len(entries)} entries, {len(issues)} issues, {count} subscriptions, " + (
        f"{len(active)} deliveries"
    )
