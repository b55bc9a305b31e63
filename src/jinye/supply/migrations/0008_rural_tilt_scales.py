import django.core.validators
from django.db import migrations, models

import jinye.supply.models


class Migration(migrations.Migration):

    dependencies = [
        ('supply', '0007_quota_band_per_scale'),
    ]

    operations = [
        migrations.RenameField(
            model_name='skusupplyrule',
            old_name='rural_small_tilt',
            new_name='rural_tilt',
        ),
        migrations.AlterField(
            model_name='skusupplyrule',
            name='rural_tilt',
            field=models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1.0)], verbose_name='rural tilt'),
        ),
        migrations.AddField(
            model_name='skusupplyrule',
            name='rural_tilt_scales',
            field=models.JSONField(blank=True, default=jinye.supply.models.default_tilt_scales, verbose_name='scales the rural tilt covers'),
        ),
    ]
