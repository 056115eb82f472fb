"""Remove the sample layer (fictional people, meeting, issues …), exactly."""

from django.core.management.base import BaseCommand

from network.sample import remove_sample


class Command(BaseCommand):
    help = (
        "Delete every row of the sample layer that `load_demo --sample` added, with its "
        "history; the real facts stay as they were."
    )

    def handle(self, *args, **options):
        removed = remove_sample()
        if not removed:
            self.stdout.write("No sample data to remove.")
            return
        parts = ", ".join(f"{count} {label}" for label, count in sorted(removed.items()))
        self.stdout.write(self.style.SUCCESS(f"Sample data removed: {parts}."))
