"""The table of the shared cache (network.core.cache_backend.DatabaseCache, CACHE_URL=db://),
created whatever the cache configured now, so that switching to it needs no
extra step. Same columns as ``manage.py createcachetable`` makes."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "wps_cache"


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("network", "0004_partner_tokens")]

    operations = [migrations.RunPython(create_table, drop_table, elidable=False)]
