"""A career window's score against the ladder's thresholds (seed 004, the issue 23 decision).

The seed says only that a person who reaches (达到) a standard moves up and one who misses
(未达到) it moves down. We compare the unrounded mean, as exact decimals, with each
threshold: a mean of 64.9967 does not meet 65, and three monthly scores of 70.1 do meet 70.1
(binary floating point would say 70.09999…). The score a reader sees is rounded to 0.01 but
never lands on the other side of a threshold than the exact mean: 64.9967 reads 64.99.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

WINDOW_MONTHS = 3


@dataclass(frozen=True)
class Score:
    """A window's mean: ``exact`` for comparisons, ``shown`` (0.01) for reasons and pages."""

    exact: Fraction
    shown: float


def exact(value: float) -> Fraction:
    """``value`` as the decimal it was written as: 70.1 is 701/10, not its binary neighbour."""
    return Fraction(repr(float(value)))


def window_mean(scores: Sequence[float | None]) -> Fraction | None:
    """Exact mean of the window's three monthly scores; None unless all three exist."""
    if len(scores) != WINDOW_MONTHS or any(s is None for s in scores):
        return None
    return sum((exact(s) for s in scores if s is not None), Fraction(0)) / WINDOW_MONTHS


def meets(mean: Fraction, min_score: float) -> bool:
    """The unrounded comparison: 64.9967 does not meet 65."""
    return mean >= exact(min_score)


def shown_score(mean: Fraction, thresholds: Iterable[float]) -> float:
    """``mean`` to 0.01 for reasons and pages, on the same side of every threshold as the
    exact mean: rounded, but rounded down (up) where rounding would cross a threshold."""
    rounded = round(mean, 2)
    for t in map(exact, thresholds):
        if mean < t <= rounded:
            return math.floor(mean * 100) / 100
        if rounded < t <= mean:
            return math.ceil(mean * 100) / 100
    return float(rounded)
