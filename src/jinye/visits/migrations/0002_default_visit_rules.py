"""Default visit rules (domain.md "Visit frequency per star", seed 001 第一篇).

Ranges take their lower bound as the planned minimum (五星 "1–2 per week" → 1 per week);
新增户 is visited like 三星 (4 a month) until it is rated.
"""

from django.db import migrations

DEFAULTS = [
    ("5S2", 1, "week", 1),
    ("5S1", 1, "week", 1),
    ("4S2", 1, "week", 1),
    ("4S1", 1, "week", 1),
    ("3S", 4, "month", 0),
    ("2S", 2, "month", 0),
    ("1S", 1, "month", 0),
    ("NEW", 4, "month", 0),
]


def add_defaults(apps, schema_editor):
    rule = apps.get_model("visits", "VisitRule")
    for star, cm_visits, cm_period, mm_visits in DEFAULTS:
        rule.objects.get_or_create(
            star=star,
            defaults={"cm_visits": cm_visits, "cm_period": cm_period, "mm_visits": mm_visits},
        )


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
