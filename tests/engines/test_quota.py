"""The monthly agreed total, its per-scale band and its review flags.

Seed 000 篇五 (三、实行总量浮动控制): "客户经理不得规定客户的下限，不得按规格约定销量。客户根据
市场的实际需求，与零售户商定供货总量，在次基础上，根据客户的经营规模为大、中、小型，进行按规定
进行浮动管理。" The total comes from the retailer's purchases, floats by its scale (default
bands: large ±10%, medium ±20%, small ±30%) and caps the month; it is never a floor.
"""

from fractions import Fraction

import polars as pl
import pytest
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
    SCALES,
    QuotaConfig,
    monthly_totals,
    review,
)

MONTHS = ["2026-08", "2026-09", "2026-10"]


def _one(scale: str, cartons: list[int] | None, config: QuotaConfig | None = None) -> dict:
    """The engine's row for one retailer of ``scale`` that bought ``cartons`` in Aug–Oct
    (None: never bought; another retailer's purchases keep the window at three months)."""
    rows = [(1, m, c) for m, c in zip(MONTHS, cartons or [], strict=False) if c]
    rows += [(2, m, 1) for m in MONTHS]
    history = pl.DataFrame(rows, schema=["retailer_id", "month", "cartons"], orient="row")
    retailers = pl.DataFrame({"retailer_id": [1], "scale": [scale]})
    return monthly_totals(retailers, history, config or QuotaConfig()).row(0, named=True)


@pytest.mark.parametrize(
    ("scale", "cartons", "agreed", "ceiling", "basis"),
    [
        # Same purchases, three scales: the band (按经营规模浮动) sets three different limits.
        ("large", [90, 100, 110], 100, 110, BASIS_HISTORY),  # 100 × 1.1
        ("medium", [90, 100, 110], 100, 120, BASIS_HISTORY),  # 100 × 1.2
        ("small", [90, 100, 110], 100, 130, BASIS_HISTORY),  # 100 × 1.3
        ("large", [33, 33, 34], 33, 36, BASIS_HISTORY),  # 100/3 → 33; 33 × 1.1 = 36.3 → 36
        ("medium", [57, 58, 59], 58, 69, BASIS_HISTORY),  # 58 × 1.2 = 69.6 → 69
        ("small", [0, 0, 25], 10, 13, BASIS_HISTORY),  # 25/3 → 8, raised to 10; 10 × 1.3
        ("large", None, 200, 220, BASIS_NEW),  # a new large retailer's default, × 1.1
        ("medium", None, 100, 120, BASIS_NEW),
        ("small", None, 50, 65, BASIS_NEW),  # 50 × 1.3
    ],
)
def test_agreed_total_floats_within_its_scales_band(
    scale: str, cartons: list[int] | None, agreed: int, ceiling: int, basis: str
) -> None:
    """总量 from the purchases (月均), then 根据客户的经营规模为大、中、小型…浮动管理."""
    row = _one(scale, cartons)
    assert (row["agreed"], row["ceiling"], row["basis"]) == (agreed, ceiling, basis)
    assert row["band"] == {"large": 0.1, "medium": 0.2, "small": 0.3}[scale]
    assert row["window"] == 3


def test_a_band_stored_a_hair_under_itself_still_gives_the_whole_limit() -> None:
    """100 × 1.15 is 114.99999999999999 in floating point; the limit is 115 条."""
    config = QuotaConfig(bands={"large": 0.15, "medium": 0.2, "small": 0.3})
    assert _one("large", [100, 100, 100], config)["ceiling"] == 115


def test_scale_factors_still_multiply_the_history() -> None:
    config = QuotaConfig(scale_factors={"large": 0.9, "medium": 1.0, "small": 1.0})
    row = _one("large", [90, 100, 110], config)
    assert (row["agreed"], row["ceiling"], row["factor"]) == (90, 99, 0.9)  # 90 × 1.1


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


def test_an_unknown_scale_or_a_missing_band_is_refused() -> None:
    history = pl.DataFrame(
        {"retailer_id": [1], "month": ["2026-10"], "cartons": [10]},
    )
    with pytest.raises(ValueError, match="unknown scale"):
        monthly_totals(
            pl.DataFrame({"retailer_id": [1], "scale": ["huge"]}), history, QuotaConfig()
        )
    with pytest.raises(ValueError, match="bands"):
        QuotaConfig(bands={"large": 0.1, "medium": 0.2})
    with pytest.raises(ValueError, match="band"):
        QuotaConfig(bands={"large": 1.0, "medium": 0.2, "small": 0.3})


