"""No stored stock seen on visits above the domain limit (jinye.limits, 100,000 条), so no sum of them can
overflow: rows entered before the limit existed with a larger value (e.g. 9,223,372,036,854,775,807,
which made the dashboard's SQL sum fail) are removed first: no shop holds or wants that much of
one SKU, so such a value is a typing error, not a figure; the entry is then missing, as if never
made, and can be entered again."""

from django.db import migrations, models

LIMIT = 100_000


def remove_impossible(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("visits", "VisitSkuInfo").objects.filter(stock__gt=LIMIT).delete()


class Migration(migrations.Migration):
    dependencies = [("visits", "0002_default_visit_rules")]

    operations = [
        migrations.RunPython(remove_impossible, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="visitskuinfo",
            constraint=models.CheckConstraint(
                condition=models.Q(stock__lte=LIMIT), name="visit_sku_stock_within_limit"
            ),
        ),
    ]
