"""Target decomposition: split an integer total into parts that sum to it exactly.

Rule: largest remainder (Hamilton). Each part gets ``floor(total * w / sum(w))``; the units
left over go one each to the parts with the largest fractional remainders, ties to the earlier
part. With no positive weight the split is even. Targets are whole 箱 (volume) or whole 元
(revenue), so every level (year → quarter → month → week, department → area → manager) sums
exactly to its parent.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction


def split_integer(total: int, weights: Sequence[int | Decimal | Fraction]) -> list[int]:
    """Split ``total`` (≥ 0) in proportion to ``weights`` (≥ 0); the result sums to ``total``."""
    if total < 0:
        raise ValueError("total must be non-negative")
    if not weights:
        raise ValueError("at least one part is needed")
    ws = [Fraction(w) for w in weights]
    if any(w < 0 for w in ws):
        raise ValueError("weights must be non-negative")
    if sum(ws) == 0:
        ws = [Fraction(1)] * len(ws)
    whole = sum(ws)
    exact = [total * w / whole for w in ws]
    parts = [int(e) for e in exact]  # floor: all values are non-negative
    left = total - sum(parts)
    order = sorted(range(len(ws)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def month_weights(last_year_monthly: Sequence[int | Decimal] | None) -> list[Fraction]:
    """Weights for the twelve months: last year's shape when given and not all zero, else even."""
    if last_year_monthly is None or not any(last_year_monthly):
        return [Fraction(1)] * 12
    if len(last_year_monthly) != 12:
        raise ValueError("last year's shape needs twelve monthly values")
    return [Fraction(v) for v in last_year_monthly]


def split_year(total: int, last_year_monthly: Sequence[int | Decimal] | None) -> list[int]:
    """Twelve monthly targets summing to ``total``."""
    return split_integer(total, month_weights(last_year_monthly))


def quarters_of(months: Sequence[int]) -> list[int]:
    """Quarter sums of twelve monthly values."""
    return [sum(months[q * 3 : q * 3 + 3]) for q in range(4)]


def split_month_into_weeks(total: int, year: int, month: int) -> list[tuple[date, int]]:
    """Split a month's target over its ISO weeks (Mondays) by the number of the month's days
    in each week, so a week straddling two months takes its share from each."""
    first = date(year, month, 1)
    nxt = date(year + month // 12, month % 12 + 1, 1)
    days: dict[date, int] = {}
    d = first
    while d < nxt:
        monday = d - timedelta(days=d.weekday())
        days[monday] = days.get(monday, 0) + 1
        d += timedelta(days=1)
    mondays = sorted(days)
    return list(zip(mondays, split_integer(total, [days[m] for m in mondays]), strict=True))
