"""Engine input rows for the rating tests: one hand-made row, and hypothesis frames."""

import polars as pl
from hypothesis import strategies as st

FORMATS = ["grocery", "supermarket", "convenience", "tobacco_liquor", "entertainment", "other"]


def row(**overrides: object) -> dict[str, object]:
    """A full-quarter rural grocery with modest sales, no visits and a clean record."""
    base: dict[str, object] = {
        "retailer_id": 1,
        "history_weeks": 13,
        "amount": 1000.0,
        "volume": 10.0,
        "high_volume": 5.0,
        "amount_last_year": None,
        "location_type": "rural",
        "business_format": "grocery",
        "visits": None,
        "info_visits": None,
        "guided_visits": None,
        "compliance_flags": None,
    }
    base.update(overrides)
    return base


def ladder(n: int, **overrides: object) -> pl.DataFrame:
    """``n`` full-quarter retailers with strictly rising amount and volume (id 1 lowest)."""
    return pl.DataFrame(
        [
            row(retailer_id=i, amount=100.0 * i, volume=float(i), **overrides)
            for i in range(1, n + 1)
        ]
    )


def _visit_counts(draw: st.DrawFn) -> dict[str, int | None]:
    visits = draw(st.none() | st.integers(0, 12))
    if visits is None:
        return {"visits": None, "info_visits": None, "guided_visits": None}
    return {
        "visits": visits,
        "info_visits": draw(st.integers(0, visits)),
        "guided_visits": draw(st.integers(0, visits)),
    }


@st.composite
def retailer_frames(draw: st.DrawFn, min_size: int = 1, max_size: int = 60) -> pl.DataFrame:
    """Random departments: ties, zero sales, mid-quarter openings, missing indicators."""
    n = draw(st.integers(min_size, max_size))
    money = st.floats(0, 1e6, allow_nan=False) | st.sampled_from([0.0, 500.0])
    rows = []
    for i in range(n):
        volume = draw(st.integers(0, 5000))
        rows.append(
            row(
                retailer_id=i + 1,
                history_weeks=draw(st.sampled_from([13, 13, 13, 1, 6, 12])),
                amount=draw(money),
                volume=float(volume),
                high_volume=float(draw(st.integers(0, volume))),
                amount_last_year=draw(st.none() | money),
                location_type=draw(st.sampled_from(["urban", "rural"])),
                business_format=draw(st.sampled_from(FORMATS)),
                compliance_flags=draw(st.none() | st.integers(0, 5)),
                **_visit_counts(draw),
            )
        )
    return pl.DataFrame(rows)
