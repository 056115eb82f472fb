"""Restore an archive made by export_archive into an empty, migrated database."""

from django.core.management.base import BaseCommand, CommandError

from network.core.archive import ArchiveError, restore_archive


class Command(BaseCommand):
    help = (
        "Load an archive made by export_archive into this database (migrated, empty) in one "
        "transaction, then compare every table's row count with the archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--force", action="store_true", help="Restore even if the database holds data."
        )

    def handle(self, path, force=False, **options):
        try:
            manifest, counts = restore_archive(path, force=force)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        mismatches = []
        self.stdout.write(f"{'table':45} {'archive':>9} {'restored':>9}")
        for label, expected in sorted(manifest["counts"].items()):
            restored = counts.get(label)
            flag = "" if restored == expected else "  MISMATCH"
            if flag:
                mismatches.append(label)
            if expected or restored:
                self.stdout.write(f"{label:45} {expected:>9} {restored!s:>9}{flag}")
        if mismatches:
            raise CommandError(f"Row counts differ for: {', '.join(mismatches)}")
        self.stdout.write(self.style.SUCCESS(f"Restored {sum(counts.values())} rows."))
