"""Configuration of the classification engine (defaults from domain.md; all numbers are
configuration). Each config validates itself on construction and raises
:class:`~jinye.engines.reasons.Refusal` (a ``ValueError``) with a code, the figures at fault
and an English sentence naming the field and the reason."""

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from jinye.engines.reasons import Refusal
from jinye.engines.stars import RATED_LEVELS_HIGH_TO_LOW

SCALE_LARGE, SCALE_MEDIUM, SCALE_SMALL = "large", "medium", "small"


def _check_weights(name: str, weights: tuple[float, ...]) -> None:
    if min(weights) < 0 or abs(sum(weights) - 1) > 1e-6:
        raise Refusal(
            "weights_not_one",
            f"{name} weights must be non-negative and sum to 1, got {weights}",
            group=name,
            weights=list(weights),
        )


@dataclass(frozen=True)
class TierConfig:
    """档位: weighted score of amount / volume / structure (domain.md default 70/20/10).

    ``quantiles``: the N−1 ascending cut points in (0, 1) of the percentile position that
    start tiers 2..N; ``None`` means equal-count tiers (cut ``i/N``).
    """

    tiers: int = 30
    weight_amount: float = 0.7
    weight_volume: float = 0.2
    weight_structure: float = 0.1
    quantiles: tuple[float, ...] | None = None
    full_weeks: int = 13
    # Class-code bands: tiers grouped into this many bands, band 1 the highest tiers.
    bands: int = 5

    def __post_init__(self) -> None:
        if self.tiers < 1:
            raise Refusal("too_few_tiers", f"tiers must be at least 1, got {self.tiers}")
        _check_weights("tier", (self.weight_amount, self.weight_volume, self.weight_structure))
        if self.quantiles is not None:
            q = list(self.quantiles)
            if len(q) != self.tiers - 1 or any(not 0 < c < 1 for c in q) or q != sorted(q):
                raise Refusal(
                    "bad_quantiles",
                    f"quantiles must be {self.tiers - 1} ascending values in (0, 1), got {q}",
                    n=self.tiers - 1,
                )
        if not 1 <= self.bands <= self.tiers:
            raise Refusal("bad_bands", "bands must be between 1 and the number of tiers")
        if self.full_weeks < 1:
            raise Refusal("bad_full_weeks", "full_weeks must be at least 1")

    def cuts(self) -> np.ndarray:
        if self.quantiles is not None:
            return np.asarray(self.quantiles, dtype=np.float64)
        return np.arange(1, self.tiers, dtype=np.float64) / self.tiers


DEFAULT_FORMAT_SCORES: dict[str, float] = {
    "supermarket": 100.0,
    "convenience": 90.0,
    "tobacco_liquor": 90.0,
    "mall": 80.0,
    "grocery": 70.0,
    "entertainment": 60.0,
    "other": 50.0,
}
DEFAULT_FORMAT_LETTERS: dict[str, str] = {
    "grocery": "Z",
    "supermarket": "S",
    "convenience": "B",
    "tobacco_liquor": "Y",
    "entertainment": "F",
    "mall": "M",
    "other": "Q",
}


@dataclass(frozen=True)
class StarConfig:
    """Star rating (seed 001 第一篇): four 0–100 values, weighted total, yearly star.

    Each value is a weighted sum of indicator scores (0–100):

    - 实际价值 actual: percentile of amount and of volume;
    - 发展价值 development: growth against the same quarter last year (±``growth_cap`` maps
      to 100 / 0, no change to 50), location score, business-format score;
    - 支持价值 support: share of the quarter's visits where the retailer gave market
      information, and share where it took business guidance; ``support_neutral`` when it
      had no recorded visit;
    - 诚信价值 integrity: 100 minus ``integrity_penalty`` per compliance finding.

    ``thresholds``: minimum yearly score for 5S2, 5S1, 4S2, 4S1, 3S, 2S (descending);
    anything lower is 1S.
    """

    weight_actual: float = 0.4
    weight_development: float = 0.2
    weight_support: float = 0.2
    weight_integrity: float = 0.2
    actual_weight_amount: float = 0.7
    actual_weight_volume: float = 0.3
    dev_weight_growth: float = 0.6
    dev_weight_location: float = 0.2
    dev_weight_format: float = 0.2
    growth_cap: float = 0.5
    location_scores: dict[str, float] = field(
        default_factory=lambda: {"urban": 100.0, "rural": 70.0}
    )
    format_scores: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_FORMAT_SCORES))
    unknown_score: float = 50.0  # location or format missing from the tables above
    support_weight_information: float = 0.6
    support_weight_guidance: float = 0.4
    support_neutral: float = 50.0
    integrity_penalty: float = 25.0
    thresholds: tuple[float, ...] = (90.0, 82.0, 74.0, 66.0, 55.0, 40.0)
    quarters: int = 4

    def __post_init__(self) -> None:
        _check_weights("star value", self.value_weights())
        _check_weights("actual", (self.actual_weight_amount, self.actual_weight_volume))
        _check_weights(
            "development",
            (self.dev_weight_growth, self.dev_weight_location, self.dev_weight_format),
        )
        _check_weights("support", (self.support_weight_information, self.support_weight_guidance))
        t = list(self.thresholds)
        if len(t) != len(RATED_LEVELS_HIGH_TO_LOW) - 1 or t != sorted(t, reverse=True):
            raise Refusal(
                "thresholds_not_descending",
                f"star thresholds must be 6 descending scores (5S2 … 2S), got {t}",
            )
        if any(not 0 <= x <= 100 for x in t):
            raise Refusal("thresholds_out_of_range", f"star thresholds must lie in 0–100, got {t}")
        if self.growth_cap <= 0:
            raise Refusal("bad_growth_cap", "growth_cap must be > 0")
        if self.integrity_penalty < 0:
            raise Refusal("bad_integrity_penalty", "integrity_penalty must be ≥ 0")
        if self.quarters < 1:
            raise Refusal("bad_quarters", "quarters must be ≥ 1")
        scores = [
            self.support_neutral,
            self.unknown_score,
            *self.location_scores.values(),
            *self.format_scores.values(),
        ]
        if any(not 0 <= s <= 100 for s in scores):
            raise Refusal(
                "scores_out_of_range",
                "location, format, unknown and neutral scores must lie in 0–100",
            )

    def value_weights(self) -> tuple[float, float, float, float]:
        return (
            self.weight_actual,
            self.weight_development,
            self.weight_support,
            self.weight_integrity,
        )


@dataclass(frozen=True)
class ScaleConfig:
    """Scale (seed 000 篇五) by 13-week amount: top ``large_share`` large, next medium."""

    large_share: float = 0.10
    medium_share: float = 0.30

    def __post_init__(self) -> None:
        if (
            self.large_share < 0
            or self.medium_share < 0
            or self.large_share + self.medium_share > 1
        ):
            raise Refusal(
                "bad_scale_shares",
                "scale shares must be non-negative and sum to at most 1, got "
                f"large {self.large_share}, medium {self.medium_share}",
            )


@dataclass(frozen=True)
class RatingConfig:
    tier: TierConfig = field(default_factory=TierConfig)
    star: StarConfig = field(default_factory=StarConfig)
    scale: ScaleConfig = field(default_factory=ScaleConfig)
    format_letters: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FORMAT_LETTERS))

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable snapshot, stored with every run."""
        return asdict(self)
