from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jinye.engines.price_class import (
    TRANSFER_DEFAULTS,
    WHOLESALE_DEFAULTS,
    PriceClassThresholds,
    classify,
    classify_frame,
)

prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2)


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        ("100", 1),  # lower bounds are inclusive
        ("99.99", 2),
        ("70", 2),
        ("69.99", 3),
        ("30", 3),
        ("29.99", 4),
        ("16.5", 4),
        ("16.49", 5),
        ("0.01", 5),
        ("1200", 1),
    ],
)
def test_industry_bounds_on_transfer_price(price: str, expected: int) -> None:
    assert classify(Decimal(price), TRANSFER_DEFAULTS) == expected


@given(a=prices, b=prices)
def test_class_is_monotone_in_price(a: Decimal, b: Decimal) -> None:
    lo, hi = sorted([a, b])
    assert classify(hi, TRANSFER_DEFAULTS) <= classify(lo, TRANSFER_DEFAULTS)


@given(price=prices)
def test_class_matches_the_band_the_price_falls_in(price: Decimal) -> None:
    bounds = TRANSFER_DEFAULTS.bounds()
    klass = classify(price, TRANSFER_DEFAULTS)
    upper = bounds[klass - 2] if klass >= 2 else None
    lower = bounds[klass - 1] if klass <= 4 else Decimal(0)
    assert price >= lower
    assert upper is None or price < upper


def test_non_positive_price_is_rejected() -> None:
    with pytest.raises(ValueError, match="positive"):
        classify(Decimal("0"), TRANSFER_DEFAULTS)


def test_thresholds_must_descend() -> None:
    with pytest.raises(ValueError, match="descending"):
        PriceClassThresholds(Decimal("70"), Decimal("100"), Decimal("30"), Decimal("16.5"))


@given(st.lists(st.tuples(st.one_of(st.none(), prices), prices), min_size=1, max_size=40))
def test_frame_agrees_with_scalar_rule(rows: list[tuple[Decimal | None, Decimal]]) -> None:
    frame = pl.DataFrame(
        {
            "transfer_price": [float(t) if t is not None else None for t, _ in rows],
            "wholesale_price": [float(w) for _, w in rows],
        }
    )
    got = classify_frame(frame)["price_class"].to_list()
    want = [
        classify(t, TRANSFER_DEFAULTS) if t is not None else classify(w, WHOLESALE_DEFAULTS)
        for t, w in rows
    ]
    assert got == want
