"""The monthly agreed total and its review flags."""

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from jinye.engines.quota import (
    BASIS_HISTORY,
    BASIS_NEW,
    FLAG_OK,
    FLAG_TOO_LARGE,
    FLAG_TOO_SMALL,
    REASON_EXHAUSTED,
    REASON_IN_BAND,
    REASON_LOW,
    REASON_SURGE,
    QuotaConfig,
    monthly_totals,
    review,
)


def test_agreed_total_is_history_average_times_scale_with_band() -> None:
    retailers = pl.DataFrame({"retailer_id": [1, 2], "scale": ["large", "small"]})
    history = pl.DataFrame(
        {
            "retailer_id": [1, 1, 1],
            "month": ["2026-08", "2026-09", "2026-10"],
            "cartons": [90, 100, 110],
        }
    )
    config = QuotaConfig(scale_factors={"large": 0.9, "medium": 1.0, "small": 1.0})
    out = monthly_totals(retailers, history, config).sort("retailer_id")
    assert out["agreed"].to_list() == [90, 50]  # 100 × 0.9; no history → small default
    assert out["ceiling"].to_list() == [108, 60]
    assert out["basis"].to_list() == [BASIS_HISTORY, BASIS_NEW]
    assert out["factor"].to_list() == [0.9, 1.0] and out["window"].to_list() == [3, 3]


def test_only_recent_months_count_and_missing_months_are_zero() -> None:
    retailers = pl.DataFrame({"retailer_id": [1], "scale": ["medium"]})
    history = pl.DataFrame(
        {
            "retailer_id": [1, 1, 2],
            "month": ["2026-01", "2026-10", "2026-09"],
            "cartons": [999, 60, 5],
        }
    )
    out = monthly_totals(retailers, history, QuotaConfig(history_months=2))
    assert out["agreed"].to_list() == [30]  # (0 in 09 + 60 in 10) / 2


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 500), min_size=1, max_size=6), st.floats(0, 0.5))
def test_ceiling_is_agreed_plus_band(cartons: list[int], band: float) -> None:
    history = pl.DataFrame(
        {"retailer_id": [1] * len(cartons), "month": list(range(len(cartons))), "cartons": cartons}
    )
    out = monthly_totals(
        pl.DataFrame({"retailer_id": [1], "scale": ["small"]}), history, QuotaConfig(band=band)
    )
    agreed, ceiling = out["agreed"][0], out["ceiling"][0]
    assert agreed >= 10
    assert agreed <= ceiling <= agreed * (1 + band) + 1e-9


def test_review_flags_surge_exhaustion_and_too_large() -> None:
    usage = pl.DataFrame(
        {
            "retailer_id": [1, 2, 3, 4],
            "agreed": [100, 100, 100, 100],
            "ceiling": [120, 120, 120, 120],
            "used": [120, 118, 50, 100],
            "early": [80, 30, 10, 40],
            "reached_on": [12, 20, None, None],
        }
    )
    out = review(usage, days_in_month=31, config=QuotaConfig())
    assert out["flag"].to_list() == [FLAG_TOO_SMALL, FLAG_TOO_SMALL, FLAG_TOO_LARGE, FLAG_OK]
    assert out["reason"].to_list() == [REASON_SURGE, REASON_EXHAUSTED, REASON_LOW, REASON_IN_BAND]
    assert out["days_left"].to_list() == [19, 11, None, None]
