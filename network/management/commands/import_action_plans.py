"""``manage.py import_action_plans FILE.csv``: national or regional action plans."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from network.action_plans.importer import NATIONAL_COLUMNS, REGIONAL_COLUMNS, import_action_plans


class Command(BaseCommand):
    help = (
        "Import action plans from a CSV file (UTF-8). National columns: "
        f"{','.join(NATIONAL_COLUMNS)}. Regional columns: {','.join(REGIONAL_COLUMNS)}. "
        "The kind is read from the header row. Any invalid row rejects the whole file, "
        "listing every problem by line and column, unless --skip-invalid. Importing a "
        "file again updates the plans it names; blank cells leave stored values alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, or - for standard input")
        parser.add_argument(
            "--regional",
            action="store_true",
            help="Require a regional file (organisation,plan_name,…).",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and list the invalid ones instead of refusing the file.",
        )
        parser.add_argument(
            "--create-members",
            action="store_true",
            help="Create members the file names that the network does not have yet.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )

    def handle(self, *args, file, regional, skip_invalid, create_members, dry_run, **options):
        if file == "-":
            data, name = sys.stdin.buffer.read(), "stdin"
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"No such file: {file}")
            data, name = path.read_bytes(), path.name
        result = import_action_plans(
            data,
            regional=regional,
            skip_invalid=skip_invalid,
            create_members=create_members,
            dry_run=dry_run,
            source_name=name,
        )
        for error in result.errors:
            self.stderr.write(f"{name}: {error}")
        for notice in result.notices:
            self.stdout.write(self.style.WARNING(notice))
        if result.rejected:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
