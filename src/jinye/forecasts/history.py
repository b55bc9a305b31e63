"""Order history as Polars frames for the forecast and accuracy engines.

Cancelled orders never count. Quantities are 条.
"""

from datetime import date, timedelta

import polars as pl
from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncMonth

from jinye.engines.forecast import monday, month_end
from jinye.orders.models import OrderLine, OrderStatus
from jinye.orders.selectors import last_full_week
from jinye.org.models import MarketingDepartment

SALES_SCHEMA = {
    "retailer_id": pl.Int64,
    "sku_id": pl.Int64,
    "area_id": pl.Int64,
    "week": pl.Date,
    "qty": pl.Int64,
}
MONTHLY_SCHEMA = {"retailer_id": pl.Int64, "sku_id": pl.Int64, "month": pl.Date, "qty": pl.Int64}


def _lines(department: MarketingDepartment) -> QuerySet[OrderLine]:
    return OrderLine.objects.filter(order__retailer__area__department=department).exclude(
        order__status=OrderStatus.CANCELLED
    )


def history_end_for(month: date) -> date:
    """The last full week before ``month`` that the order data covers."""
    end = monday(month) - timedelta(days=7)
    latest = last_full_week()
    return min(end, latest) if latest else end


def weekly_sales_frame(department: MarketingDepartment, *, before: date) -> pl.DataFrame:
    """Weekly 条 per retailer×SKU for the weeks up to ``history_end_for(before)``."""
    end = history_end_for(before)
    rows = (
        _lines(department)
        .filter(order__week__lte=end)
        .values_list("order__retailer_id", "sku_id", "order__retailer__area_id", "order__week")
        .annotate(q=Sum("quantity"))
        .order_by()
    )
    return pl.DataFrame(list(rows), schema=SALES_SCHEMA, orient="row")


def monthly_sales_frame(
    department: MarketingDepartment, *, first: date, last: date
) -> pl.DataFrame:
    """条 per retailer×SKU×month for order dates from ``first`` to the end of ``last``'s month."""
    rows = (
        _lines(department)
        .filter(order__order_date__gte=first, order__order_date__lte=month_end(last))
        .annotate(m=TruncMonth("order__order_date"))
        .values_list("order__retailer_id", "sku_id", "m")
        .annotate(q=Sum("quantity"))
        .order_by()
    )
    return pl.DataFrame(
        list(rows),
        schema=MONTHLY_SCHEMA,
        orient="row",
    )
