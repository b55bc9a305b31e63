"""Writes: the quarterly classification run and the department's rating settings."""

import json
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jinye.engines import rating as engine
from jinye.errors import Invalid, Problem
from jinye.org.models import MarketingDepartment
from jinye.periods import Quarter
from jinye.progress import ProgressFn, no_progress
from jinye.ratings.inputs import ExtraInputs, build_inputs, prior_totals
from jinye.ratings.models import ClassificationRun, RatingSettings, RetailerRating

_BATCH = 2000


def rating_settings_for(department: MarketingDepartment) -> RatingSettings:
    """The department's settings row, created with the defaults on first use."""
    settings_row, _ = RatingSettings.objects.get_or_create(department=department)
    return settings_row


def do_classify_quarter(
    *,
    quarter: str,
    department: MarketingDepartment,
    run_by: User | None = None,
    extra: ExtraInputs | None = None,
    progress: ProgressFn = no_progress,
) -> ClassificationRun:
    """Classify ``department``'s open retailers for ``quarter`` (``"2026Q3"``) and store the
    results with the run (who, when, the rules used), replacing that quarter's earlier
    results in one transaction: a failed run leaves the previous results untouched, and
    earlier quarters are never touched. Raises Invalid on a bad quarter label or
    inconsistent settings (code ``bad_settings``), before anything is written."""
    q = Quarter.parse(quarter)
    label = f"classify {department.code} {q}"
    started = timezone.now()
    with transaction.atomic():
        # Serialise concurrent runs for the same department.
        MarketingDepartment.objects.select_for_update().filter(pk=department.pk).first()
        config = _engine_config(rating_settings_for(department))
        inputs = build_inputs(department, q, extra)
        batches = max(1, -(-inputs.height // _BATCH))
        steps = 2 + batches
        progress(1, steps, label)
        prior = prior_totals(department, q, config.star.quarters - 1)
        result = engine.classify(inputs, quarter=str(q), config=config, prior_totals=prior)
        progress(2, steps, label)
        RetailerRating.objects.filter(
            retailer__area__department=department, quarter=str(q)
        ).delete()
        run = ClassificationRun.objects.create(
            department=department,
            quarter=str(q),
            run_by=run_by,
            started_at=started,
            finished_at=started,
            retailer_count=result.height,
            config=config.as_dict(),
        )
        for done, offset in enumerate(range(0, max(result.height, 1), _BATCH), start=1):
            chunk = result.slice(offset, _BATCH)
            RetailerRating.objects.bulk_create(
                _rating(row, str(q), run) for row in chunk.iter_rows(named=True)
            )
            progress(2 + done, steps, label)
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
    return run


def _rating(row: dict[str, Any], quarter: str, run: ClassificationRun) -> RetailerRating:
    return RetailerRating(
        retailer_id=row["retailer_id"],
        quarter=quarter,
        run=run,
        tier=row["tier"],
        provisional=row["provisional"],
        tier_score=row["tier_score"],
        scale=row["scale"],
        class_code=row["class_code"],
        actual=row["actual"],
        development=row["development"],
        support=row["support"],
        integrity=row["integrity"],
        total=row["total"],
        year_score=row["year_score"],
        star=row["star"],
        explanation=json.loads(row["explanation"]),
    )


def do_update_rating_settings(
    *, department: MarketingDepartment, values: dict[str, Any], updated_by: User
) -> RatingSettings:
    """Save new rules for ``department``; raises ValueError (nothing saved) when a name is
    not a setting or the engine rejects the numbers (weights not summing to 1, thresholds
    not descending, …)."""
    allowed = set(RatingSettings.EDITABLE)
    unknown = sorted(set(values) - allowed)
    if unknown:  # a caller's mistake, not a person's: the forms only offer settings
        raise Invalid(f"not rating settings: {', '.join(unknown)}", code="unknown_setting")
    with transaction.atomic():
        row = rating_settings_for(department)
        for name, value in values.items():
            setattr(row, name, value)
        try:
            row.full_clean(exclude=["department", "updated_by"])
        except ValidationError as exc:  # the model's own field checks
            raise Invalid(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()),
                code="bad_settings",
                problems=[
                    Problem("bad_settings", m, k) for k, v in exc.message_dict.items() for m in v
                ],
            ) from exc
        _engine_config(row)
        row.updated_by = updated_by
        row.save()
    return row


def _engine_config(row: RatingSettings) -> engine.RatingConfig:
    """The engine's configuration from ``row``; Invalid with the engine's reason (English)
    when the rules are inconsistent."""
    try:
        return row.engine_config()
    except ValueError as exc:
        raise Invalid(str(exc), code="bad_settings") from exc
