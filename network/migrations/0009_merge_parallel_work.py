# Joins the migrations of work done in parallel (issues 12-18).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0007_chinese_language'),
        ('network', '0007_library_documents'),
        ('network', '0007_membership_plan_stage_sample_layer'),
        ('network', '0007_text_caps'),
        ('network', '0007_theme_name_translations'),
        ('network', '0008_partner_token_scopes'),
    ]

    operations = [
    ]
