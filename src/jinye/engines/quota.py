"""Total-quantity floating management (总量浮动管理): each retailer's agreed monthly total.

Pure Polars. Seed 000 篇五: "客户经理不得规定客户的下限，不得按规格约定销量。客户根据市场的
实际需求，与零售户商定供货总量，在次基础上，根据客户的经营规模为大、中、小型，进行按规定进行
浮动管理。" So the agreed total comes from the retailer's recent monthly purchases, and it
floats within its scale's band. The seeds give no figures for the bands; the defaults are
ours: ±10% for a large retailer (seed 002 篇六 limits large retailers, 对经营大户实行限量),
±20% for a medium one (domain.md's band) and ±30% for a small one (a small shop's month
varies most against its total). The month's ceiling is the agreed total plus the band; it
caps what the retailer may order in the month. There is no floor: the review only ever
proposes a larger or smaller ceiling, and no per-SKU amount is set. Reviews flag totals that
proved too small (month-start surge, exhausted before month end) or too large (the month
closed with less than the agreed total less the band ordered).
"""

from dataclasses import dataclass, field

import polars as pl

FLAG_OK = "ok"
FLAG_TOO_SMALL = "too_small"
FLAG_TOO_LARGE = "too_large"

FLAGS = (FLAG_OK, FLAG_TOO_SMALL, FLAG_TOO_LARGE)

# How an agreed total was set.
BASIS_HISTORY = "history"  # from the recent months' average purchases
BASIS_NEW = "new"  # no purchases yet: the scale's default total

# Why a month got its flag (the review's ``reason`` column).
REASON_SURGE = "surge"  # much of the ceiling ordered in the month's first days
REASON_EXHAUSTED = "exhausted"  # the ceiling nearly used up days before month end
REASON_LOW = "low"  # the month closed with less than the agreed total less the band ordered
REASON_IN_BAND = "in_band"  # none of the above

SCALES = ("large", "medium", "small")


@dataclass(frozen=True)
class QuotaConfig:
    """Every number of the rule. ``bands`` are the floating bands by scale (0.2 = ±20%);
    ``scale_factors`` multiply the history average by scale; ``new_retailer_totals`` are used
    for a retailer without history; ``surge_days`` / ``surge_share``: having ordered at least
    this share of the ceiling within the month's first days is a month-start surge;
    ``exhaust_share``: having used this share of the ceiling with ``exhaust_days_left`` or more
    days left is exhaustion."""

    history_months: int = 3
    bands: dict[str, float] = field(
        default_factory=lambda: {"large": 0.1, "medium": 0.2, "small": 0.3}
    )
    scale_factors: dict[str, float] = field(
        default_factory=lambda: {"large": 1.0, "medium": 1.0, "small": 1.0}
    )
    new_retailer_totals: dict[str, int] = field(
        default_factory=lambda: {"large": 200, "medium": 100, "small": 50}
    )
    minimum_total: int = 10
    surge_days: int = 10
    surge_share: float = 0.6
    exhaust_share: float = 0.95
    exhaust_days_left: int = 5

    def __post_init__(self) -> None:
        if set(self.bands) != set(SCALES) or set(self.scale_factors) != set(SCALES):
            raise ValueError(f"bands and scale factors must be given for {', '.join(SCALES)}")
        if any(not 0 <= b < 1 for b in self.bands.values()):
            raise ValueError("every band must be in [0, 1)")
        if self.history_months < 1:
            raise ValueError("history_months must be ≥ 1")
        if any(f <= 0 for f in self.scale_factors.values()):
            raise ValueError("scale factors must be > 0")
        if not 0 < self.surge_share <= 1 or not 0 < self.exhaust_share <= 1:
            raise ValueError("surge_share and exhaust_share must be in (0, 1]")

    def as_dict(self) -> dict[str, object]:
        return {
            "history_months": self.history_months,
            "bands": dict(self.bands),
            "scale_factors": dict(self.scale_factors),
            "new_retailer_totals": dict(self.new_retailer_totals),
            "minimum_total": self.minimum_total,
            "surge_days": self.surge_days,
            "surge_share": self.surge_share,
            "exhaust_share": self.exhaust_share,
            "exhaust_days_left": self.exhaust_days_left,
        }


