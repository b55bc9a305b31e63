"""Property tests for the classification engine (档位, stars, scale, explanations)."""

import json
import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jinye.engines.rating import (
    RatingConfig,
    ScaleConfig,
    StarConfig,
    TierConfig,
    classify,
)
from jinye.engines.stars import RATED_LEVELS_HIGH_TO_LOW, StarLevel

FORMATS = ["grocery", "supermarket", "convenience", "tobacco_liquor", "entertainment", "other"]


@st.composite
def retailer_frames(draw: st.DrawFn, min_size: int = 1, max_size: int = 60) -> pl.DataFrame:
    n = draw(st.integers(min_size, max_size))
    money = st.floats(0, 1e6, allow_nan=False)
    rows = []
    for i in range(n):
        volume = draw(st.integers(0, 5000))
        rows.append(
            {
                "retailer_id": i + 1,
                "history_weeks": draw(st.sampled_from([13, 13, 13, 1, 6, 12])),
                "amount": draw(money),
                "volume": float(volume),
                "high_volume": float(draw(st.integers(0, volume))),
                "amount_last_year": draw(st.none() | money),
                "location_type": draw(st.sampled_from(["urban", "rural"])),
                "business_format": draw(st.sampled_from(FORMATS)),
                "support_score": draw(st.none() | st.floats(0, 100)),
                "compliance_flags": draw(st.none() | st.integers(0, 5)),
            }
        )
    return pl.DataFrame(rows)


tier_counts = st.integers(1, 40)
# Each example runs the whole engine; 40 examples keep the module under a minute.
examples = settings(max_examples=40, deadline=None)


@examples
@given(retailer_frames(), tier_counts)
def test_every_retailer_gets_exactly_one_tier_in_range(frame: pl.DataFrame, tiers: int) -> None:
    config = RatingConfig(tier=TierConfig(tiers=tiers, bands=1))
    out = classify(frame, quarter="2026Q3", config=config)
    assert sorted(out["retailer_id"].to_list()) == sorted(frame["retailer_id"].to_list())
    assert out["tier"].min() >= 1  # type: ignore[operator]
    assert out["tier"].max() <= tiers  # type: ignore[operator]
    assert out["tier"].null_count() == 0


@examples
@given(retailer_frames(min_size=2), tier_counts)
def test_tiers_are_monotone_in_score(frame: pl.DataFrame, tiers: int) -> None:
    out = classify(frame, quarter="2026Q3", config=RatingConfig(tier=TierConfig(tiers, bands=1)))
    rows = sorted(zip(out["tier_score"], out["tier"], strict=True))
    for (score_a, tier_a), (score_b, tier_b) in zip(rows, rows[1:], strict=False):
        assert tier_a <= tier_b
        if score_a == score_b:
            assert tier_a == tier_b


@examples
@given(retailer_frames(min_size=2))
def test_best_retailer_in_top_tier_and_worst_in_tier_one(frame: pl.DataFrame) -> None:
    out = classify(frame, quarter="2026Q3")
    best = out.filter(pl.col("tier_score") == pl.col("tier_score").max())
    worst = out.filter(pl.col("tier_score") == pl.col("tier_score").min())
    assert worst["tier"].to_list() == [1] * worst.height
    if best.height == 1 and worst.height < out.height:
        assert best["tier"][0] == 30


def test_equal_count_tiers_split_distinct_scores_evenly() -> None:
    n = 300
    frame = pl.DataFrame(
        {
            "retailer_id": range(1, n + 1),
            "history_weeks": [13] * n,
            "amount": [float(i) for i in range(n)],
            "volume": [float(i) for i in range(n)],
            "high_volume": [0.0] * n,
            "amount_last_year": [None] * n,
            "location_type": ["urban"] * n,
            "business_format": ["grocery"] * n,
            "support_score": [None] * n,
            "compliance_flags": [None] * n,
        }
    )
    counts = classify(frame, quarter="2026Q3")["tier"].value_counts()["count"]
    assert counts.len() == 30
    assert counts.max() - counts.min() <= 1  # type: ignore[operator]


