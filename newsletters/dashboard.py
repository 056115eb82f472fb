"""The newsletters' part of the staff dashboard (network/core/dashboard.py):
members' proposed entries awaiting review, addresses that bounced or complained."""

from django.utils.translation import gettext_lazy as _

from network.core import dashboard

from .choices import EntryStatus
from .models import Entry, Subscription

dashboard.register(
    "entries-proposed",
    _("Proposed entries awaiting review"),
    count=lambda: Entry.objects.filter(status=EntryStatus.PROPOSED),
    model="newsletters.entry",
    query={"status__exact": EntryStatus.PROPOSED},
    order=55,
)
dashboard.register(
    "subscriptions-bounced",
    _("Addresses suspended after a bounce or a complaint"),
    count=lambda: Subscription.objects.bounced_or_complained(),
    model="newsletters.subscription",
    query={"state": "bounced"},
    order=60,
)
