"""``manage.py delete_unconfirmed_subscriptions``: the daily retention run."""

from django.conf import settings
from django.core.management.base import BaseCommand

from newsletters import services, tasks


class Command(BaseCommand):
    help = (
        "Delete newsletter subscriptions never confirmed within "
        "NEWSLETTER_UNCONFIRMED_RETENTION_DAYS (30) of their request, with their history. "
        "Run it daily (a systemd timer or cron; see docs/security.md), or --enqueue it "
        "for the task worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the task for the background worker instead of running it here.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = tasks.delete_unconfirmed_subscriptions.enqueue()
            self.stdout.write(f"Queued task {result.id}.")
            return
        count = services.delete_unconfirmed_subscriptions()
        days = settings.NEWSLETTER_UNCONFIRMED_RETENTION_DAYS
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {count} subscription(s) unconfirmed for more than {days} days."
            )
        )
