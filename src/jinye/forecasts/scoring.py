"""Writes: score a closed month's forecasts (collected and statistical) against actual orders.

Lines: every collected value of the month's round and every statistical forecast of the month;
the actual is the retailer's ordered 条 of that SKU in the month (0 when none). The MASE scale
of a line is the mean absolute month-to-month change of its sales over the 12 months before.
Scores are stored per total, area, customer manager, SKU and retailer, plus the 20 worst
misses (largest |F − A|) per source; scoring a month again replaces its scores.
"""

from datetime import date
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinye.catalog.models import Sku
from jinye.engines.accuracy import score, with_line_scores
from jinye.engines.forecast import month_end
from jinye.errors import Conflict, Invalid
from jinye.forecasts.history import monthly_sales_frame
from jinye.forecasts.models import (
    AccuracyScore,
    CollectedForecast,
    Level,
    Source,
    StatisticalForecast,
)
from jinye.forecasts.services import first_of_month
from jinye.org.models import MarketingDepartment
from jinye.retailers.models import Retailer

WORST_MISSES = 20
LINE_SCHEMA = {"retailer_id": pl.Int64, "sku_id": pl.Int64, "forecast": pl.Float64}


def months_back(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def mase_scale(history: pl.DataFrame, month: date) -> pl.DataFrame:
    """retailer_id, sku_id, scale: mean |Δ| of monthly sales over the 12 months before."""
    months = [months_back(month, k) for k in range(12, 0, -1)]
    keys = history.select("retailer_id", "sku_id").unique()
    grid = keys.join(pl.DataFrame({"month": months}, schema={"month": pl.Date}), how="cross")
    filled = grid.join(history, on=["retailer_id", "sku_id", "month"], how="left").with_columns(
        pl.col("qty").fill_null(0).cast(pl.Float64)
    )
    return (
        filled.sort("retailer_id", "sku_id", "month")
        .group_by("retailer_id", "sku_id", maintain_order=True)
        .agg(pl.col("qty").diff().abs().mean().alias("scale"))
    )


def _collected(department: MarketingDepartment, month: date) -> pl.DataFrame:
    rows = CollectedForecast.objects.filter(
        round__department=department, round__month=month
    ).values_list("retailer_id", "sku_id", "qty")
    return pl.DataFrame(list(rows), schema=LINE_SCHEMA, orient="row")


def _statistical(department: MarketingDepartment, month: date) -> pl.DataFrame:
    rows = StatisticalForecast.objects.filter(run__department=department, month=month).values_list(
        "retailer_id", "sku_id", "qty"
    )
    return pl.DataFrame(list(rows), schema=LINE_SCHEMA, orient="row")


def _meta(department: MarketingDepartment) -> pl.DataFrame:
    rows = Retailer.objects.filter(area__department=department).values_list(
        "pk", "name", "area_id", "area__name", "customer_manager_id", "customer_manager__name"
    )
    return pl.DataFrame(
        list(rows),
        schema={
            "retailer_id": pl.Int64,
            "retailer": pl.String,
            "area_id": pl.Int64,
            "area": pl.String,
            "manager_id": pl.Int64,
            "manager": pl.String,
        },
        orient="row",
    )


def do_score_month(
    *, department: MarketingDepartment, month: date, today: date | None = None
) -> int:
    """Score ``month`` (must have ended before ``today``); returns the number of rows stored."""
    month = first_of_month(month)
    today = today or timezone.localdate()
    if month_end(month) >= today:
        raise Conflict(
            _("%(month)s has not closed yet; score it after it ends.")
            % {"month": f"{month:%Y-%m}"},
            code="month_not_closed",
        )
    hist = monthly_sales_frame(department, first=months_back(month, 12), last=month)
    actual = hist.filter(pl.col("month") == month).select(
        "retailer_id", "sku_id", pl.col("qty").alias("actual")
    )
    scale = mase_scale(hist.filter(pl.col("month") < month), month)
    meta = _meta(department)
    skus = pl.DataFrame(
        list(Sku.objects.values_list("pk", "name")),
        schema={"sku_id": pl.Int64, "sku": pl.String},
        orient="row",
    )
    rows: list[AccuracyScore] = []
    for source, lines in (
        (Source.COLLECTED, _collected(department, month)),
        (Source.STATISTICAL, _statistical(department, month)),
    ):
        if lines.is_empty():
            continue
        df = (
            lines.join(actual, on=["retailer_id", "sku_id"], how="left")
            .join(scale, on=["retailer_id", "sku_id"], how="left")
            .join(meta, on="retailer_id", how="left")
            .join(skus, on="sku_id", how="left")
            .with_columns(pl.col("actual").fill_null(0).cast(pl.Float64))
        )
        rows += _score_rows(df, department, month, source)
    if not rows:
        raise Invalid(
            _("No forecasts to score for %(month)s.") % {"month": f"{month:%Y-%m}"},
            code="nothing_to_score",
        )
    with transaction.atomic():
        AccuracyScore.objects.filter(department=department, month=month).delete()
        AccuracyScore.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _score_rows(
    df: pl.DataFrame, department: MarketingDepartment, month: date, source: str
) -> list[AccuracyScore]:
    levels: list[tuple[str, list[str], str | None, str | None]] = [
        (Level.TOTAL, [], None, None),
        (Level.AREA, ["area_id", "area"], "area_id", "area"),
        (Level.MANAGER, ["manager_id", "manager"], "manager_id", "manager"),
        (Level.SKU, ["sku_id", "sku"], "sku_id", "sku"),
        (Level.RETAILER, ["retailer_id", "retailer", "manager_id"], "retailer_id", "retailer"),
    ]
    out = []
    for level, by, key, label in levels:
        for r in score(df, by).iter_rows(named=True):
            out.append(_row(r, department, month, source, level, key, label))
    misses = (
        with_line_scores(df)
        .sort("abs_error", descending=True)
        .head(WORST_MISSES)
        .with_columns(
            (pl.col("retailer_id").cast(pl.String) + "|" + pl.col("sku_id").cast(pl.String)).alias(
                "key"
            ),
            (pl.col("retailer").fill_null("?") + " · " + pl.col("sku").fill_null("?")).alias(
                "label"
            ),
            pl.lit(1).alias("lines"),
            pl.col("accuracy").alias("total_accuracy"),
            pl.col("abs_error").alias("mae"),
            pl.when(pl.col("scale") > 0).then(pl.col("abs_error") / pl.col("scale")).alias("mase"),
            pl.when(pl.col("actual") > 0)
            .then((pl.col("forecast") - pl.col("actual")) / pl.col("actual"))
            .alias("bias"),
        )
    )
    for r in misses.iter_rows(named=True):
        out.append(_row(r, department, month, source, Level.MISS, "key", "label"))
    return out


def _row(
    r: dict[str, Any],
    department: MarketingDepartment,
    month: date,
    source: str,
    level: str,
    key: str | None,
    label: str | None,
) -> AccuracyScore:
    manager = r.get("manager_id")
    return AccuracyScore(
        department=department,
        month=month,
        source=source,
        level=level,
        key=str(r[key]) if key and r[key] is not None else "",
        label=str(r[label]) if label and r[label] is not None else "",
        manager_id=manager if isinstance(manager, int) else None,
        lines=r["lines"],
        forecast=r["forecast"],
        actual=r["actual"],
        accuracy=r["accuracy"],
        total_accuracy=r["total_accuracy"],
        mae=r["mae"],
        mase=r["mase"],
        bias=r["bias"],
    )
