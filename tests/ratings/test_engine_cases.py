"""The classification engine on hand-made departments, with numbers worked out by hand."""

import json

import polars as pl
import pytest

from jinye.engines.rating import (
    OUTPUT_SCHEMA,
    RatingConfig,
    ScaleConfig,
    StarConfig,
    TierConfig,
    classify,
)
from jinye.engines.stars import StarLevel
from tests.ratings.frames import ladder, row


def _by_id(out: pl.DataFrame) -> dict[int, dict]:
    return {r["retailer_id"]: r for r in out.iter_rows(named=True)}


def test_tier_score_is_the_weighted_percentiles() -> None:
    # Amount rises with the id, volume falls; nobody buys class 1–2 (structure ties at 0).
    frame = pl.DataFrame(
        [
            row(retailer_id=1, amount=100.0, volume=3.0, high_volume=0.0),
            row(retailer_id=2, amount=200.0, volume=2.0, high_volume=0.0),
            row(retailer_id=3, amount=300.0, volume=1.0, high_volume=0.0),
        ]
    )
    config = RatingConfig(tier=TierConfig(tiers=3, bands=1))
    out = _by_id(classify(frame, quarter="2026Q3", config=config))
    assert [out[i]["tier_score"] for i in (1, 2, 3)] == pytest.approx([20.0, 45.0, 70.0])
    assert [out[i]["tier"] for i in (1, 2, 3)] == [1, 2, 3]


def test_equal_count_tiers_split_distinct_scores_evenly() -> None:
    counts = classify(ladder(300), quarter="2026Q3")["tier"].value_counts()
    assert sorted(counts["tier"].to_list()) == list(range(1, 31))
    assert set(counts["count"].to_list()) == {10}


def test_configured_quantiles_set_tier_boundaries() -> None:
    # Three tiers: bottom 50%, next 40%, top 10%.
    config = RatingConfig(tier=TierConfig(tiers=3, quantiles=(0.5, 0.9), bands=1))
    out = classify(ladder(100), quarter="2026Q3", config=config)
    # Positions are (rank - 1) / 99: the cut at 0.5 starts at rank 51, at 0.9 at rank 91.
    assert dict(out["tier"].value_counts().iter_rows()) == {1: 50, 2: 40, 3: 10}
    assert out.filter(pl.col("retailer_id") == 91)["tier"][0] == 3


def test_identical_retailers_share_a_tier() -> None:
    frame = pl.DataFrame([row(retailer_id=i) for i in range(1, 6)])
    assert classify(frame, quarter="2026Q3")["tier"].unique().to_list() == [1]


def test_a_lone_retailer_is_in_the_top_tier() -> None:
    out = classify(pl.DataFrame([row()]), quarter="2026Q3")
    assert out["tier"][0] == 30 and out["tier_score"][0] == pytest.approx(100.0)


def test_class_code_is_location_format_and_band() -> None:
    frame = ladder(30).with_columns(
        pl.when(pl.col("retailer_id") == 30)
        .then(pl.lit("urban"))
        .otherwise(pl.lit("rural"))
        .alias("location_type"),
        pl.when(pl.col("retailer_id") == 30)
        .then(pl.lit("supermarket"))
        .otherwise(pl.lit("grocery"))
        .alias("business_format"),
    )
    out = _by_id(classify(frame, quarter="2026Q3"))
    # 30 tiers in 5 bands of 6: tier 30 is band 1, tier 15 band 3, tier 1 band 5.
    assert out[30]["class_code"] == "CS1"
    assert out[15]["class_code"] == "XZ3"
    assert out[1]["class_code"] == "XZ5"


def test_development_value_from_growth_location_and_format() -> None:
    frame = pl.DataFrame([row(amount=1300.0, amount_last_year=1000.0)])
    out = classify(frame, quarter="2026Q3")
    # growth +30% with a ±50% cap → 80; rural 70; grocery 70 → 0.6·80 + 0.2·70 + 0.2·70.
    assert out["development"][0] == pytest.approx(76.0)
    parts = json.loads(out["explanation"][0])["quarter_score"]["parts"][1]["parts"]
    assert [(p["name"], p["contribution"]) for p in parts] == [
        ("growth", 48.0),
        ("location", 14.0),
        ("format", 14.0),
    ]


def test_support_value_from_visits_and_neutral_without_visits() -> None:
    frame = pl.DataFrame(
        [
            row(retailer_id=1, visits=4, info_visits=3, guided_visits=2),
            row(retailer_id=2),
            row(retailer_id=3, visits=0, info_visits=0, guided_visits=0),
        ]
    )
    out = _by_id(classify(frame, quarter="2026Q3"))
    assert out[1]["support"] == pytest.approx(0.6 * 75 + 0.4 * 50)
    assert out[2]["support"] == pytest.approx(50.0)
    assert out[3]["support"] == pytest.approx(50.0)


