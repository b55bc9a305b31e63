"""Reads that build the engines' input frames from the database."""

from datetime import date, timedelta

import polars as pl
from django.db.models import Sum
from django.db.models.functions import TruncMonth

from jinye.catalog.models import Sku
from jinye.orders.models import OrderLine, OrderStatus
from jinye.org.models import MarketingDepartment
from jinye.periods import Month
from jinye.ratings.selectors import latest_tier_and_scale
from jinye.retailers.models import Retailer, RetailerStatus
from jinye.supply.models import DemandRecord

DEFAULT_TIER = 1
DEFAULT_SCALE = "small"
REQUEST_WEEKS = 4


def open_retailers(department: MarketingDepartment) -> pl.DataFrame:
    """``retailer_id, tier, scale, location_type`` of the department's open retailers; tier
    and scale from each one's latest rating (tier 1, small when never rated)."""
    rows = list(
        Retailer.objects.filter(area__department=department, status=RetailerStatus.OPEN)
        .order_by("pk")
        .values_list("pk", "location_type")
    )
    ratings = latest_tier_and_scale(department)
    return pl.DataFrame(
        {
            "retailer_id": [r for r, _ in rows],
            "tier": [ratings.get(r, (DEFAULT_TIER, ""))[0] for r, _ in rows],
            "scale": [ratings.get(r, (0, DEFAULT_SCALE))[1] for r, _ in rows],
            "location_type": [loc for _, loc in rows],
        },
        schema={
            "retailer_id": pl.Int64,
            "tier": pl.Int64,
            "scale": pl.String,
            "location_type": pl.String,
        },
    )


def monthly_history(department: MarketingDepartment, month: str, months: int) -> pl.DataFrame:
    """``retailer_id, month, cartons`` for the ``months`` months before ``month``."""
    this = Month.parse(month)
    start, end = this.previous(months).first, this.previous().last
    rows = (
        OrderLine.objects.filter(
            order__retailer__area__department=department,
            order__order_date__range=(start, end),
        )
        .exclude(order__status=OrderStatus.CANCELLED)
        .annotate(m=TruncMonth("order__order_date"))
        .values_list("order__retailer_id", "m")
        .annotate(c=Sum("quantity"))
    )
    data = [(rid, f"{m:%Y-%m}", int(c)) for rid, m, c in rows]
    return pl.DataFrame(
        {
            "retailer_id": [d[0] for d in data],
            "month": [d[1] for d in data],
            "cartons": [d[2] for d in data],
        },
        schema={"retailer_id": pl.Int64, "month": pl.String, "cartons": pl.Int64},
    )


def ordered_in_month(retailer_ids: list[int], month: str) -> dict[int, int]:
    """Cartons already ordered (not cancelled) in ``month`` per retailer."""
    start, end = Month.parse(month).bounds
    rows = (
        OrderLine.objects.filter(
            order__retailer_id__in=retailer_ids, order__order_date__range=(start, end)
        )
        .exclude(order__status=OrderStatus.CANCELLED)
        .values_list("order__retailer_id")
        .annotate(c=Sum("quantity"))
    )
    return {rid: int(c) for rid, c in rows}


def ordered_in_week(retailer_ids: list[int], week: date) -> dict[tuple[int, int], int]:
    """Cartons already ordered (not cancelled) in the week starting ``week``, per
    (retailer, SKU)."""
    rows = (
        OrderLine.objects.filter(order__retailer_id__in=retailer_ids, order__week=week)
        .exclude(order__status=OrderStatus.CANCELLED)
        .values_list("order__retailer_id", "sku_id")
        .annotate(c=Sum("quantity"))
    )
    return {(rid, sku): int(c) for rid, sku, c in rows}


def weekly_requests(department: MarketingDepartment, sku: Sku, week: date) -> dict[int, int]:
    """Each retailer's request for ``sku`` in ``week``: its verified or recorded demand for
    the SKU in that week when there is one; else its collected forecast for the SKU in the
    submitted forecast round of the month holding ``week``'s Monday, as a week's share
    (⌈forecast × 7 / days in the month⌉: stated demand, where recent orders are capped by
    earlier allowances); otherwise its average weekly order of the SKU over the previous
    four weeks (rounded up)."""
    start = week - timedelta(weeks=REQUEST_WEEKS)
    history = (
        OrderLine.objects.filter(
            sku=sku,
            order__retailer__area__department=department,
            order__week__gte=start,
            order__week__lt=week,
        )
        .exclude(order__status=OrderStatus.CANCELLED)
        .values_list("order__retailer_id")
        .annotate(c=Sum("quantity"))
    )
    requests = {rid: -(-int(c) // REQUEST_WEEKS) for rid, c in history}
    requests.update(collected_weekly(department, sku, week))
    for rid, lines in DemandRecord.objects.filter(
        retailer__area__department=department,
        recorded_on__gte=week,
        recorded_on__lt=week + timedelta(weeks=1),
    ).values_list("retailer_id", "lines"):
        if sku.code in lines:
            requests[rid] = int(lines[sku.code])
    return requests


def collected_weekly(department: MarketingDepartment, sku: Sku, week: date) -> dict[int, int]:
    """Per retailer: a week's share of its submitted collected forecast of ``sku`` for the
    month holding ``week`` (⌈qty × 7 / days in the month⌉)."""
    from jinye.forecasts.selectors import submitted_collected

    month = week.replace(day=1)
    days = Month.containing(week).days
    rows = submitted_collected(department, month, sku)
    return {rid: -(-qty * 7 // days) for rid, qty in rows}
