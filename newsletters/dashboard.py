"""The newsletters' part of the staff dashboard (network/core/dashboard.py):
addresses that bounced or complained."""

from django.utils.translation import gettext_lazy as _

from network.core import dashboard

from .models import Subscription

dashboard.register(
    "subscriptions-bounced",
    _("Addresses suspended after a bounce or a complaint"),
    count=lambda: Subscription.objects.bounced_or_complained(),
    model="newsletters.subscription",
    query={"state": "bounced"},
    order=60,
)
