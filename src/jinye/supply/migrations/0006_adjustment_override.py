from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('supply', '0005_explanation_data'),
    ]

    operations = [
        migrations.AddField(
            model_name='allowanceadjustment',
            name='override',
            field=models.BooleanField(default=False, verbose_name='over the supply or cap by override'),
        ),
    ]
