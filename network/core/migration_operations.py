"""Migration operations for features only PostgreSQL has.

The project runs on SQLite too (DESIGN.md, Conventions): these operations do
nothing there, and the queries they speed up work the same without them.
"""

from django.db import migrations


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL and is a no-op on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_index(table, column="search_text"):
    """A trigram GIN index that serves ``column LIKE '%word%'`` on PostgreSQL."""
    name = f"{table}_{column}_trgm"
    return PostgreSQLOnly(
        sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)",
        reverse_sql=f"DROP INDEX IF EXISTS {name}",
    )


def trigram_index_updated_in_place(table, column="search_text"):
    """Turn off GIN's fast update on the trigram index of ``table.column``, and
    empty its list of pending entries.

    With fast update, new entries wait in an unsorted list until a vacuum;
    the planner prices that list into every search, and after a bulk import
    (100,000 people: 490 pending pages) it preferred a scan of the whole table,
    67 ms instead of 6 ms (docs/performance.md, run 7). These tables are read
    far more than written, so each write updates the index in place."""
    name = f"{table}_{column}_trgm"
    return PostgreSQLOnly(
        sql=[
            f"ALTER INDEX IF EXISTS {name} SET (fastupdate = off)",
            ("SELECT gin_clean_pending_list(oid) FROM pg_class WHERE relname = %s", [name]),
        ],
        reverse_sql=[f"ALTER INDEX IF EXISTS {name} SET (fastupdate = on)"],
    )


def copy_originals_to_translation_columns(model_name, fields, language_field=None):
    """A RunPython that fills the new per-language columns of ``fields`` from
    the original column: into the English one, or into the column of the
    row's ``language_field`` where the text is written in another language.
    The original column is left as it was."""

    def forwards(apps, schema_editor):
        app_label, name = model_name.split(".")
        model = apps.get_model(app_label, name)
        for row in model.objects.all().iterator():
            language = getattr(row, language_field, "en") if language_field else "en"
            if language not in ("en", "es", "fr"):
                language = "en"
            model.objects.filter(pk=row.pk).update(
                **{f"{field}_{language}": getattr(row, field) for field in fields}
            )

    return migrations.RunPython(forwards, migrations.RunPython.noop)
