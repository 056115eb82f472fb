"""Load the demo dataset: real, public facts about the network (idempotent)."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Floor by floor (DESIGN.md, Layout): each app's demo builds on the ones before.
DEMO_MODULES = ["network.demo", "focalpoints.demo", "meetings.demo", "newsletters.demo"]


class Command(BaseCommand):
    help = (
        "Load the demo dataset from the real public facts committed with each app "
        "(network/data, meetings/data and the apps' demo modules): the members present "
        "in Alicante in 2017, the people the Chair's Summary names, the meetings, "
        "commitments and action plans. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        for module_name in DEMO_MODULES:
            with transaction.atomic():
                summary = importlib.import_module(module_name).load()
            self.stdout.write(f"{module_name}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo dataset loaded."))
