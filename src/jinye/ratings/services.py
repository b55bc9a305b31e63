"""Writes: the quarterly classification run and the department's rating settings."""

import json
from dataclasses import dataclass
from datetime import date
from math import ceil

import polars as pl
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from jinye.engines import rating as engine
from jinye.orders.models import OrderLine, OrderStatus
from jinye.org.models import MarketingDepartment
from jinye.progress import ProgressFn, no_progress
from jinye.ratings.models import ClassificationRun, RatingSettings, RetailerRating
from jinye.ratings.quarters import Quarter
from jinye.retailers.models import Retailer, RetailerStatus

HIGH_STRUCTURE_CLASSES = (1, 2)  # 一二类: 'high structure' (domain.md)
_BATCH = 2000


@dataclass(frozen=True)
class ExtraInputs:
    """Per-retailer inputs other apps will supply (visits: support score; inspections:
    compliance flags). Absent retailers score neutral support and a clean record."""

    support_scores: dict[int, float]
    compliance_flags: dict[int, int]


def rating_settings_for(department: MarketingDepartment) -> RatingSettings:
    """The department's settings row, created with the defaults on first use."""
    settings_row, _ = RatingSettings.objects.get_or_create(department=department)
    return settings_row


def _sales(lines: QuerySet[OrderLine], quarter: Quarter) -> pl.DataFrame:
    rows = (
        lines.filter(order__order_date__gte=quarter.start, order__order_date__lte=quarter.end)
        .values("order__retailer_id")
        .annotate(
            amount=Sum("amount"),
            volume=Sum("quantity"),
            high_volume=Sum("quantity", filter=Q(sku__price_class__in=HIGH_STRUCTURE_CLASSES)),
        )
        .values_list("order__retailer_id", "amount", "volume", "high_volume")
    )
    return pl.DataFrame(
        [(r, float(a or 0), float(v or 0), float(h or 0)) for r, a, v, h in rows],
        schema={
            "retailer_id": pl.Int64,
            "amount": pl.Float64,
            "volume": pl.Float64,
            "high_volume": pl.Float64,
        },
        orient="row",
    )


def _history_weeks(opened_on: date, quarter: Quarter) -> int:
    """13 for a retailer open since the quarter began, else its weeks in the quarter (1–12)."""
    if opened_on <= quarter.start:
        return 13
    return min(12, max(1, ceil(((quarter.end - opened_on).days + 1) / 7)))


def build_inputs(
    department: MarketingDepartment, quarter: Quarter, extra: ExtraInputs | None = None
) -> pl.DataFrame:
    """The engine's input frame: open retailers opened by the quarter's end, with their
    quarter's and last year's same-quarter sales (cancelled orders excluded)."""
    retailers = Retailer.objects.filter(
        area__department=department, status=RetailerStatus.OPEN, opened_on__lte=quarter.end
    ).values_list("id", "opened_on", "location_type", "business_format")
    extra = extra or ExtraInputs({}, {})
    base = pl.DataFrame(
        [
            (
                rid,
                _history_weeks(opened, quarter),
                loc,
                fmt,
                extra.support_scores.get(rid),
                extra.compliance_flags.get(rid),
            )
            for rid, opened, loc, fmt in retailers
        ],
        schema={
            "retailer_id": pl.Int64,
            "history_weeks": pl.Int32,
            "location_type": pl.Utf8,
            "business_format": pl.Utf8,
            "support_score": pl.Float64,
            "compliance_flags": pl.Int32,
        },
        orient="row",
    )
    lines = OrderLine.objects.filter(order__retailer__area__department=department).exclude(
        order__status=OrderStatus.CANCELLED
    )
    now = _sales(lines, quarter)
    last_year = _sales(lines, quarter.year_before()).select(
        "retailer_id", pl.col("amount").alias("amount_last_year")
    )
    return (
        base.join(now, on="retailer_id", how="left")
        .join(last_year, on="retailer_id", how="left")
        .with_columns(pl.col("amount", "volume", "high_volume").fill_null(0.0))
    )


def _prior_totals(department: MarketingDepartment, quarter: Quarter, count: int) -> pl.DataFrame:
    labels, q = [], quarter
    for _ in range(count):
        q = q.previous()
        labels.append(str(q))
    rows = RetailerRating.objects.filter(
        retailer__area__department=department, quarter__in=labels
    ).values_list("retailer_id", "quarter", "total")
    return pl.DataFrame(list(rows), schema=engine.PRIOR_SCHEMA, orient="row")


def do_classify_quarter(
    *,
    quarter: str,
    department: MarketingDepartment,
    run_by: User | None = None,
    extra: ExtraInputs | None = None,
    progress: ProgressFn = no_progress,
) -> ClassificationRun:
    """Classify ``department``'s open retailers for ``quarter`` (``"2026Q3"``) and store the
    results, replacing that quarter's earlier results in one transaction (a crashed run
    leaves the previous results; running again converges). Raises ValueError on a bad
    quarter label or inconsistent settings."""
    q = Quarter.parse(quarter)
    label = "classify " + str(q)
    progress(0, 4, label)
    started = timezone.now()
    with transaction.atomic():
        # Serialise concurrent runs for the same department.
        MarketingDepartment.objects.select_for_update().filter(pk=department.pk).first()
        config = rating_settings_for(department).engine_config()
        inputs = build_inputs(department, q, extra)
        prior = _prior_totals(department, q, config.star.quarters - 1)
        progress(1, 4, label)
        result = engine.classify(inputs, quarter=str(q), config=config, prior_totals=prior)
        progress(2, 4, label)
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
        RetailerRating.objects.bulk_create(
            (_rating(row, str(q), run) for row in result.iter_rows(named=True)),
            batch_size=_BATCH,
        )
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
        progress(3, 4, label)
    progress(4, 4, label)
    return run


def _rating(row: dict, quarter: str, run: ClassificationRun) -> RetailerRating:
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
    *, department: MarketingDepartment, values: dict[str, float], updated_by: User
) -> RatingSettings:
    """Save new rules for ``department``; raises ValueError (nothing saved) when the engine
    rejects them (weights not summing to 1, thresholds not descending, …)."""
    with transaction.atomic():
        row = rating_settings_for(department)
        for name, value in values.items():
            setattr(row, name, value)
        row.engine_config()
        row.updated_by = updated_by
        row.save()
    return row
