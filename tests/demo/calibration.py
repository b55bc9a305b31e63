"""Calibration figures of a generated county, computed here from the frames with Polars.

Deliberately independent of the generator's own constants: the tests compare these figures
with the seed's numbers (seed 001 第二篇), and bench/demo_build.py reports them.
"""

from datetime import date, timedelta

import polars as pl

from jinye.demo.generator import DemoCounty

CASE = 250  # 条 per 箱
CNY = [date(2024, 2, 10), date(2025, 1, 29), date(2026, 2, 17), date(2027, 2, 6)]


def delivered_lines(county: DemoCounty) -> pl.DataFrame:
    """Lines of delivered orders with order date, week, retailer and price class."""
    return county.order_lines.join(
        county.orders.filter(pl.col("status") == "delivered"), on="order_id"
    ).join(county.skus.select("sku_id", "price_class"), on="sku_id")


def complete_weeks(county: DemoCounty) -> pl.DataFrame:
    """``week, cases`` for the weeks wholly inside the history."""
    weekly = (
        delivered_lines(county)
        .group_by("week")
        .agg((pl.col("quantity").sum() / CASE).alias("cases"))
        .sort("week")
    )
    return weekly.filter(
        (pl.col("week") >= county.start) & (pl.col("week") + timedelta(days=6) <= county.today)
    )


def last_full_year(county: DemoCounty) -> pl.DataFrame:
    return delivered_lines(county).filter(pl.col("order_date").dt.year() == county.today.year - 1)


def last_full_quarter(county: DemoCounty) -> tuple[date, date]:
    this_q = date(county.today.year, 3 * ((county.today.month - 1) // 3) + 1, 1)
    end = this_q - timedelta(days=1)
    return date(end.year, end.month - 2, 1), end


def figures(county: DemoCounty) -> dict[str, float | int | str | list[str]]:
    year = last_full_year(county)
    cartons = year["quantity"].sum()
    revenue = year["amount_fen"].sum() / 100
    high = year.filter(pl.col("price_class") <= 2)
    weeks = complete_weeks(county)
    q_start, q_end = last_full_quarter(county)
    quarter = delivered_lines(county).filter(pl.col("order_date").is_between(q_start, q_end))
    breadth = quarter.group_by("retailer_id").agg(pl.col("sku_id").n_unique().alias("skus"))
    n_weeks = quarter["week"].n_unique()
    series = quarter.group_by("retailer_id", "sku_id").agg(
        pl.col("week").n_unique().alias("weeks_ordered")
    )
    zero_share = 1 - series["weeks_ordered"].sum() / (series.height * n_weeks)
    top = weeks.sort("cases", descending=True).head(3)
    return {
        "year": county.today.year - 1,
        "yearly_cases": round(cartons / CASE, 1),
        "weekly_min_cases": round(weeks["cases"].min(), 1),  # type: ignore[arg-type]
        "weekly_median_cases": round(weeks["cases"].median(), 1),  # type: ignore[arg-type]
        "weekly_max_cases": round(weeks["cases"].max(), 1),  # type: ignore[arg-type]
        "top_weeks": [f"{w} ({c:.0f} 箱)" for w, c in top.iter_rows()],
        "class12_volume_share": round(high["quantity"].sum() / cartons, 4),
        "class12_revenue_share": round(high["amount_fen"].sum() / 100 / revenue, 4),
        "revenue_per_case": round(revenue / (cartons / CASE)),
        "quarter": f"{q_start}..{q_end}",
        "share_retailers_under_20_skus": round((breadth["skus"] < 20).mean(), 4),  # type: ignore[operator]
        "share_retailers_under_10_skus": round((breadth["skus"] < 10).mean(), 4),  # type: ignore[operator]
        "zero_week_share": round(zero_share, 4),
        "retailers": county.retailers.height,
        "orders": county.orders.height,
        "order_lines": county.order_lines.height,
    }
