"""Trigram index on the directory's search text (PostgreSQL only)."""

from django.db import migrations

from network.core.migration_operations import trigram_index


class Migration(migrations.Migration):
    dependencies = [("focalpoints", "0001_initial"), ("network", "0002_reference_data")]

    operations = [trigram_index("focalpoints_person")]
