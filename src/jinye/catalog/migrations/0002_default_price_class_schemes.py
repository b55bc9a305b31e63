from decimal import Decimal

from django.db import migrations


def create_defaults(apps, schema_editor):
    Scheme = apps.get_model("catalog", "PriceClassScheme")
    defaults = {
        "transfer": ("100", "70", "30", "16.5"),
        "wholesale": ("120", "84", "36", "19.8"),
    }
    for basis, bounds in defaults.items():
        Scheme.objects.get_or_create(
            basis=basis,
            defaults=dict(zip(["class1_min", "class2_min", "class3_min", "class4_min"], map(Decimal, bounds))),
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
