"""Trigram index on the entries' search text (PostgreSQL only)."""

from django.db import migrations

from network.core.migration_operations import trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0002_reference_data"),
        ("newsletters", "0001_initial"),
    ]

    operations = [trigram_index("newsletters_entry")]
