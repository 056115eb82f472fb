"""Load the UN M49 regions and the languages people work in, and index search text."""

import csv
from pathlib import Path

from django.conf.locale import LANG_INFO
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from network.migration_operations import trigram_index

M49_FILE = Path(__file__).resolve().parent.parent / "data" / "m49-regions.csv"


def load_regions(apps, schema_editor):
    Region = apps.get_model("network", "Region")
    with M49_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_code = {}

    def region(code, name, level, parent):
        if not code:
            return parent
        if code not in by_code:
            by_code[code], _ = Region.objects.update_or_create(
                code=code, defaults={"name": name, "level": level, "parent": parent}
            )
        return by_code[code]

    for row in rows:
        top = region(row["region_code"], row["region"], "region", None)
        sub = region(row["subregion_code"], row["subregion"], "subregion", top)
        region(row["intermediate_code"], row["intermediate"], "intermediate", sub)


def load_languages(apps, schema_editor):
    Language = apps.get_model("network", "Language")
    for code, info in LANG_INFO.items():
        # Skip regional variants ("en-gb") and fallbacks without a name.
        if "-" in code or "name" not in info:
            continue
        Language.objects.update_or_create(code=code, defaults={"name": info["name"]})


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [
        migrations.RunPython(load_regions, migrations.RunPython.noop),
        migrations.RunPython(load_languages, migrations.RunPython.noop),
        TrigramExtension(),
        trigram_index("network_member"),
        trigram_index("network_organisation"),
    ]
