"""The trigram indexes of newsletter entries' search text update in place (no pending list): their
searches keep the index's speed right after a bulk import or many saves
(network.core.migration_operations.trigram_index_updated_in_place)."""

from django.db import migrations

from network.core.migration_operations import trigram_index_updated_in_place


class Migration(migrations.Migration):
    dependencies = [("newsletters", "0008_text_caps_on_new_fields")]

    operations = [trigram_index_updated_in_place("newsletters_entry")]
