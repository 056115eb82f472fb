# Joins the migrations of work done in parallel (issues 12-18).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('newsletters', '0004_content_translations'),
        ('newsletters', '0004_entry_status_and_proposals'),
        ('newsletters', '0004_text_caps'),
    ]

    operations = [
    ]
