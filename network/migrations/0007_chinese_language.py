"""Chinese, one of the UN's six official languages, which Django names only by
its scripts and the first load of languages therefore skipped."""

from django.db import migrations

from network import reference


def load_languages(apps, schema_editor):
    reference.load_languages(apps.get_model("network", "Language"))


class Migration(migrations.Migration):
    dependencies = [("network", "0006_export_log")]

    operations = [migrations.RunPython(load_languages, migrations.RunPython.noop)]
