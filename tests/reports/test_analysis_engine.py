"""The analysis engine on a hand-made data set; expected figures computed by hand."""

from datetime import date
from decimal import Decimal

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from jinye.engines.analysis import Period, analyse, exact_shares
from jinye.engines.inventory import per_sku, retailer_breadth

SKUS = pl.DataFrame(
    {
        "sku_id": [1, 2, 3],
        "sku_name": ["黄鹤楼(软蓝)", "红金龙(硬红)", "中华(软)"],
        "brand": ["黄鹤楼", "红金龙", "中华"],
        "price_class": [1, 3, 1],
        "retail_price_fen": [500_00, 100_00, 900_00],
    }
)


def _lines() -> pl.DataFrame:
    rows = [
        # now: 2026 Q1
        (date(2026, 1, 5), 10, 1, 500, 500 * 200_00),  # 2 箱, 100,000 元
        (date(2026, 2, 5), 11, 2, 750, 750 * 50_00),  # 3 箱, 37,500 元
        (date(2026, 3, 5), 11, 3, 250, 250 * 400_00),  # 1 箱, 100,000 元
        # a year before: 2025 Q1
        (date(2025, 1, 6), 10, 1, 250, 250 * 200_00),  # 1 箱, 50,000 元
        (date(2025, 2, 6), 10, 2, 1000, 1000 * 50_00),  # 4 箱, 50,000 元
        (date(2025, 3, 6), 12, 3, 250, 250 * 400_00),  # 1 箱, 100,000 元
        (date(2025, 3, 7), 13, 3, 1, 400_00),  # 1 条, 400 元
        # outside both periods
        (date(2025, 6, 1), 10, 1, 9999, 1),
    ]
    return pl.DataFrame(
        rows,
        schema=["order_date", "retailer_id", "sku_id", "quantity", "amount_fen"],
        orient="row",
    )


Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))


def test_totals_yoy_and_prices():
    a = analyse(_lines(), SKUS, current=Q1, plan_cases=Decimal("24"))
    assert a.now.cases == Decimal("6.00")
    assert a.before.cartons == 1501
    assert a.before.cases == Decimal("6.00")  # 1501 / 250 = 6.004
    assert a.now.revenue == Decimal("237500")
    assert a.before.revenue == Decimal("200400")
    assert a.now.per_case == Decimal("39583.33")  # 237500 / 6
    assert a.now.per_carton == Decimal("158.33")  # 237500 / 1500
    assert a.completion_pct == Decimal("25.00")  # 6 / 24
    assert a.now.retailers == 2 and a.before.retailers == 3
    assert a.weekly_cases_now == Decimal("0.47")  # 6 * 7 / 90


def test_structure_shares_and_pp():
    a = analyse(_lines(), SKUS, current=Q1)
    c1 = a.classes[0]
    # class 1 now: 750 of 1500 条 = 50%; before 501 of 1501 = 33.378% → 33.38
    assert c1.volume_share_now == Decimal("50.00")
    assert c1.volume_share_before == Decimal("33.38")
    assert a.classes[2].volume_share_before == Decimal("66.62")  # 1000 / 1501
    assert c1.volume_share_pp == Decimal("16.62")
    # revenue class 1 now 200,000 / 237,500 = 84.21%
    assert c1.revenue_share_now == Decimal("84.21")
    assert sum(c.revenue_share_now for c in a.classes) == Decimal("100.00")
    assert sum(c.volume_share_before for c in a.classes) == Decimal("100.00")


def test_high_end_brands_and_movers():
    a = analyse(_lines(), SKUS, current=Q1)
    assert a.high_end_now.cartons == 500  # only 黄鹤楼 (500 元) is in 400–800
    assert a.high_end_before.cartons == 250
    assert (a.brands_selling, a.brands_up, a.brands_down) == (3, 1, 2)
    assert [m.name for m in a.top_brands_up] == ["黄鹤楼"]
    assert [m.name for m in a.top_brands_down] == ["红金龙", "中华"]
    assert a.top_brands_down[0].change == Decimal("-1.00")


def test_lazy_parquet_gives_the_same_figures(tmp_path):
    path = tmp_path / "lines.parquet"
    _lines().write_parquet(path)
    lazy = analyse(pl.scan_parquet(path), SKUS, current=Q1)
    eager = analyse(_lines(), SKUS, current=Q1)
    assert lazy.now == eager.now and lazy.classes == eager.classes


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=8))
def test_shares_sum_to_exactly_100(values):
    shares = exact_shares(values)
    assert sum(shares) == (Decimal("100.00") if sum(values) else 0)
    assert all(s >= 0 for s in shares)


def test_inventory_ratio_and_holding_rate():
    stock = pl.DataFrame(
        {"retailer_id": [1, 2, 3, 1], "sku_id": [7, 7, 7, 8], "cartons": [10, 5, 0, 30]}
    )
    sales = pl.DataFrame({"sku_id": [7, 8], "cartons": [30, 20]})
    rows = {r.sku_id: r for r in per_sku(stock, sales, surveyed=4)}
    assert rows[7].ratio == Decimal("0.50")  # 15 / 30
    assert rows[8].ratio == Decimal("1.50")
    assert rows[7].holding_rate == Decimal("50.00")  # 2 of 4 surveyed
    assert rows[7].per_holder == Decimal("7.50")
    breadth = retailer_breadth(stock).sort("retailer_id")
    assert breadth["skus"].to_list() == [2, 1, 0]
