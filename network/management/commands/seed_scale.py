"""Generate a deterministic synthetic dataset at scale, for benchmarks."""

import importlib
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from network.core.caching import bump_data_generation
from network.models import Member
from network.scale import Seeder

# Floor by floor (DESIGN.md, Layout): each app's generator builds on the ones before.
SCALE_MODULES = ["network.scale", "focalpoints.scale", "meetings.scale", "newsletters.scale"]

# Tables whose rows are the network's own data. Reference data that the
# migrations load (M49 regions, languages) and accounts do not count: a
# freshly migrated database, with or without a staff account, is empty.
DATA_MODELS = [
    "network.Member",
    "network.Organisation",
    "network.ActionPlan",
    "focalpoints.Person",
    "focalpoints.Appointment",
    "meetings.Meeting",
    "meetings.Commitment",
    "newsletters.Entry",
    "newsletters.Subscription",
]


def rows_of_data(using):
    """``{model label: count}`` for the data tables that hold rows."""
    from django.apps import apps

    found = {}
    for label in DATA_MODELS:
        model = apps.get_model(label)
        if model._base_manager.using(using).exists():
            found[label] = model._base_manager.using(using).count()
    return found


class Command(BaseCommand):
    help = (
        "Fill the database with a deterministic synthetic network for benchmarks: about 200 "
        "members, N people, 1.5 N appointments, 200 meetings with their agendas, "
        "registrations and commitments, entries, 10 N subscriptions and the deliveries of an "
        "issue. Refuses a database that already holds members, people, meetings, entries or "
        "subscriptions, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True, help="How many people (N).")
        parser.add_argument(
            "--seed", type=int, default=1325, help="Seed of the generator (default 1325)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add the synthetic data beside rows that are already there.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, people, seed, force, database, **options):
        if people < 1:
            raise CommandError("--people must be at least 1.")
        existing = rows_of_data(database)
        if existing and not force:
            listed = ", ".join(f"{count} {label}" for label, count in existing.items())
            raise CommandError(
                f"This database already holds data ({listed}). seed_scale writes synthetic "
                "rows for benchmarks and refuses to mix them with real ones: use an empty "
                "database, or --force to add them anyway."
            )
        seeder = Seeder(people, seed=seed, using=database)
        started = time.perf_counter()
        with transaction.atomic(using=database):
            for module_name in SCALE_MODULES:
                step = time.perf_counter()
                summary = importlib.import_module(module_name).generate(seeder)
                self.stdout.write(f"{module_name}: {summary} ({time.perf_counter() - step:.1f} s)")
            seeder.finish()
        # COPY sends no signals: tell the caches that the data changed.
        bump_data_generation(Member)
        if connections[database].vendor == "postgresql":
            # Statistics for the planner, now that the rows are committed, and
            # the visibility map that index-only scans (the public's count of
            # people) need, as autovacuum would set soon after a bulk load.
            # (VACUUM cannot run inside a transaction, a test's: ANALYZE alone.)
            vacuum = not connections[database].in_atomic_block
            with connections[database].cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
        total = sum(seeder.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{total:,} rows in {time.perf_counter() - started:.1f} s (seed {seed})."
            )
        )