def test_compliance_flags_lower_integrity() -> None:
    frame = pl.DataFrame(
        [
            row(retailer_id=1, compliance_flags=2),
            row(retailer_id=2),
            row(retailer_id=3, compliance_flags=9),
        ]
    )
    out = _by_id(classify(frame, quarter="2026Q3"))
    assert [out[i]["integrity"] for i in (1, 2, 3)] == [50.0, 100.0, 0.0]


def test_yearly_star_uses_mean_of_last_four_quarters() -> None:
    frame = pl.DataFrame([row()])
    current = classify(frame, quarter="2026Q3")["total"][0]
    prior = pl.DataFrame(
        {
            "retailer_id": [1, 1, 1, 1, 1, 1],
            "quarter": ["2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q4"],
            "total": [0.0, 0.0, 100.0, 100.0, 100.0, 0.0],
        }
    )
    out = classify(frame, quarter="2026Q3", prior_totals=prior)
    # 2025Q2/Q3 are older than the last four quarters; 2026Q4 is later than the run.
    assert out["year_score"][0] == pytest.approx((current + 300) / 4)
    quarters = json.loads(out["explanation"][0])["star"]["quarters"]
    assert [q["quarter"] for q in quarters] == ["2026Q3", "2026Q2", "2026Q1", "2025Q4"]


def test_star_levels_follow_thresholds_by_hand() -> None:
    cuts = (90.0, 80.0, 70.0, 60.0, 50.0, 40.0)
    config = RatingConfig(star=StarConfig(thresholds=cuts))
    prior = pl.DataFrame(
        {"retailer_id": [1, 1, 1], "quarter": ["2025Q4", "2026Q1", "2026Q2"], "total": [0.0] * 3}
    )
    low = classify(pl.DataFrame([row()]), quarter="2026Q3", config=config, prior_totals=prior)
    assert low["year_score"][0] < 40 and low["star"][0] == StarLevel.ONE
    top = classify(pl.DataFrame([row()]), quarter="2026Q3", config=config)
    # A lone clean retailer: actual 100, development 0.6·50+0.2·70+0.2·70=58, support 50,
    # integrity 100 → 0.4·100 + 0.2·58 + 0.2·50 + 0.2·100 = 81.6 → 五星一级 (≥ 80).
    assert top["total"][0] == pytest.approx(81.6)
    assert top["star"][0] == StarLevel.FIVE_1


def test_new_retailer_is_provisional_and_new_star() -> None:
    out = classify(pl.DataFrame([row(history_weeks=4)]), quarter="2026Q3")
    assert out["provisional"][0] is True
    assert out["star"][0] == StarLevel.NEW


def test_provisional_retailer_is_compared_on_weekly_pace() -> None:
    frame = pl.DataFrame(
        [
            row(retailer_id=1, amount=1300.0, volume=13.0),
            row(retailer_id=2, amount=200.0, volume=2.0, history_weeks=1),
        ]
    )
    out = _by_id(classify(frame, quarter="2026Q3"))
    # 200 in one week is a 2,600 pace over 13 weeks: ahead of 1,300.
    assert out[2]["tier"] > out[1]["tier"]


def test_scale_by_amount_share() -> None:
    out = _by_id(
        classify(ladder(10), quarter="2026Q3", config=RatingConfig(scale=ScaleConfig(0.1, 0.3)))
    )
    assert [out[i]["scale"] for i in range(10, 0, -1)] == ["large"] + ["medium"] * 3 + ["small"] * 6


def test_empty_frame_gives_empty_result_with_schema() -> None:
    out = classify(pl.DataFrame([row()]).clear(), quarter="2026Q3")
    assert out.height == 0 and out.schema == OUTPUT_SCHEMA


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pl.DataFrame([row(), row()]), "duplicate"),
        (pl.DataFrame([row(amount=-1.0)]), "amount must not be negative"),
        (pl.DataFrame([row(visits=2, info_visits=3, guided_visits=0)]), "must not exceed visits"),
        (pl.DataFrame([row(compliance_flags=-1)]), "compliance_flags must not be negative"),
        (pl.DataFrame([row()]).drop("volume"), "lacks columns"),
    ],
)
def test_bad_input_is_rejected(frame: pl.DataFrame, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        classify(frame, quarter="2026Q3")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: TierConfig(weight_amount=0.5), "tier weights"),
        (lambda: TierConfig(tiers=0), "at least 1"),
        (lambda: TierConfig(tiers=3, quantiles=(0.9, 0.5), bands=1), "ascending"),
        (lambda: TierConfig(tiers=3, quantiles=(0.5,), bands=1), "2 ascending"),
        (lambda: StarConfig(thresholds=(1, 2, 3, 4, 5, 6)), "descending"),
        (lambda: StarConfig(weight_actual=0.9), "star value weights"),
        (lambda: StarConfig(thresholds=(190, 82, 74, 66, 55, 40)), "0–100"),
        (lambda: ScaleConfig(0.8, 0.3), "at most 1"),
    ],
)
def test_bad_config_is_rejected(build, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()
