from django.db import migrations


def load(apps, schema_editor):
    from jinye.engines.careers import default_standards

    TierStandard = apps.get_model("people", "TierStandard")
    for s in default_standards():
        TierStandard.objects.update_or_create(
            rank=s.rank,
            defaults={
                "min_score": s.min_score,
                "min_months_in_post": s.min_months_in_post,
                "min_months_at_level": s.min_months_at_level,
                "min_education": int(s.min_education),
                "training_required": s.training_required,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("people", "TierStandard").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