def test_configured_quantiles_set_tier_boundaries() -> None:
    n = 100
    frame = pl.DataFrame(
        {
            "retailer_id": range(1, n + 1),
            "history_weeks": [13] * n,
            "amount": [float(i) for i in range(n)],
            "volume": [float(i) for i in range(n)],
            "high_volume": [float(i) / 2 for i in range(n)],
            "amount_last_year": [None] * n,
            "location_type": ["urban"] * n,
            "business_format": ["grocery"] * n,
            "support_score": [None] * n,
            "compliance_flags": [None] * n,
        }
    )
    # Three tiers: bottom 50%, next 40%, top 10%.
    config = RatingConfig(tier=TierConfig(tiers=3, quantiles=(0.5, 0.9), bands=1))
    out = classify(frame, quarter="2026Q3", config=config)
    counts = dict(out["tier"].value_counts().iter_rows())
    # Positions are (rank - 1) / 99: the cut at 0.5 starts at rank 51, at 0.9 at rank 91.
    assert counts == {1: 50, 2: 40, 3: 10}


@examples
@given(retailer_frames())
def test_explanation_contributions_sum_to_scores(frame: pl.DataFrame) -> None:
    out = classify(frame, quarter="2026Q3")
    for row in out.iter_rows(named=True):
        explanation = json.loads(row["explanation"])
        tier_parts = explanation["tier"]["parts"]
        value_parts = explanation["quarter_score"]["parts"]
        assert [p["name"] for p in tier_parts] == ["amount", "volume", "structure"]
        assert sum(p["contribution"] for p in tier_parts) == pytest.approx(
            row["tier_score"], abs=1e-3
        )
        assert sum(p["contribution"] for p in value_parts) == pytest.approx(row["total"], abs=1e-3)
        for p in [*tier_parts, *value_parts]:
            assert p["contribution"] == pytest.approx(p["normalised"] * p["weight"] * 100, abs=2e-2)
        assert explanation["inputs"]["amount"] == pytest.approx(
            row_input(frame, row)["amount"], abs=0.006
        )


def row_input(frame: pl.DataFrame, row: dict) -> dict:
    return frame.filter(pl.col("retailer_id") == row["retailer_id"]).row(0, named=True)


thresholds = st.lists(st.floats(0, 100), min_size=6, max_size=6).map(
    lambda xs: tuple(sorted(xs, reverse=True))
)


@examples
@given(retailer_frames(), thresholds)
def test_star_thresholds_are_respected(frame: pl.DataFrame, cuts: tuple[float, ...]) -> None:
    out = classify(frame, quarter="2026Q3", config=RatingConfig(star=StarConfig(thresholds=cuts)))
    merged = out.join(frame.select("retailer_id", "history_weeks"), on="retailer_id")
    for row in merged.iter_rows(named=True):
        if row["history_weeks"] < 13:
            assert row["star"] == StarLevel.NEW
            continue
        expected = next(
            (
                lvl
                for lvl, c in zip(RATED_LEVELS_HIGH_TO_LOW, cuts, strict=False)
                if row["year_score"] >= c
            ),
            StarLevel.ONE,
        )
        assert row["star"] == expected
        assert 0 <= row["total"] <= 100


@examples
@given(retailer_frames(min_size=1, max_size=80), st.floats(0, 0.5), st.floats(0, 0.5))
def test_scale_shares_follow_config(frame: pl.DataFrame, large: float, medium: float) -> None:
    n = frame.height
    # Distinct amounts so that no tie straddles a boundary.
    frame = frame.with_columns(
        pl.Series("amount", [float(i * 10 + 1) for i in range(n)]),
        pl.lit(13).alias("history_weeks"),
    )
    out = classify(frame, quarter="2026Q3", config=RatingConfig(scale=ScaleConfig(large, medium)))
    counts = dict(out["scale"].value_counts().iter_rows())
    expected_large = sum(1 for k in range(n) if k / n < large)
    expected_top = sum(1 for k in range(n) if k / n < large + medium)
    assert counts.get("large", 0) == expected_large
    assert counts.get("large", 0) + counts.get("medium", 0) == expected_top
    smallest_large = out.filter(pl.col("scale") == "large").join(frame, on="retailer_id")
    rest = out.filter(pl.col("scale") != "large").join(frame, on="retailer_id")
    if smallest_large.height and rest.height:
        assert smallest_large["amount"].min() > rest["amount"].max()  # type: ignore[operator]


