"""Export all data as a portable archive and restore it into an empty database.

The archive is a zip file holding ``manifest.json`` (format, creation time,
the migration each app was at, and the row count of every model) and
``data.jsonl`` (Django's serialisation, one object per line, with natural keys
for content types, so it loads into any database of the same schema: SQLite
to PostgreSQL and back). Transient tables (sessions, login attempts, task
results) and rows that ``migrate`` recreates (content types, permissions) are
left out.
"""

import datetime
import io
import json
import tempfile
import zipfile
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.dispatch import Signal
from django.test.utils import override_settings

from network.core.search import suspend_search_refresh

FORMAT = "wps-archive/1"
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    "django_tasks_database",
]


def archived_models():
    """The models whose rows the archive holds, by label."""
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded_models
        and model._meta.managed
        and not model._meta.proxy
    ]


def row_counts():
    return {model._meta.label_lower: model._default_manager.count() for model in archived_models()}


def _migration_state():
    recorder = MigrationRecorder(connection)
    latest = {}
    for app_label, name in recorder.applied_migrations():
        latest[app_label] = max(latest.get(app_label, ""), name)
    return latest


def export_archive(path):
    """Write the archive to ``path``; returns the manifest."""
    with tempfile.TemporaryDirectory() as workdir:
        data_file = Path(workdir) / "data.jsonl"
        # One consistent snapshot: counts and rows from the same transaction.
        with transaction.atomic():
            counts = row_counts()
            call_command(
                "dumpdata",
                *[f"--exclude={label}" for label in EXCLUDED],
                format="jsonl",
                natural_foreign=True,
                output=str(data_file),
                verbosity=0,
            )
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": connection.vendor,
            "migrations": _migration_state(),
            "counts": counts,
        }
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
            archive.write(data_file, "data.jsonl")
    return manifest


class ArchiveError(Exception):
    """The archive cannot be restored here; the message says why."""


def read_manifest(path):
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read("manifest.json"))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ArchiveError(f"{path} is not an archive made by export_archive: {error}") from error
    if manifest.get("format") != FORMAT:
        raise ArchiveError(f"Unknown archive format {manifest.get('format')!r}; expected {FORMAT}.")
    return manifest


def database_holds_data():
    """True when any archived table has rows other than migration-loaded reference data."""
    reference = {"network.region", "network.language"}
    return any(count for label, count in row_counts().items() if label not in reference)


# Sent inside the restore's transaction, once every row is loaded: apps
# rebuild what they derive and an older archive did not carry.
archive_restored = Signal()


def restore_archive(path, *, force=False):
    """Load the archive into this database in one transaction.

    Refuses a database that already holds data unless ``force``; returns
    (manifest, counts after restore). Nothing is written when anything fails.
    """
    manifest = read_manifest(path)
    current = _migration_state()
    behind = {
        app: name for app, name in manifest["migrations"].items() if current.get(app, "") < name
    }
    if behind:
        raise ArchiveError(
            "This database is behind the archive's schema; run `manage.py migrate` first "
            f"({', '.join(f'{app} {name}' for app, name in sorted(behind.items()))})."
        )
    if database_holds_data() and not force:
        raise ArchiveError("This database already holds data; restore into an empty one.")
    with tempfile.TemporaryDirectory() as workdir:
        with zipfile.ZipFile(path) as archive:
            archive.extract("data.jsonl", workdir)
        # The archive holds the history rows as they were; loading the rows they
        # describe must not write new ones (m2m changes would).
        with (
            transaction.atomic(),
            suspend_search_refresh(),
            override_settings(SIMPLE_HISTORY_ENABLED=False),
        ):
            call_command(
                "loaddata", str(Path(workdir) / "data.jsonl"), verbosity=0, stdout=io.StringIO()
            )
            _reset_sequences()
            # A column derived from others that an older archive does not
            # hold (a search text) is made again by the app that keeps it.
            archive_restored.send(sender=restore_archive, manifest=manifest)
    return manifest, row_counts()


def _reset_sequences():
    # Rows were inserted with their ids; PostgreSQL's sequences must move past them.
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), archived_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
