"""Reads about orders: weekly sales figures, always within a set of retailers the reader may see.

Cancelled orders never count. Weeks are the ``Order.week`` Mondays; aggregates are grouped on
that indexed column so a year of a county's order lines sums in one query.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Max, QuerySet, Sum

from jinye.orders.models import CARTONS_PER_CASE, Order, OrderLine, OrderStatus
from jinye.retailers.models import Retailer

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class WeekFigures:
    """One week's volume and revenue."""

    week: date
    cartons: int
    revenue: Decimal

    @property
    def cases(self) -> Decimal:
        return Decimal(self.cartons) / CARTONS_PER_CASE


def last_full_week() -> date | None:
    """Monday of the latest week strictly before the week of the latest order date, or None.

    The reference is the data, not the clock, so a demo whose orders end 'today' (or any day)
    shows the last complete week.
    """
    latest = Order.objects.exclude(status=OrderStatus.CANCELLED).aggregate(w=Max("week"))["w"]
    return latest - WEEK if latest else None


def _lines(retailers: QuerySet[Retailer]) -> QuerySet[OrderLine]:
    return OrderLine.objects.filter(order__retailer__in=retailers.values("pk")).exclude(
        order__status=OrderStatus.CANCELLED
    )


def weekly_sales(retailers: QuerySet[Retailer], *, first: date, last: date) -> list[WeekFigures]:
    """Every week from ``first`` to ``last`` (Mondays, inclusive), zero-filled, oldest first."""
    rows = (
        _lines(retailers)
        .filter(order__week__gte=first, order__week__lte=last)
        .values("order__week")
        .annotate(cartons=Sum("quantity"), revenue=Sum("amount"))
        .order_by()
    )
    found = {r["order__week"]: (r["cartons"] or 0, r["revenue"] or Decimal(0)) for r in rows}
    out = []
    week = first
    while week <= last:
        cartons, revenue = found.get(week, (0, Decimal(0)))
        out.append(WeekFigures(week, int(cartons), Decimal(revenue)))
        week += WEEK
    return out


def price_class_volumes(
    retailers: QuerySet[Retailer], *, first: date, last: date
) -> dict[int, int]:
    """条 per price class (1…5, all present) over weeks ``first``…``last``."""
    rows = (
        _lines(retailers)
        .filter(order__week__gte=first, order__week__lte=last)
        .values("sku__price_class")
        .annotate(cartons=Sum("quantity"))
        .order_by()
    )
    out = dict.fromkeys(range(1, 6), 0)
    for r in rows:
        out[r["sku__price_class"]] = int(r["cartons"] or 0)
    return out


@dataclass(frozen=True)
class RetailerSummary:
    cartons: int
    revenue: Decimal
    orders: int
    skus: int


def retailer_summary(retailer: Retailer, *, first: date, last: date) -> RetailerSummary:
    """One retailer's 条, 元, order count and distinct SKUs over weeks ``first``…``last``."""
    agg = (
        OrderLine.objects.filter(
            order__retailer=retailer, order__week__gte=first, order__week__lte=last
        )
        .exclude(order__status=OrderStatus.CANCELLED)
        .aggregate(
            cartons=Sum("quantity"),
            revenue=Sum("amount"),
            orders=Count("order", distinct=True),
            skus=Count("sku", distinct=True),
        )
    )
    return RetailerSummary(
        cartons=int(agg["cartons"] or 0),
        revenue=Decimal(agg["revenue"] or 0),
        orders=int(agg["orders"] or 0),
        skus=int(agg["skus"] or 0),
    )


def retailer_orders(retailer: Retailer) -> QuerySet[Order]:
    """All of a retailer's orders (cancelled too, marked by status), newest first, with lines."""
    return (
        Order.objects.filter(retailer=retailer)
        .order_by("-order_date", "-pk")
        .prefetch_related("lines__sku")
    )


def change_pct(now: Decimal | int, before: Decimal | int) -> float | None:
    """Percentage change from ``before`` to ``now``; None when ``before`` is zero."""
    if not before:
        return None
    return float((Decimal(now) - Decimal(before)) / Decimal(before) * 100)
