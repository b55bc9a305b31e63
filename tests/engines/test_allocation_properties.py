"""Property tests for the scarce-SKU allocation engine, with an LP check of max-min fairness."""

import highspy
import numpy as np
import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jinye.engines.allocation import (
    METHODS,
    RULE_CAP,
    RULE_LARGE_LIMIT,
    RULE_REQUEST,
    AllocationConfig,
    allocate,
)

examples = settings(max_examples=60, deadline=None)
TABLE = {1: 1, 5: 2, 10: 4, 20: 8, 30: 12}


@st.composite
def request_frames(draw: st.DrawFn, max_size: int = 25) -> pl.DataFrame:
    n = draw(st.integers(1, max_size))
    ints = st.integers
    return pl.DataFrame(
        {
            "retailer_id": list(range(1, n + 1)),
            "request": draw(st.lists(ints(0, 60), min_size=n, max_size=n)),
            "tier": draw(st.lists(ints(1, 30), min_size=n, max_size=n)),
            "scale": draw(
                st.lists(st.sampled_from(["large", "medium", "small"]), min_size=n, max_size=n)
            ),
            "location_type": draw(
                st.lists(st.sampled_from(["urban", "rural"]), min_size=n, max_size=n)
            ),
            "cap": draw(st.lists(st.none() | ints(0, 40), min_size=n, max_size=n)),
        },
        schema_overrides={"cap": pl.Int64},
    )


configs = st.builds(
    AllocationConfig,
    method=st.sampled_from(METHODS),
    tier_table=st.just(TABLE),
    per_retailer_cap=st.none() | st.integers(0, 50),
    large_limit=st.none() | st.integers(0, 30),
    rural_tilt=st.none() | st.floats(1.0, 3.0),
)


@examples
@given(request_frames(), st.integers(0, 2000), configs)
def test_never_more_than_supply_request_or_cap(
    frame: pl.DataFrame, supply: int, config: AllocationConfig
) -> None:
    out = allocate(frame, supply, config)
    allowance = out["allowance"]
    assert allowance.dtype == pl.Int64
    assert (allowance >= 0).all()
    assert int(allowance.sum()) <= supply
    assert (allowance <= out["request"]).all()
    capped = out.filter(pl.col("cap").is_not_null())
    assert (capped["allowance"] <= capped["cap"]).all()
    if config.large_limit is not None:
        assert (out.filter(pl.col("scale") == "large")["allowance"] <= config.large_limit).all()


@examples
@given(request_frames(), st.integers(0, 2000), configs)
def test_supply_is_used_up_to_what_can_be_given(
    frame: pl.DataFrame, supply: int, config: AllocationConfig
) -> None:
    out = allocate(frame, supply, config)
    assert int(out["allowance"].sum()) == min(supply, int(out["bound"].sum()))
    assert out["rule"].null_count() == 0


@examples
@given(
    st.lists(st.integers(1, 30), min_size=2, max_size=20),
    st.integers(1, 40),
    st.integers(0, 400),
)
@example(tiers=[5, 6], request=1, supply=1)  # equal table quantity: the tie goes up-tier
def test_by_tier_is_monotone_in_tier(tiers: list[int], request: int, supply: int) -> None:
    n = len(tiers)
    frame = pl.DataFrame(
        {
            "retailer_id": list(range(n)),
            "request": [request] * n,
            "tier": tiers,
            "scale": ["medium"] * n,
            "location_type": ["urban"] * n,
        }
    )
    out = allocate(frame, supply, AllocationConfig(method="by_tier", tier_table=TABLE))
    rows = sorted(zip(out["tier"], out["allowance"], strict=True))
    for (_, a), (_, b) in zip(rows, rows[1:], strict=False):
        assert a <= b


def lexicographic_max_min(bounds: list[int], supply: int) -> list[float]:
    """Progressive filling by a sequence of LPs (HiGHS): maximise the common level t of the
    unfixed retailers, fix those whose bound binds (or all when the supply binds), repeat."""
    n = len(bounds)
    fixed: dict[int, float] = {}
    while len(fixed) < n:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        inf = highspy.kHighsInf
        for i in range(n):
            lo = fixed.get(i, 0.0)
            hi = fixed.get(i, float(bounds[i]))
            h.addCol(0.0, lo, hi, 0, [], [])
        h.addCol(1.0, 0.0, inf, 0, [], [])  # t
        t = n
        h.addRow(-inf, float(supply), n, list(range(n)), [1.0] * n)
        for i in range(n):
            if i not in fixed:
                h.addRow(0.0, inf, 2, [i, t], [1.0, -1.0])  # x_i - t >= 0
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.run()
        level = h.getSolution().col_value[t]
        open_ = [i for i in range(n) if i not in fixed]
        binding = [i for i in open_ if bounds[i] <= level + 1e-7]
        for i in binding or open_:
            fixed[i] = float(min(bounds[i], level))
    return [fixed[i] for i in range(n)]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=8), st.integers(0, 150))
def test_max_min_fair_matches_lp_progressive_filling(requests: list[int], supply: int) -> None:
    n = len(requests)
    frame = pl.DataFrame(
        {
            "retailer_id": list(range(n)),
            "request": requests,
            "tier": [1] * n,
            "scale": ["small"] * n,
            "location_type": ["urban"] * n,
        }
    )
    out = allocate(frame, supply, AllocationConfig(method="max_min_fair"))
    optimum = np.array(lexicographic_max_min(requests, supply))
    got = out["allowance"].to_numpy()
    # Integer rounding moves each allowance by less than one carton from the LP optimum.
    assert np.all(np.abs(got - optimum) < 1 + 1e-6)
    assert np.allclose(out["share"].to_numpy(), optimum, atol=1e-6)


def test_scarce_supply_example_explains_each_rule() -> None:
    frame = pl.DataFrame(
        {
            "retailer_id": [1, 2, 3],
            "request": [40, 5, 30],
            "tier": [30, 10, 20],
            "scale": ["large", "small", "medium"],
            "location_type": ["urban", "rural", "urban"],
            "cap": [None, None, 8],
        },
        schema_overrides={"cap": pl.Int64},
    )
    config = AllocationConfig(method="max_min_fair", large_limit=10)
    out = allocate(frame, 100, config)
    assert out["allowance"].to_list() == [10, 5, 8]
    assert out["rule"].to_list() == [RULE_LARGE_LIMIT, RULE_REQUEST, RULE_CAP]
    assert out["level"].n_unique() == 1


def test_bad_config_and_input_are_rejected() -> None:
    with pytest.raises(ValueError, match="tier table"):
        AllocationConfig(method="by_tier")
    with pytest.raises(ValueError, match="lacks column"):
        allocate(pl.DataFrame({"retailer_id": [1]}), 5, AllocationConfig(method="proportional"))
