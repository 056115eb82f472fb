# Joins the migrations of work done in parallel (issues 12-18).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('focalpoints', '0005_appointment_as_of'),
        ('focalpoints', '0005_text_caps'),
        ('focalpoints', '0006_verification_requests'),
    ]

    operations = [
    ]
