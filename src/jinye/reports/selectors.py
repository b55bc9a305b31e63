"""Reads: order lines and SKUs as Polars frames for the analysis engine."""

import polars as pl
from django.db import connection
from django.db.models import BigIntegerField, F, QuerySet
from django.db.models.functions import Cast, Round

from jinye.catalog.models import Sku
from jinye.engines.analysis import Period
from jinye.orders.models import OrderLine, OrderStatus
from jinye.retailers.models import Retailer

LINE_SCHEMA = {
    "order_date": pl.Date,
    "retailer_id": pl.Int64,
    "sku_id": pl.Int64,
    "quantity": pl.Int64,
    "amount_fen": pl.Int64,
}


def line_frame(retailers: QuerySet[Retailer], periods: list[Period]) -> pl.DataFrame:
    """Order lines of ``retailers`` in ``periods`` (cancelled orders excluded); money in 分.

    Read through a raw cursor on the ORM's own SQL: the demo county's quarter pair is close to
    a million rows and model instances or ``values_list`` converters would dominate the time.
    """
    lines = OrderLine.objects.none()
    for p in periods:
        lines = lines | OrderLine.objects.filter(
            order__order_date__gte=p.first, order__order_date__lte=p.last
        )
    qs = (
        lines.filter(order__retailer__in=retailers)
        .exclude(order__status=OrderStatus.CANCELLED)
        .annotate(fen=Cast(Round(F("amount") * 100), BigIntegerField()))
        .values_list("order__order_date", "order__retailer_id", "sku_id", "quantity", "fen")
    )
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    as_text = bool(rows) and isinstance(rows[0][0], str)  # SQLite gives ISO text
    frame = pl.DataFrame(
        rows,
        schema={
            k: (pl.String if k == "order_date" and as_text else v) for k, v in LINE_SCHEMA.items()
        },
        orient="row",
    )
    if as_text:
        frame = frame.with_columns(pl.col("order_date").str.to_date("%Y-%m-%d"))
    return frame


def sku_frame() -> pl.DataFrame:
    rows = [
        (s.pk, s.name, s.brand.name, s.price_class, int(s.retail_price * 100))
        for s in Sku.objects.select_related("brand")
    ]
    return pl.DataFrame(
        rows,
        schema={
            "sku_id": pl.Int64,
            "sku_name": pl.String,
            "brand": pl.String,
            "price_class": pl.Int64,
            "retail_price_fen": pl.Int64,
        },
        orient="row",
    )