def monthly_totals(
    retailers: pl.DataFrame, history: pl.DataFrame, config: QuotaConfig
) -> pl.DataFrame:
    """Agreed totals for a month.

    ``retailers``: ``retailer_id, scale``. ``history``: ``retailer_id, month`` (any sortable
    label) and ``cartons``, the retailer's purchases in each of the previous months; only the
    last ``history_months`` months present in ``history`` are used, and a month without
    purchases counts as 0. Returns ``retailer_id, scale, months, history_avg, factor`` (the
    scale's factor), ``window`` (how many months were averaged), ``agreed``, ``band`` (the
    scale's band), ``ceiling`` (``agreed × (1 + band)``, rounded down) and ``basis``
    (``BASIS_HISTORY`` or ``BASIS_NEW``); the app renders the explanation from them. A scale
    other than large, medium or small is a ``ValueError``.
    """
    unknown = set(retailers["scale"].unique().to_list()) - set(SCALES)
    if unknown:
        raise ValueError(f"unknown scale(s): {', '.join(sorted(map(str, unknown)))}")
    months = sorted(history["month"].unique().to_list())[-config.history_months :]
    n_months = len(months)
    per = (
        history.filter(pl.col("month").is_in(months))
        .group_by("retailer_id")
        .agg(pl.col("cartons").sum().alias("sum"), pl.col("month").n_unique().alias("months"))
    )
    factors = pl.col("scale").replace_strict(config.scale_factors, return_dtype=pl.Float64)
    bands = pl.col("scale").replace_strict(config.bands, return_dtype=pl.Float64)
    fresh = pl.col("scale").replace_strict(
        {k: float(v) for k, v in config.new_retailer_totals.items()}, default=0.0
    )
    df = retailers.select("retailer_id", "scale").join(per, on="retailer_id", how="left")
    df = df.with_columns(
        pl.col("months").fill_null(0),
        (pl.col("sum").fill_null(0) / max(n_months, 1)).alias("history_avg"),
    )
    agreed = (
        pl.when(pl.col("months") > 0)
        .then((pl.col("history_avg") * factors).round(0))
        .otherwise(fresh)
        .clip(lower_bound=config.minimum_total)
        .cast(pl.Int64)
    )
    df = df.with_columns(agreed.alias("agreed"), bands.alias("band"))
    df = df.with_columns(_ceiling(pl.col("agreed"), pl.col("band")).alias("ceiling"))
    basis = pl.when(pl.col("months") > 0).then(pl.lit(BASIS_HISTORY)).otherwise(pl.lit(BASIS_NEW))
    return df.with_columns(
        basis.alias("basis"), factors.alias("factor"), pl.lit(n_months).alias("window")
    ).select(
        "retailer_id",
        "scale",
        "months",
        "history_avg",
        "factor",
        "window",
        "agreed",
        "band",
        "ceiling",
        "basis",
    )


def _ceiling(agreed: pl.Expr, band: pl.Expr) -> pl.Expr:
    """``agreed × (1 + band)`` rounded down; the tolerance keeps 100 × 1.15 at 115, not at
    114 (1.15 is stored a hair under itself)."""
    return (agreed * (1 + band) + 1e-9).floor().cast(pl.Int64)


def review(usage: pl.DataFrame, *, days_in_month: int, config: QuotaConfig) -> pl.DataFrame:
    """Flags for a finished (or running) month.

    ``usage``: ``retailer_id, agreed, band`` (the band the total was set with), ``ceiling,
    used`` (the month's ordered 条), ``early``
    (ordered within the first ``surge_days`` days) and ``reached_on`` (day of month when the
    running total first reached ``exhaust_share`` of the ceiling, null if never). Returns
    ``retailer_id, flag, reason`` (a ``REASON_*`` code) and ``days_left`` (days of the month
    after ``reached_on``); a month still running cannot be flagged too large, so pass only
    finished months for that. Too large only ever leads to a smaller ceiling being proposed:
    ordering little is never held against the retailer.
    """
    ceiling = pl.col("ceiling").cast(pl.Float64)
    surge = pl.col("early") >= ceiling * config.surge_share
    exhausted = pl.col("reached_on").is_not_null() & (
        (days_in_month - pl.col("reached_on")) >= config.exhaust_days_left
    )
    low = pl.col("used") < pl.col("agreed") * (1 - pl.col("band")) - 1e-9
    flag = (
        pl.when(surge | exhausted)
        .then(pl.lit(FLAG_TOO_SMALL))
        .when(low)
        .then(pl.lit(FLAG_TOO_LARGE))
        .otherwise(pl.lit(FLAG_OK))
    )
    reason = (
        pl.when(surge)
        .then(pl.lit(REASON_SURGE))
        .when(exhausted)
        .then(pl.lit(REASON_EXHAUSTED))
        .when(low)
        .then(pl.lit(REASON_LOW))
        .otherwise(pl.lit(REASON_IN_BAND))
    )
    return usage.select(
        "retailer_id",
        flag.alias("flag"),
        reason.alias("reason"),
        (days_in_month - pl.col("reached_on")).alias("days_left"),
    )