def _usage(rows: list[tuple[int, float, int, int, int, int | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "agreed": pl.Int64,
            "band": pl.Float64,
            "ceiling": pl.Int64,
            "used": pl.Int64,
            "early": pl.Int64,
            "reached_on": pl.Int64,
        },
        orient="row",
    ).with_row_index("retailer_id")


@pytest.mark.parametrize(
    ("band", "ceiling", "used", "early", "reached_on", "flag", "reason"),
    [
        # 月初集中订货: 80 of 120 in the first 10 days is over 60% of the limit.
        (0.2, 120, 120, 80, 12, FLAG_TOO_SMALL, REASON_SURGE),
        # 月末无量: 95% of 120 (114) reached on day 20, 11 days before the 31st.
        (0.2, 120, 118, 30, 20, FLAG_TOO_SMALL, REASON_EXHAUSTED),
        # ... but reached on day 27 leaves 4 days, fewer than 5: not flagged.
        (0.2, 120, 118, 30, 27, FLAG_OK, REASON_IN_BAND),
        # 总量偏大: the agreed 100 less the scale's band, by scale.
        (0.1, 110, 89, 10, None, FLAG_TOO_LARGE, REASON_LOW),  # large: under 90
        (0.1, 110, 90, 10, None, FLAG_OK, REASON_IN_BAND),
        (0.2, 120, 79, 10, None, FLAG_TOO_LARGE, REASON_LOW),  # medium: under 80
        (0.2, 120, 80, 10, None, FLAG_OK, REASON_IN_BAND),
        (0.3, 130, 69, 10, None, FLAG_TOO_LARGE, REASON_LOW),  # small: under 70
        (0.3, 130, 70, 10, None, FLAG_OK, REASON_IN_BAND),
        (0.3, 130, 89, 10, None, FLAG_OK, REASON_IN_BAND),  # 89 is low for large, not small
    ],
)
def test_review_flags_by_the_totals_band(
    band: float,
    ceiling: int,
    used: int,
    early: int,
    reached_on: int | None,
    flag: str,
    reason: str,
) -> None:
    """总量商定过大或过小…月初、月末销售大起、大落 (seed 003 第八篇): agreed total 100."""
    out = review(
        _usage([(100, band, ceiling, used, early, reached_on)]),
        days_in_month=31,
        config=QuotaConfig(),
    )
    assert (out["flag"][0], out["reason"][0]) == (flag, reason)
    left = None if reached_on is None else 31 - reached_on
    assert out["days_left"][0] == left


bands = st.integers(0, 60)  # percent
scales = st.sampled_from(SCALES)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(scales, st.lists(st.integers(0, 5000), min_size=3, max_size=3))),
    st.fixed_dictionaries({s: bands for s in SCALES}),
    st.integers(1, 3),
)
def test_every_limit_is_the_agreed_total_plus_its_scales_band(
    shops: list[tuple[str, list[int]]], pct: dict[str, int], months: int
) -> None:
    """Property: agreed = the last ``months`` months' average (at least the minimum, the
    scale's default with no purchases) and ceiling = ⌊agreed × (100 + band%) / 100⌋ for the
    retailer's own scale, computed here in whole numbers."""
    config = QuotaConfig(history_months=months, bands={s: p / 100 for s, p in pct.items()})
    rows = [
        (i, m, c)
        for i, (_, cs) in enumerate(shops)
        for m, c in zip(MONTHS, cs, strict=True)
        if c  # as in the database: a month without purchases has no row
    ]
    rows += [(-1, m, 1) for m in MONTHS]  # someone bought in every month of the window
    history = pl.DataFrame(rows, schema=["retailer_id", "month", "cartons"], orient="row")
    retailers = pl.DataFrame(
        {"retailer_id": list(range(len(shops))), "scale": [s for s, _ in shops]},
        schema={"retailer_id": pl.Int64, "scale": pl.String},
    )
    out = monthly_totals(retailers, history, config).sort("retailer_id")
    for (scale, cartons), row in zip(shops, out.iter_rows(named=True), strict=True):
        recent = cartons[-months:]
        if any(recent):
            expected = max(round(Fraction(sum(recent), months)), config.minimum_total)
        else:  # bought nothing in the window: a new retailer's default
            expected = max(config.new_retailer_totals[scale], config.minimum_total)
        assert row["agreed"] == expected
        assert row["ceiling"] == expected * (100 + pct[scale]) // 100
        assert row["agreed"] <= row["ceiling"]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(10, 2000),
    scales,
    st.integers(0, 60),
    st.integers(0, 31),
    st.data(),
)
def test_ordering_less_never_makes_a_total_too_small(
    agreed: int, scale: str, pct: int, reached: int, data: st.DataObject
) -> None:
    """Property (a cap, never a floor: 不得规定客户的下限): with the month's first days and
    the day the limit was nearly used fixed, ordering less can only move a month from fine to
    too large (a smaller limit is proposed), never to too small; and a month under the
    agreed total less the band is too large exactly when 100 × used < agreed × (100 − band%)."""
    band = pct / 100
    ceiling = agreed * (100 + pct) // 100
    used = data.draw(st.integers(0, ceiling))
    less = data.draw(st.integers(0, used))
    early = data.draw(st.integers(0, less))
    reached_on = None if reached == 0 else reached
    out = review(
        _usage(
            [
                (agreed, band, ceiling, used, early, reached_on),
                (agreed, band, ceiling, less, early, reached_on),
            ]
        ),
        days_in_month=31,
        config=QuotaConfig(),
    )
    flags = out["flag"].to_list()
    if flags[0] == FLAG_TOO_SMALL:
        assert flags[1] == FLAG_TOO_SMALL  # the same surge or exhaustion, not the low total
    else:
        assert flags[1] in (flags[0], FLAG_TOO_LARGE)
    rows = zip((used, less), out.select("flag", "reason").iter_rows(), strict=True)
    for n, (flag, reason) in rows:
        if flag != FLAG_TOO_SMALL:
            low = 100 * n < agreed * (100 - pct)
            expected = (FLAG_TOO_LARGE, REASON_LOW) if low else (FLAG_OK, REASON_IN_BAND)
            assert (flag, reason) == expected
