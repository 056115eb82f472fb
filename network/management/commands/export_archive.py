"""Export every table as a portable archive (see network/core/archive.py)."""

from django.core.management.base import BaseCommand

from network.core.archive import export_archive


class Command(BaseCommand):
    help = "Write all data to a zip archive that restore_archive loads into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the archive, e.g. wps-2026-11-27.zip")

    def handle(self, path, **options):
        manifest = export_archive(path)
        total = sum(manifest["counts"].values())
        self.stdout.write(f"{path}: {total} rows from {len(manifest['counts'])} tables")
        for label, count in sorted(manifest["counts"].items()):
            if count:
                self.stdout.write(f"  {label:45} {count:>9}")
