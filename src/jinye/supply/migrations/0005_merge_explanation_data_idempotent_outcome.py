"""Joins two migrations made side by side (explanation data; intake outcome)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('supply', '0004_explanation_data'),
        ('supply', '0004_idempotent_outcome'),
    ]

    operations = [
    ]
