"""Trigram indexes for the back office's searches of a million subscriptions
and their deliveries (PostgreSQL only).

The admin searches ``email`` and ``message_id`` with ``icontains``, which
Django writes as ``UPPER(col::text) LIKE UPPER(%s)``: the index is on that
expression, or PostgreSQL reads every row (340 ms for one address among a
million subscriptions; docs/performance.md).
"""

from django.db import migrations

from network.core.migration_operations import PostgreSQLOnly


def upper_trigram_index(table, column):
    name = f"{table}_{column}_upper_trgm"
    return PostgreSQLOnly(
        sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
        f"USING gin ((UPPER(({column})::text)) gin_trgm_ops)",
        reverse_sql=f"DROP INDEX IF EXISTS {name}",
    )


class Migration(migrations.Migration):
    dependencies = [("newsletters", "0002_search_index")]

    operations = [
        upper_trigram_index("newsletters_subscription", "email"),
        upper_trigram_index("newsletters_delivery", "message_id"),
    ]
