"""No stored stock counts above the domain limit (jinye.limits, 100,000 条), so no sum of them can
overflow: rows entered before the limit existed with a larger value (e.g. 9,223,372,036,854,775,807,
which made the dashboard's SQL sum fail) are removed first: no shop holds or wants that much of
one SKU, so such a value is a typing error, not a figure; the entry is then missing, as if never
made, and can be entered again."""

from django.db import migrations, models

LIMIT = 100_000


def remove_impossible(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("targets", "StockCount").objects.filter(cartons__gt=LIMIT).delete()


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]

    operations = [
        migrations.RunPython(remove_impossible, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="stockcount",
            constraint=models.CheckConstraint(
                condition=models.Q(cartons__lte=LIMIT), name="stock_count_within_limit"
            ),
        ),
    ]
