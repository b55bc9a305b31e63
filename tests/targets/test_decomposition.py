"""Target decomposition sums exactly at every level."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from jinye.engines.targets import quarters_of, split_integer, split_month_into_weeks, split_year


@given(
    st.integers(min_value=0, max_value=10**7),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=40),
)
def test_split_sums_exactly_and_stays_within_one_of_exact(total, weights):
    parts = split_integer(total, weights)
    assert sum(parts) == total
    whole = sum(weights) or len(weights)
    for p, w in zip(parts, weights or [], strict=True):
        share = total * (w if sum(weights) else 1) / whole
        assert abs(p - share) < 1


def test_year_by_last_years_shape_then_quarter_and_weeks():
    shape = [10, 20, 30, 40, 0, 0, 0, 0, 0, 0, 0, 0]
    months = split_year(15060, shape)
    assert months[:4] == [1506, 3012, 4518, 6024]
    assert quarters_of(months) == [9036, 6024, 0, 0]
    weeks = split_month_into_weeks(months[0], 2026, 1)
    assert weeks[0][0] == date(2025, 12, 29)  # week of 1 January 2026
    assert sum(q for _, q in weeks) == 1506


def test_even_split_when_no_history():
    assert split_year(13, None) == [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