def _one(**overrides: object) -> dict:
    row: dict[str, object] = {
        "retailer_id": 1,
        "history_weeks": 13,
        "amount": 1000.0,
        "volume": 10.0,
        "high_volume": 5.0,
        "amount_last_year": None,
        "location_type": "rural",
        "business_format": "grocery",
        "support_score": None,
        "compliance_flags": None,
    }
    row.update(overrides)
    return row


def test_yearly_star_uses_mean_of_last_four_quarters() -> None:
    frame = pl.DataFrame([_one()])
    current = classify(frame, quarter="2026Q3")["total"][0]
    prior = pl.DataFrame(
        {
            "retailer_id": [1, 1, 1, 1, 1],
            "quarter": ["2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2"],
            "total": [0.0, 0.0, 100.0, 100.0, 100.0],
        }
    )
    out = classify(frame, quarter="2026Q3", prior_totals=prior)
    # 2025Q2 and 2025Q3 are older than the last four quarters and must not count.
    assert out["year_score"][0] == pytest.approx((current + 300) / 4)


def test_new_retailer_is_provisional_and_new_star() -> None:
    out = classify(pl.DataFrame([_one(history_weeks=4)]), quarter="2026Q3")
    assert out["provisional"][0] is True
    assert out["star"][0] == StarLevel.NEW


def test_provisional_retailer_is_compared_on_weekly_pace() -> None:
    frame = pl.DataFrame(
        [
            _one(retailer_id=1, amount=1300.0, volume=13.0),
            _one(retailer_id=2, amount=200.0, volume=2.0, history_weeks=1),
        ]
    )
    out = classify(frame, quarter="2026Q3").sort("retailer_id")
    # 200 in one week is a 2,600 pace over 13 weeks: ahead of 1,300.
    assert out["tier"][1] > out["tier"][0]


def test_compliance_flags_lower_integrity_and_class_code() -> None:
    frame = pl.DataFrame(
        [
            _one(retailer_id=1, compliance_flags=2),
            _one(retailer_id=2, location_type="urban", business_format="supermarket"),
        ]
    )
    out = classify(frame, quarter="2026Q3").sort("retailer_id")
    assert out["integrity"].to_list() == [50.0, 100.0]
    assert out["class_code"][0].startswith("XZ")
    assert out["class_code"][1].startswith("CS")


def test_bad_input_is_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        classify(pl.DataFrame([_one(), _one()]), quarter="2026Q3")
    with pytest.raises(ValueError, match="negative"):
        classify(pl.DataFrame([_one(amount=-1.0)]), quarter="2026Q3")
    with pytest.raises(ValueError, match="sum to 1"):
        TierConfig(weight_amount=0.5)
    with pytest.raises(ValueError, match="descending"):
        StarConfig(thresholds=(1, 2, 3, 4, 5, 6))


@examples
@given(retailer_frames(min_size=3))
def test_higher_sales_never_give_lower_tier(frame: pl.DataFrame) -> None:
    boosted = frame.with_columns(
        pl.when(pl.col("retailer_id") == 1)
        .then(pl.col("amount") * 2 + 1)
        .otherwise(pl.col("amount"))
        .alias("amount")
    )
    before = classify(frame, quarter="2026Q3").filter(pl.col("retailer_id") == 1)["tier"][0]
    after = classify(boosted, quarter="2026Q3").filter(pl.col("retailer_id") == 1)["tier"][0]
    assert after >= before
    assert math.isfinite(after)
