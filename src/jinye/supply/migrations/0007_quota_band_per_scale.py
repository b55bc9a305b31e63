"""Each scale floats within its own band (seed 000 篇五); a department's earlier single band
becomes its medium band, the large and small bands start at the defaults."""

from django.db import migrations, models


def single_band_to_medium(apps, schema_editor):  # type: ignore[no-untyped-def]
    QuotaPolicy = apps.get_model("supply", "QuotaPolicy")
    for policy in QuotaPolicy.objects.all():
        policy.band_medium = policy.band
        policy.save(update_fields=["band_medium"])


class Migration(migrations.Migration):

    dependencies = [
        ("supply", "0006_adjustment_override"),
    ]

    operations = [
        migrations.AddField(
            model_name="quotapolicy",
            name="band_large",
            field=models.FloatField(default=0.1, verbose_name="floating band: large"),
        ),
        migrations.AddField(
            model_name="quotapolicy",
            name="band_medium",
            field=models.FloatField(default=0.2, verbose_name="floating band: medium"),
        ),
        migrations.AddField(
            model_name="quotapolicy",
            name="band_small",
            field=models.FloatField(default=0.3, verbose_name="floating band: small"),
        ),
        migrations.RunPython(single_band_to_medium, migrations.RunPython.noop),
        migrations.RemoveField(model_name="quotapolicy", name="band"),
        migrations.AlterField(
            model_name="quotapolicy",
            name="minimum_total",
            field=models.PositiveIntegerField(default=10, verbose_name="smallest agreed total"),
        ),
    ]
