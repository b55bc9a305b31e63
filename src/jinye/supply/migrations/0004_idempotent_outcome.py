"""Idempotency-Key answers record how intake answered (accepted, invalid, forbidden) instead
of an HTTP status, and a stored refusal keeps each problem's code, field and row."""

from django.db import migrations, models

OUTCOME_OF_STATUS = {201: "accepted", 403: "forbidden", 422: "invalid"}
STATUS_OF_OUTCOME = {outcome: status for status, outcome in OUTCOME_OF_STATUS.items()}


def to_outcome(apps, schema_editor):  # type: ignore[no-untyped-def]
    model = apps.get_model("supply", "IdempotentRequest")
    for record in model.objects.exclude(status_code=201).iterator():
        record.outcome = OUTCOME_OF_STATUS.get(record.status_code, "invalid")
        errors = []
        for e in record.response.get("errors", []):
            problem = {"code": "refused", "message": e.get("message", ""), "sku": e.get("sku", "")}
            if e.get("field"):
                problem["field"] = e["field"]
            if e.get("line"):
                problem["row"] = e["line"]
            errors.append(problem)
        record.response = {"detail": record.response.get("detail", ""), "errors": errors}
        record.save(update_fields=["outcome", "response"])


def to_status(apps, schema_editor):  # type: ignore[no-untyped-def]
    model = apps.get_model("supply", "IdempotentRequest")
    for record in model.objects.exclude(outcome="accepted").iterator():
        record.status_code = STATUS_OF_OUTCOME.get(record.outcome, 422)
        errors = [
            {
                "line": e.get("row") or 0,
                "sku": e.get("sku", ""),
                "field": e.get("field", ""),
                "message": e.get("message", ""),
            }
            for e in record.response.get("errors", [])
        ]
        record.response = {"detail": record.response.get("detail", ""), "errors": errors}
        record.save(update_fields=["status_code", "response"])


class Migration(migrations.Migration):
    dependencies = [("supply", "0003_order_cancellation")]

    operations = [
        migrations.AddField(
            model_name="idempotentrequest",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("accepted", "accepted"),
                    ("invalid", "refused by the rules"),
                    ("forbidden", "not allowed"),
                ],
                default="accepted",
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="idempotentrequest",
            name="status_code",
            field=models.PositiveSmallIntegerField(default=201),
        ),
        migrations.RunPython(to_outcome, to_status),
        migrations.RemoveField(model_name="idempotentrequest", name="status_code"),
    ]
