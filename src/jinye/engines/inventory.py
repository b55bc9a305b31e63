"""Social inventory (社会库存) figures from one survey round.

``stock``: ``retailer_id``, ``sku_id``, ``cartons`` (Int, 条 held), one row per retailer and
SKU counted (zero rows allowed). ``surveyed`` is the number of retailers surveyed, including
those holding nothing. ``sales``: ``sku_id``, ``cartons`` sold in the month before the survey.

- 存销比 = stock / monthly sales (two places; ``None`` without sales).
- 存货率 = retailers holding the SKU (> 0) / retailers surveyed, percent.
- 户均库存 = stock of the SKU / retailers holding it, 条.
"""

from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from jinye.engines.analysis import q2, ratio_pct


def stock_to_sales(stock: int, sales: int) -> Decimal | None:
    return q2(Decimal(stock) / Decimal(sales)) if sales else None


@dataclass(frozen=True)
class SkuStock:
    sku_id: int
    cartons: int
    holders: int
    holding_rate: Decimal | None
    per_holder: Decimal | None
    sales: int
    ratio: Decimal | None


def per_sku(stock: pl.DataFrame, sales: pl.DataFrame, *, surveyed: int) -> list[SkuStock]:
    """One row per SKU found in stock or sales, sorted by stock descending."""
    held = stock.group_by("sku_id").agg(
        cartons=pl.col("cartons").sum(), holders=(pl.col("cartons") > 0).sum()
    )
    merged = (
        held.join(sales.rename({"cartons": "sold"}), on="sku_id", how="full", coalesce=True)
        .fill_null(0)
        .sort(["cartons", "sku_id"], descending=[True, False])
    )
    return [
        SkuStock(
            sku_id=int(r["sku_id"]),
            cartons=int(r["cartons"]),
            holders=int(r["holders"]),
            holding_rate=ratio_pct(int(r["holders"]), surveyed),
            per_holder=q2(Decimal(int(r["cartons"])) / int(r["holders"])) if r["holders"] else None,
            sales=int(r["sold"]),
            ratio=stock_to_sales(int(r["cartons"]), int(r["sold"])),
        )
        for r in merged.iter_rows(named=True)
    ]


def retailer_breadth(stock: pl.DataFrame) -> pl.DataFrame:
    """Per retailer: total 条 held and number of SKUs held (> 0)."""
    return stock.group_by("retailer_id").agg(
        cartons=pl.col("cartons").sum(), skus=(pl.col("cartons") > 0).sum()
    )


def count_below(values: pl.Series, bound: int) -> int:
    return int((values < bound).sum())
