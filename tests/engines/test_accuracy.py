import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jinye.engines.accuracy import score, with_line_scores


def frame(rows: list[tuple[str, float, float]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["k", "forecast", "actual"], orient="row")


def test_line_accuracy_hand_cases() -> None:
    lines = with_line_scores(
        frame([("a", 90, 100), ("b", 130, 100), ("c", 250, 100), ("d", 0, 0), ("e", 5, 0)])
    )
    assert lines["accuracy"].to_list() == pytest.approx([0.9, 0.7, 0.0, 1.0, 0.0])
    assert lines["weight"].to_list() == [100, 100, 100, 0, 5]


def test_group_accuracy_is_volume_weighted_with_phantom_volume() -> None:
    # hits: 90 + 70 + 0 + 0 + 0 = 160; weight: 300 (A>0) + 5 (A=0, F=5) = 305
    out = score(frame([("a", 90, 100), ("b", 130, 100), ("c", 250, 100), ("d", 0, 0), ("e", 5, 0)]))
    assert out["accuracy"][0] == pytest.approx(160 / 305)
    # totals: F = 475, A = 300 → 1 − 175/300
    assert out["total_accuracy"][0] == pytest.approx(1 - 175 / 300)
    assert out["mae"][0] == pytest.approx((10 + 30 + 150 + 0 + 5) / 5)
    assert out["bias"][0] == pytest.approx(175 / 300)
    assert out["mase"][0] is None


def test_grouping_and_mase() -> None:
    df = pl.DataFrame(
        {
            "k": ["x", "x", "y"],
            "forecast": [10, 20, 0],
            "actual": [12, 20, 0],
            "scale": [1.0, 3.0, 0.0],
        }
    )
    out = score(df, ["k"])
    assert out["k"].to_list() == ["x", "y"]
    x, y = out.row(0, named=True), out.row(1, named=True)
    assert x["accuracy"] == pytest.approx((10 + 20) / 32)
    assert x["mase"] == pytest.approx(2 / 4)
    assert y["accuracy"] == 1.0  # nothing forecast, nothing ordered
    assert y["mase"] is None and y["bias"] is None


def test_rejects_negative_and_missing() -> None:
    with pytest.raises(ValueError, match="negative"):
        score(frame([("a", -1, 3)]))
    with pytest.raises(ValueError, match="actual"):
        score(pl.DataFrame({"forecast": [1.0]}))


pairs = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.floats(0, 1e5, allow_nan=False),
        st.floats(0, 1e5, allow_nan=False),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(pairs)
def test_accuracy_in_unit_interval(rows: list[tuple[int, float, float]]) -> None:
    df = pl.DataFrame(rows, schema=["k", "forecast", "actual"], orient="row")
    for out in (score(df), score(df, ["k"])):
        for col in ("accuracy", "total_accuracy"):
            assert all(0.0 <= v <= 1.0 for v in out[col].to_list())


@settings(max_examples=60, deadline=None)
@given(pairs)
def test_perfect_forecast_scores_one(rows: list[tuple[int, float, float]]) -> None:
    df = pl.DataFrame(
        [(k, a, a) for k, _, a in rows], schema=["k", "forecast", "actual"], orient="row"
    )
    out = score(df, ["k"])
    assert out["accuracy"].to_list() == pytest.approx([1.0] * out.height)
    assert all(math.isclose(v, 0.0) for v in out["mae"].to_list())
