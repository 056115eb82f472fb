# Joins the migrations of work done in parallel (issues 12-18).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0002_content_translations'),
        ('meetings', '0002_meeting_document_audience'),
        ('meetings', '0002_text_caps'),
        ('meetings', '0003_sent_reminders'),
    ]

    operations = [
    ]
