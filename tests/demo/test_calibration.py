"""The default county matches the seed's numbers (seed 001 第二篇), within stated tolerances.

Seed figures: 15,060 箱 yearly target; 180–280 箱 weekly outside the festival; 一二类 30.88% of
volume and 65.22% of revenue; 单箱均价 25,644 元; 55.29% of retailers with fewer than 20 SKUs and
13.91% with fewer than 10; about 1,900 retailers, a customer manager per ~100 of them.
"""

from datetime import timedelta

import polars as pl

from tests.demo.calibration import CNY, complete_weeks, figures


def test_yearly_volume_is_about_15000_cases(full_county):
    assert 13_500 <= figures(full_county)["yearly_cases"] <= 16_500


def test_weekly_sales_mostly_between_180_and_280_cases(full_county):
    weeks = complete_weeks(full_county)["cases"]
    assert 200 <= weeks.median() <= 290  # type: ignore[operator]
    # Tolerance: 70% of weeks within 170–300 (the festival peak and slump are the rest).
    assert weeks.is_between(170, 300).mean() >= 0.7  # type: ignore[operator]


def test_spring_festival_peak_sits_in_the_weeks_before_new_year(full_county):
    weeks = complete_weeks(full_county)
    median = weeks["cases"].median()
    checked = 0
    for cny in CNY:
        window = weeks.filter(pl.col("week").is_between(cny - timedelta(91), cny + timedelta(91)))
        if window.height < 26:  # this festival is not (wholly) inside the history
            continue
        checked += 1
        peak = window.sort("cases", descending=True).head(2)
        for monday in peak["week"]:
            assert monday + timedelta(days=6) < cny, f"peak week {monday} is not before {cny}"
            assert monday >= cny - timedelta(days=42)
        assert peak["cases"][0] >= 1.4 * median  # a clear peak # type: ignore[operator]
    assert checked >= 2


def test_weeks_after_new_year_slump(full_county):
    weeks = complete_weeks(full_county)
    median = weeks["cases"].median()
    for cny in CNY:
        after = weeks.filter(pl.col("week").is_between(cny, cny + timedelta(days=20)))
        if after.height:
            assert after["cases"].max() < median  # type: ignore[operator]


def test_class_1_and_2_share_of_volume_and_revenue(full_county):
    f = figures(full_county)
    assert 0.25 <= f["class12_volume_share"] <= 0.35
    assert 0.58 <= f["class12_revenue_share"] <= 0.72


def test_revenue_per_case_about_25000(full_county):
    assert 22_000 <= figures(full_county)["revenue_per_case"] <= 28_000


def test_most_small_retailers_carry_fewer_than_20_skus_a_quarter(full_county):
    f = figures(full_county)
    assert 0.5 < f["share_retailers_under_20_skus"] <= 0.7
    assert 0.05 <= f["share_retailers_under_10_skus"] <= 0.25


def test_demand_is_intermittent_at_sku_level(full_county):
    # Of the weeks in a quarter, a retailer×SKU series that ordered at all is zero in most.
    assert figures(full_county)["zero_week_share"] >= 0.5


def test_county_size_and_staffing(full_county):
    retailers = full_county.retailers
    assert 1_850 <= retailers.height <= 1_950
    staff = full_county.staff
    managers = staff.filter(pl.col("role") == "customer_manager")
    assert 17 <= managers.height <= 21
    assert staff.filter(pl.col("role") == "market_manager").height == 3
    per_manager = retailers.group_by("customer_manager_id").len()["len"]
    assert per_manager.min() >= 70 and per_manager.max() <= 130  # type: ignore[operator]


def test_catalogue_size(full_county):
    assert 30 <= full_county.brands.height <= 40
    assert 100 <= full_county.skus.height <= 140
    assert full_county.skus["scarce"].sum() >= 5


def test_order_lines_are_of_the_order_of_a_million(full_county):
    assert 700_000 <= full_county.order_lines.height <= 2_000_000
