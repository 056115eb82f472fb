"""Load the demo dataset: real, public facts about the network (idempotent),
and with --sample a fictional layer on top."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from network.sample import load_sample

# Floor by floor (DESIGN.md, Layout): each app's demo builds on the ones before.
DEMO_MODULES = ["network.demo", "focalpoints.demo", "meetings.demo", "newsletters.demo"]


class Command(BaseCommand):
    help = (
        "Load the demo dataset from the real public facts committed with each app "
        "(network/data, meetings/data and the apps' demo modules): the members as the "
        "communiqués name them, every action plan of network/data, the people the Chair's "
        "Summary names, the meetings and commitments. Running it again changes nothing. "
        "With --sample, also a fictional sample layer (removed by remove_sample)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sample",
            action="store_true",
            help="Also add the fictional sample layer: people at example.org, an upcoming "
            "meeting with a waiting list, progress updates, draft and scheduled issues, "
            "subscriptions. Marked on every page; `manage.py remove_sample` removes it.",
        )

    def handle(self, *args, **options):
        for module_name in DEMO_MODULES:
            with transaction.atomic():
                summary = importlib.import_module(module_name).load()
            self.stdout.write(f"{module_name}: {summary}")
        if options["sample"]:
            for summary in load_sample():
                self.stdout.write(f"sample: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo dataset loaded."))
