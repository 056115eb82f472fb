"""Load the UN M49 regions and the languages people work in, and index search text."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from network import reference
from network.core.migration_operations import trigram_index


def load_regions(apps, schema_editor):
    reference.load_regions(apps.get_model("network", "Region"))


def load_languages(apps, schema_editor):
    reference.load_languages(apps.get_model("network", "Language"))


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [
        migrations.RunPython(load_regions, migrations.RunPython.noop),
        migrations.RunPython(load_languages, migrations.RunPython.noop),
        TrigramExtension(),
        trigram_index("network_member"),
        trigram_index("network_organisation"),
    ]
