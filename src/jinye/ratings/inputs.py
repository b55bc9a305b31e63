"""Reads that assemble the classification engine's input frame from orders and visits."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from math import ceil

import polars as pl
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from jinye.engines import rating as engine
from jinye.orders.models import OrderLine, OrderStatus
from jinye.org.models import MarketingDepartment
from jinye.periods import Quarter
from jinye.ratings.models import RetailerRating
from jinye.retailers.models import Retailer, RetailerStatus
from jinye.visits.selectors import visits_of

HIGH_STRUCTURE_CLASSES = (1, 2)  # 一二类: 'high structure' (domain.md)


@dataclass(frozen=True)
class ExtraInputs:
    """Per-retailer compliance findings (unlawful trading, price breaches, payment defaults)
    of the quarter, until an inspection app records them; absent retailers count as clean."""

    compliance_flags: dict[int, int] = field(default_factory=dict)


def rated_retailers(department: MarketingDepartment, quarter: Quarter) -> QuerySet[Retailer]:
    """The retailers a run rates: open, in the department, opened by the quarter's end."""
    return Retailer.objects.filter(
        area__department=department, status=RetailerStatus.OPEN, opened_on__lte=quarter.last
    )


def history_weeks(opened_on: date, quarter: Quarter) -> int:
    """13 for a retailer open since the quarter began, else its weeks in the quarter (1–12)."""
    if opened_on <= quarter.first:
        return 13
    return min(12, max(1, ceil(((quarter.last - opened_on).days + 1) / 7)))


def _sales(lines: QuerySet[OrderLine], quarter: Quarter) -> pl.DataFrame:
    rows = (
        lines.filter(order__order_date__gte=quarter.first, order__order_date__lte=quarter.last)
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


def _visits(retailers: QuerySet[Retailer], quarter: Quarter) -> pl.DataFrame:
    """Per retailer: the quarter's visits, those with market information, those with
    business guidance."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(quarter.first, time.min, tzinfo=tz)
    end = datetime.combine(quarter.next().first, time.min, tzinfo=tz)
    rows = (
        visits_of(retailers)
        .filter(checked_in_at__gte=start, checked_in_at__lt=end)
        .order_by()
        .values("retailer_id")
        .annotate(
            n=Count("id", distinct=True),
            info=Count("id", filter=Q(sku_info__isnull=False), distinct=True),
            guided=Count("id", filter=Q(guidance=True), distinct=True),
        )
        .values_list("retailer_id", "n", "info", "guided")
    )
    return pl.DataFrame(
        list(rows),
        schema={
            "retailer_id": pl.Int64,
            "visits": pl.Int32,
            "info_visits": pl.Int32,
            "guided_visits": pl.Int32,
        },
        orient="row",
    )


def build_inputs(
    department: MarketingDepartment, quarter: Quarter, extra: ExtraInputs | None = None
) -> pl.DataFrame:
    """The engine's input frame for :func:`rated_retailers`: the quarter's sales (cancelled
    orders excluded), the same quarter last year (only for retailers open all of it), the
    quarter's visits and any compliance findings."""
    extra = extra or ExtraInputs()
    retailers = rated_retailers(department, quarter)
    last_year = quarter.year_before()
    base = pl.DataFrame(
        [
            (
                rid,
                history_weeks(opened, quarter),
                opened <= last_year.first,
                loc,
                fmt,
                extra.compliance_flags.get(rid),
            )
            for rid, opened, loc, fmt in retailers.values_list(
                "id", "opened_on", "location_type", "business_format"
            )
        ],
        schema={
            "retailer_id": pl.Int64,
            "history_weeks": pl.Int32,
            "open_last_year": pl.Boolean,
            "location_type": pl.Utf8,
            "business_format": pl.Utf8,
            "compliance_flags": pl.Int32,
        },
        orient="row",
    )
    lines = OrderLine.objects.filter(order__retailer__in=retailers).exclude(
        order__status=OrderStatus.CANCELLED
    )
    before = _sales(lines, last_year).select(
        "retailer_id", pl.col("amount").alias("amount_last_year")
    )
    frame = (
        base.join(_sales(lines, quarter), on="retailer_id", how="left")
        .join(before, on="retailer_id", how="left")
        .join(_visits(retailers, quarter), on="retailer_id", how="left")
        .with_columns(
            pl.col("amount", "volume", "high_volume").fill_null(0.0),
            # A shop that opened during last year's quarter has no comparable base.
            pl.when(pl.col("open_last_year"))
            .then(pl.col("amount_last_year").fill_null(0.0))
            .otherwise(None)
            .alias("amount_last_year"),
        )
    )
    return frame.select(list(engine.INPUT_SCHEMA)).cast(engine.INPUT_SCHEMA)


def prior_totals(department: MarketingDepartment, quarter: Quarter, count: int) -> pl.DataFrame:
    """Stored quarterly totals of the ``count`` quarters before ``quarter``."""
    labels, q = [], quarter
    for _ in range(count):
        q = q.previous()
        labels.append(str(q))
    rows = RetailerRating.objects.filter(
        retailer__area__department=department, quarter__in=labels
    ).values_list("retailer_id", "quarter", "total")
    return pl.DataFrame(list(rows), schema=engine.PRIOR_SCHEMA, orient="row")
