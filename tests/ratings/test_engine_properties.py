"""Property tests for the classification engine (档位, stars, scale, explanations)."""

import json

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jinye.engines.rating import RatingConfig, ScaleConfig, StarConfig, TierConfig, classify
from jinye.engines.stars import RATED_LEVELS_HIGH_TO_LOW, StarLevel
from tests.ratings.frames import retailer_frames

tier_counts = st.integers(1, 40)
# Each example runs the whole engine; 40 examples keep the module well under a minute.
examples = settings(max_examples=40, deadline=None)


def _tiers(n: int) -> RatingConfig:
    return RatingConfig(tier=TierConfig(tiers=n, bands=1))


@examples
@given(retailer_frames(), tier_counts)
def test_every_retailer_gets_exactly_one_tier_in_range(frame: pl.DataFrame, tiers: int) -> None:
    out = classify(frame, quarter="2026Q3", config=_tiers(tiers))
    assert out["retailer_id"].to_list() == sorted(frame["retailer_id"].to_list())
    assert out["tier"].null_count() == 0
    assert out["tier"].min() >= 1  # type: ignore[operator]
    assert out["tier"].max() <= tiers  # type: ignore[operator]


@examples
@given(retailer_frames(min_size=2), tier_counts)
def test_tiers_are_monotone_in_score(frame: pl.DataFrame, tiers: int) -> None:
    out = classify(frame, quarter="2026Q3", config=_tiers(tiers))
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


@examples
@given(retailer_frames(min_size=3))
def test_more_sales_never_give_a_lower_tier(frame: pl.DataFrame) -> None:
    boosted = frame.with_columns(
        pl.when(pl.col("retailer_id") == 1)
        .then(pl.col("amount") * 2 + 1)
        .otherwise(pl.col("amount"))
        .alias("amount")
    )
    before = classify(frame, quarter="2026Q3").filter(pl.col("retailer_id") == 1)
    after = classify(boosted, quarter="2026Q3").filter(pl.col("retailer_id") == 1)
    assert after["tier"][0] >= before["tier"][0]
    assert after["tier_score"][0] >= before["tier_score"][0]


def _check_parts(parts: list[dict], total: float) -> None:
    assert sum(p["contribution"] for p in parts) == pytest.approx(total, abs=2e-3)
    for p in parts:
        assert p["contribution"] == pytest.approx(p["normalised"] * p["weight"] * 100, abs=2e-2)


@examples
@given(retailer_frames())
def test_explanation_contributions_sum_to_scores(frame: pl.DataFrame) -> None:
    out = classify(frame, quarter="2026Q3")
    inputs = {r["retailer_id"]: r for r in frame.iter_rows(named=True)}
    for row in out.iter_rows(named=True):
        explanation = json.loads(row["explanation"])
        tier_parts = explanation["tier"]["parts"]
        assert [p["name"] for p in tier_parts] == ["amount", "volume", "structure"]
        _check_parts(tier_parts, row["tier_score"])
        values = explanation["quarter_score"]["parts"]
        assert [p["name"] for p in values] == ["actual", "development", "support", "integrity"]
        _check_parts(values, row["total"])
        for value in values:
            assert value["value"] == pytest.approx(row[value["name"]], abs=1e-3)
            # Indicator points are on the value's own 0–100 scale.
            _check_parts(value["parts"], value["value"])
        assert explanation["tier"]["tier"] == row["tier"]
        assert explanation["star"]["star"] == row["star"]
        source = inputs[row["retailer_id"]]
        assert explanation["inputs"]["amount"] == pytest.approx(source["amount"], abs=0.006)
        assert explanation["inputs"]["visits"] == source["visits"]


thresholds = st.lists(st.floats(0, 100), min_size=6, max_size=6).map(
    lambda xs: tuple(sorted(xs, reverse=True))
)


@examples
@given(retailer_frames(), thresholds)
def test_star_thresholds_are_respected(frame: pl.DataFrame, cuts: tuple[float, ...]) -> None:
    out = classify(frame, quarter="2026Q3", config=RatingConfig(star=StarConfig(thresholds=cuts)))
    weeks = dict(frame.select("retailer_id", "history_weeks").iter_rows())
    for row in out.iter_rows(named=True):
        assert 0 <= row["total"] <= 100
        if weeks[row["retailer_id"]] < 13:
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
    assert counts.get("large", 0) == sum(1 for k in range(n) if k / n < large)
    assert counts.get("large", 0) + counts.get("medium", 0) == sum(
        1 for k in range(n) if k / n < large + medium
    )
    large_rows = out.filter(pl.col("scale") == "large").join(frame, on="retailer_id")
    rest = out.filter(pl.col("scale") != "large").join(frame, on="retailer_id")
    if large_rows.height and rest.height:
        assert large_rows["amount"].min() > rest["amount"].max()  # type: ignore[operator]


@examples
@given(retailer_frames(), st.randoms(use_true_random=False))
def test_result_is_deterministic_and_independent_of_row_order(frame: pl.DataFrame, rnd) -> None:
    prior = frame.select(
        "retailer_id",
        pl.lit("2026Q2").alias("quarter"),
        (pl.col("retailer_id") % 97).cast(pl.Float64).alias("total"),
    )
    first = classify(frame, quarter="2026Q3", prior_totals=prior)
    order = list(range(frame.height))
    rnd.shuffle(order)
    shuffled = classify(frame[order], quarter="2026Q3", prior_totals=prior[order[::-1]])
    assert first.equals(shuffled)
    assert first.equals(classify(frame, quarter="2026Q3", prior_totals=prior))
