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
