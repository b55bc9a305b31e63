from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jinye.engines.forecast import (
    ForecastConfig,
    festival_profile,
    forecast_month,
    monthly,
    reconcile,
    weekly_grid,
)
from jinye.engines.lunar_calendar import festival_offset, festival_week, spring_festival

pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning")

START = date(2023, 1, 2)  # a Monday
SF_FACTOR = {-4: 1.5, -3: 1.8, -2: 1.8, -1: 1.5, 0: 0.45, 1: 0.6, 2: 0.7}


def season(week: date) -> float:
    return SF_FACTOR.get(festival_offset(week), 1.0)


def make_sales(weeks: int, seed: int = 0) -> pl.DataFrame:
    """Two areas, two SKUs, three retailers each; Poisson demand with the festival pattern."""
    rng = np.random.default_rng(seed)
    rows = []
    for retailer in range(6):
        for sku in range(2):
            for w in range(weeks):
                week = START + timedelta(weeks=w)
                q = int(rng.poisson((2 + retailer + 3 * sku) * season(week)))
                if q:
                    rows.append((retailer + 1, sku + 1, retailer % 2 + 1, week, q))
    return pl.DataFrame(
        rows, schema=["retailer_id", "sku_id", "area_id", "week", "qty"], orient="row"
    )


@pytest.fixture(scope="module")
def result():
    return forecast_month(make_sales(160), date(2025, 12, 1))


def test_calendar() -> None:
    assert spring_festival(2026) == date(2026, 2, 17)
    assert festival_week(2026) == date(2026, 2, 16)
    assert festival_offset(date(2026, 2, 9)) == -1
    assert festival_offset(date(2026, 2, 16)) == 0
    assert festival_offset(date(2025, 12, 1)) == -11
    with pytest.raises(ValueError, match="2020–2030"):
        spring_festival(2035)


def test_horizon_keys_and_non_negative(result) -> None:
    sales = make_sales(160)
    assert result.history_end == date(2025, 11, 24)
    assert result.horizon_weeks == 5  # weeks of 1, 8, 15, 22, 29 December
    keys = sales.select("retailer_id", "sku_id").unique().sort("retailer_id", "sku_id")
    assert result.retailer.select("retailer_id", "sku_id").equals(keys)
    assert result.area.height == 4
    assert (result.retailer["qty"] >= 0).all() and (result.area["qty"] >= 0).all()
    assert result.retailer["qty"].dtype == pl.Int64


def test_retailers_sum_exactly_to_area(result) -> None:
    sums = result.retailer.group_by("area_id", "sku_id").agg(pl.col("qty").sum())
    joined = result.area.join(sums, on=["area_id", "sku_id"], suffix="_retailers")
    assert joined.height == 4
    assert (joined["qty"] == joined["qty_retailers"]).all()


def test_models_chosen_from_candidates(result) -> None:
    assert set(result.area["model"]) <= {"AutoETS", "Theta", "WindowAverage", "Naive"}
    assert set(result.retailer["model"]) <= {"CrostonSBA", "TSB", "ADIDA", "IMAPA"}
    assert result.backtest.filter(pl.col("level") == "area").height == 4 * 4


def test_profile_finds_the_festival(result) -> None:
    factors = dict(result.profile.iter_rows())
    assert factors[-3] > 1.4 and factors[0] < 0.7 and 0.8 < factors[5] < 1.2


def test_beats_naive_on_festival_month() -> None:
    sales = make_sales(165, seed=3)
    month = date(2026, 2, 1)
    res = forecast_month(sales, month)
    actual_w = make_sales(200, seed=4)  # an independent draw of the same demand process
    actual = (
        actual_w.filter(pl.col("week") > res.history_end)
        .rename({"qty": "forecast"})
        .with_columns(pl.col("forecast").cast(pl.Float64), pl.lit("-").alias("model"))
        .with_columns(pl.concat_str("area_id", "sku_id", separator="|").alias("uid"))
        .rename({"week": "ds"})
    )
    truth = monthly(actual, month).select("uid", pl.col("forecast").alias("actual"))
    last = (
        sales.filter(pl.col("week") == res.history_end)
        .group_by("area_id", "sku_id")
        .agg((pl.col("qty").sum() * 28 / 7).alias("naive"))
    )
    cmp = (
        res.area.with_columns(pl.concat_str("area_id", "sku_id", separator="|").alias("uid"))
        .join(truth, on="uid")
        .join(last, on=["area_id", "sku_id"])
    )
    model_err = (cmp["forecast"] - cmp["actual"]).abs().sum()
    naive_err = (cmp["naive"] - cmp["actual"]).abs().sum()
    assert model_err < 0.6 * naive_err


def test_monthly_spreads_weeks_over_days() -> None:
    weekly = pl.DataFrame(
        {
            "uid": ["a", "a", "a"],
            "ds": [date(2026, 11, 23), date(2026, 11, 30), date(2026, 12, 7)],
            "forecast": [70.0, 70.0, 7.0],
            "model": ["m"] * 3,
        }
    )
    # 30 Nov–6 Dec has 6 December days; 7–13 Dec all 7
    out = monthly(weekly, date(2026, 12, 1))
    assert out["forecast"][0] == pytest.approx(60 + 7)


def test_short_series_use_historic_average() -> None:
    sales = make_sales(160).filter(pl.col("week") >= date(2025, 10, 6))
    res = forecast_month(sales, date(2025, 12, 1))
    assert set(res.area["model"]) == {"HistoricAverage"}


def test_rejects_bad_sales() -> None:
    bad = make_sales(30).with_columns(pl.col("week") + timedelta(days=1))
    with pytest.raises(ValueError, match="Mondays"):
        forecast_month(bad, date(2023, 9, 1))


def test_fugue_native_engine_matches_in_process() -> None:
    sales = make_sales(60).filter(pl.col("retailer_id") <= 2)
    a = forecast_month(sales, date(2024, 3, 1))
    b = forecast_month(sales, date(2024, 3, 1), config=ForecastConfig(engine="native"))
    assert a.retailer["qty"].to_list() == b.retailer["qty"].to_list()
    assert b.area["forecast"].to_list() == pytest.approx(a.area["forecast"].to_list())


def test_grid_zero_fills_from_first_sale() -> None:
    sales = pl.DataFrame(
        {"retailer_id": [1], "sku_id": [1], "area_id": [1], "week": [date(2026, 1, 5)], "qty": [3]}
    )
    grid = weekly_grid(sales, ["retailer_id", "sku_id"], date(2026, 1, 19))
    assert grid["qty"].to_list() == [3.0, 0.0, 0.0]
    assert festival_profile(grid)["factor"].to_list() == [1.0] * 12


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.floats(0, 50), min_size=1, max_size=8),
    st.lists(st.floats(0, 50), min_size=8, max_size=8),
    st.integers(0, 500),
)
def test_reconcile_sums_exactly(bottoms: list[float], recents: list[float], total: int) -> None:
    n = len(bottoms)
    bottom = pl.DataFrame(
        {
            "area_id": [1] * n,
            "sku_id": [1] * n,
            "retailer_id": list(range(n)),
            "bottom": bottoms,
            "recent": recents[:n],
        }
    )
    top = pl.DataFrame({"area_id": [1], "sku_id": [1], "qty": [total]})
    out = reconcile(bottom, top)
    assert out["qty"].sum() == total
    assert (out["qty"] >= 0).all()
