"""Retailer classification: 档位 tiers, quarterly star scores and yearly star, scale.

Pure computation (Polars in, Polars out). One call, :func:`classify`, rates every row of
an input frame of *active* retailers for one quarter; the caller picks who is active.

Input frame (one row per retailer; see :data:`INPUT_SCHEMA`):

- ``retailer_id``: identifier, unique.
- ``history_weeks``: weeks of trading inside the quarter (1–13); fewer than
  ``TierConfig.full_weeks`` means the retailer opened within the quarter.
- ``amount`` (元), ``volume`` (条), ``high_volume`` (条 of price classes 1–2): the quarter's
  last 13 weeks of orders (zero when the retailer bought nothing).
- ``amount_last_year``: the same quarter a year earlier, null when unknown.
- ``location_type`` (``urban``/``rural``) and ``business_format`` (retailers' codes).
- ``support_score``: 0–100 from visit cooperation and information given; null means "not
  measured yet" and scores ``StarConfig.support_neutral``.
- ``compliance_flags``: count of integrity findings (unlawful trading, price breaches,
  payment defaults) in the quarter; null counts as clean.

Normalisation: sales indicators are scored by percentile rank among the rated retailers,
``(rank_min - 1) / (n - 1)`` in 0–1 (ties share the lowest rank of their group, so equal
inputs always get equal scores; a lone retailer scores 1). Amount and volume of retailers
with fewer than ``full_weeks`` of history are first scaled to a 13-week equivalent (weekly
average × 13) so that a shop opened mid-quarter is compared on its pace, and its tier is
marked provisional.

Output: :func:`classify` returns one row per input row with ``tier`` (1..N, N highest),
``provisional``, ``tier_score`` (0–100), ``scale`` (large/medium/small), ``class_code``
(e.g. ``XZ3``), the four star values and their weighted ``total`` (0–100), ``year_score``
(mean of the last four quarters' totals), ``star`` (a :class:`StarLevel` code) and
``explanation``: a JSON string with every input, normalised value, weight and contribution.
Contributions of each part sum to its score (tier score, quarterly total).
"""

from dataclasses import asdict, dataclass, field
from typing import Any, cast

import numpy as np
import polars as pl

from jinye.engines.stars import RATED_LEVELS_HIGH_TO_LOW, StarLevel

INPUT_SCHEMA = pl.Schema(
    {
        "retailer_id": pl.Int64,
        "history_weeks": pl.Int32,
        "amount": pl.Float64,
        "volume": pl.Float64,
        "high_volume": pl.Float64,
        "amount_last_year": pl.Float64,
        "location_type": pl.Utf8,
        "business_format": pl.Utf8,
        "support_score": pl.Float64,
        "compliance_flags": pl.Int32,
    }
)
PRIOR_SCHEMA = pl.Schema({"retailer_id": pl.Int64, "quarter": pl.Utf8, "total": pl.Float64})

SCALE_LARGE, SCALE_MEDIUM, SCALE_SMALL = "large", "medium", "small"


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
            raise ValueError("tiers must be at least 1")
        weights = (self.weight_amount, self.weight_volume, self.weight_structure)
        if min(weights) < 0 or abs(sum(weights) - 1) > 1e-9:
            raise ValueError(f"tier weights must be non-negative and sum to 1, got {weights}")
        if self.quantiles is not None:
            q = self.quantiles
            if len(q) != self.tiers - 1 or any(not 0 < c < 1 for c in q) or list(q) != sorted(q):
                raise ValueError(f"quantiles must be {self.tiers - 1} ascending values in (0, 1)")
        if not 1 <= self.bands <= self.tiers:
            raise ValueError("bands must be between 1 and the number of tiers")

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

    ``thresholds``: minimum yearly score for 5S2, 5S1, 4S2, 4S1, 3S, 2S (descending);
    anything lower is 1S.
    """

    weight_actual: float = 0.4
    weight_development: float = 0.2
    weight_support: float = 0.2
    weight_integrity: float = 0.2
    # 实际价值: amount and volume percentile.
    actual_weight_amount: float = 0.7
    actual_weight_volume: float = 0.3
    # 发展价值: growth vs last year, location, format.
    dev_weight_growth: float = 0.6
    dev_weight_location: float = 0.2
    dev_weight_format: float = 0.2
    growth_cap: float = 0.5  # ±50% growth maps to 100 / 0; no growth maps to 50
    location_scores: dict[str, float] = field(
        default_factory=lambda: {"urban": 100.0, "rural": 70.0}
    )
    format_scores: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_FORMAT_SCORES))
    support_neutral: float = 50.0
    integrity_penalty: float = 25.0  # points off per compliance flag
    thresholds: tuple[float, ...] = (90.0, 82.0, 74.0, 66.0, 55.0, 40.0)
    quarters: int = 4

    def __post_init__(self) -> None:
        for name, weights in (
            ("value", self.value_weights()),
            ("actual", (self.actual_weight_amount, self.actual_weight_volume)),
            (
                "development",
                (self.dev_weight_growth, self.dev_weight_location, self.dev_weight_format),
            ),
        ):
            if min(weights) < 0 or abs(sum(weights) - 1) > 1e-9:
                raise ValueError(f"{name} weights must be non-negative and sum to 1: {weights}")
        t = list(self.thresholds)
        if len(t) != len(RATED_LEVELS_HIGH_TO_LOW) - 1 or t != sorted(t, reverse=True):
            raise ValueError("star thresholds must be 6 descending scores (5S2 … 2S)")
        if self.growth_cap <= 0 or self.integrity_penalty < 0 or self.quarters < 1:
            raise ValueError("growth_cap must be > 0, integrity_penalty ≥ 0, quarters ≥ 1")

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
            raise ValueError("scale shares must be non-negative and sum to at most 1")


@dataclass(frozen=True)
class RatingConfig:
    tier: TierConfig = field(default_factory=TierConfig)
    star: StarConfig = field(default_factory=StarConfig)
    scale: ScaleConfig = field(default_factory=ScaleConfig)
    format_letters: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FORMAT_LETTERS))

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable snapshot, stored with every run."""
        return asdict(self)


def _pct_rank(col: str) -> pl.Expr:
    """Percentile rank in 0–1; ties share the lowest rank; a single row scores 1."""
    n = pl.len()
    rank = pl.col(col).rank("min").cast(pl.Float64)
    return pl.when(n > 1).then((rank - 1) / (n - 1)).otherwise(1.0)


def _tiers(position: np.ndarray, config: TierConfig) -> np.ndarray:
    return (np.searchsorted(config.cuts(), position, side="right") + 1).astype(np.int32)


def _year_scores(
    frame: pl.DataFrame, prior_totals: pl.DataFrame | None, quarter: str, quarters: int
) -> pl.DataFrame:
    """Mean of the current and up to ``quarters - 1`` previous quarterly totals per retailer."""
    current = frame.select("retailer_id", pl.lit(quarter).alias("quarter"), "total")
    if prior_totals is not None and prior_totals.height:
        prior = prior_totals.select(list(PRIOR_SCHEMA)).cast(PRIOR_SCHEMA)
        prior = prior.filter(pl.col("quarter") < quarter)
        current = pl.concat([current, prior])
    ranked = current.sort("quarter", descending=True).group_by("retailer_id").head(quarters)
    return ranked.group_by("retailer_id").agg(
        pl.col("total").mean().alias("year_score"),
        pl.struct(pl.col("quarter"), pl.col("total").round(2)).alias("year_quarters"),
    )


def _star_expr(config: StarConfig) -> pl.Expr:
    expr: Any = pl.when(pl.col("new")).then(pl.lit(StarLevel.NEW.value))
    for level, threshold in zip(RATED_LEVELS_HIGH_TO_LOW, config.thresholds, strict=False):
        expr = expr.when(pl.col("year_score") >= threshold).then(pl.lit(level.value))
    return cast(pl.Expr, expr.otherwise(pl.lit(StarLevel.ONE.value)))


def classify(
    inputs: pl.DataFrame,
    *,
    quarter: str,
    config: RatingConfig | None = None,
    prior_totals: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Rate every retailer in ``inputs`` (see the module docstring for the columns).

    ``prior_totals`` (``retailer_id``, ``quarter``, ``total``) are earlier quarters' stored
    totals; the yearly score is the mean of this quarter's total and the latest
    ``quarters - 1`` earlier ones. Quarter labels must sort chronologically (``2026Q3``).
    Raises ``ValueError`` on duplicate retailers or negative sales.
    """
    cfg = config or RatingConfig()
    tc, sc = cfg.tier, cfg.star
    missing = set(INPUT_SCHEMA) - set(inputs.columns)
    if missing:
        raise ValueError(f"input frame lacks columns: {sorted(missing)}")
    df = inputs.select(list(INPUT_SCHEMA)).cast(INPUT_SCHEMA)
    if df["retailer_id"].n_unique() != df.height:
        raise ValueError("input frame has duplicate retailer_id rows")
    negative = df.filter(pl.min_horizontal("amount", "volume", "high_volume") < 0)
    if negative.height:
        raise ValueError(
            f"amount, volume and high_volume must not be negative "
            f"(retailer_id {negative['retailer_id'][0]})"
        )
    if df.height == 0:
        return _empty_output()

    weeks = pl.col("history_weeks").clip(1, tc.full_weeks).cast(pl.Float64)
    pace = tc.full_weeks / weeks
    df = df.with_columns(
        (pl.col("history_weeks") < tc.full_weeks).alias("provisional"),
        (pl.col("amount") * pace).alias("amount_13w"),
        (pl.col("volume") * pace).alias("volume_13w"),
        pl.when(pl.col("volume") > 0)
        .then(pl.col("high_volume") / pl.col("volume"))
        .otherwise(0.0)
        .clip(0, 1)
        .alias("structure"),
    )
    df = df.with_columns(
        _pct_rank("amount_13w").alias("n_amount"),
        _pct_rank("volume_13w").alias("n_volume"),
        _pct_rank("structure").alias("n_structure"),
    )
    df = df.with_columns(
        (pl.col("n_amount") * (100 * tc.weight_amount)).alias("c_amount"),
        (pl.col("n_volume") * (100 * tc.weight_volume)).alias("c_volume"),
        (pl.col("n_structure") * (100 * tc.weight_structure)).alias("c_structure"),
    )
    df = df.with_columns(
        (pl.col("c_amount") + pl.col("c_volume") + pl.col("c_structure")).alias("tier_score")
    )
    # Percentile position of the score: the best retailer sits at 1 (tier N), the worst at 0.
    position = df.select(_pct_rank("tier_score"))["tier_score"].to_numpy()
    df = df.with_columns(pl.Series("tier", _tiers(position, tc)))
    df = _with_scale(df, cfg.scale)
    df = _with_stars(df, sc)

    year = _year_scores(df, prior_totals, quarter, sc.quarters)
    df = df.join(year, on="retailer_id", how="left")
    df = df.with_columns(_star_expr(sc).alias("star"))
    df = _with_class_code(df, cfg)
    return _with_explanation(df, cfg, quarter)


def _with_scale(df: pl.DataFrame, config: ScaleConfig) -> pl.DataFrame:
    n = df.height
    # Position from the top: ties share the best position of their group.
    top = (pl.col("amount_13w").rank("min", descending=True).cast(pl.Float64) - 1) / n
    return df.with_columns(
        pl.when(top < config.large_share)
        .then(pl.lit(SCALE_LARGE))
        .when(top < config.large_share + config.medium_share)
        .then(pl.lit(SCALE_MEDIUM))
        .otherwise(pl.lit(SCALE_SMALL))
        .alias("scale")
    )


def _with_stars(df: pl.DataFrame, c: StarConfig) -> pl.DataFrame:
    growth = pl.col("amount_13w") / pl.col("amount_last_year") - 1
    df = df.with_columns(
        pl.col("provisional").alias("new"),
        (100 * (c.actual_weight_amount * pl.col("n_amount")))
        .add(100 * c.actual_weight_volume * pl.col("n_volume"))
        .alias("actual"),
        pl.when(pl.col("amount_last_year") > 0).then(growth).otherwise(None).alias("growth"),
        pl.col("location_type").replace_strict(c.location_scores, default=50.0).alias("s_loc"),
        pl.col("business_format").replace_strict(c.format_scores, default=50.0).alias("s_fmt"),
        pl.col("support_score").fill_null(c.support_neutral).clip(0, 100).alias("support"),
        (100 - c.integrity_penalty * pl.col("compliance_flags").fill_null(0))
        .clip(0, 100)
        .cast(pl.Float64)
        .alias("integrity"),
    )
    df = df.with_columns(
        (50 + 50 * pl.col("growth").clip(-c.growth_cap, c.growth_cap) / c.growth_cap)
        .fill_null(50.0)
        .alias("s_growth"),
    )
    df = df.with_columns(
        (
            c.dev_weight_growth * pl.col("s_growth")
            + c.dev_weight_location * pl.col("s_loc")
            + c.dev_weight_format * pl.col("s_fmt")
        ).alias("development")
    )
    names = ("actual", "development", "support", "integrity")
    df = df.with_columns(
        (pl.col(name) * w).alias(f"c_{name}")
        for name, w in zip(names, c.value_weights(), strict=True)
    )
    return df.with_columns(pl.sum_horizontal(*(f"c_{name}" for name in names)).alias("total"))


def _with_class_code(df: pl.DataFrame, cfg: RatingConfig) -> pl.DataFrame:
    bands, tiers = cfg.tier.bands, cfg.tier.tiers
    band = bands - ((pl.col("tier") - 1) * bands) // tiers
    loc = pl.when(pl.col("location_type") == "rural").then(pl.lit("X")).otherwise(pl.lit("C"))
    fmt = pl.col("business_format").replace_strict(cfg.format_letters, default="Q")
    return df.with_columns(pl.concat_str(loc, fmt, band.cast(pl.Utf8)).alias("class_code"))


def _part(name: str, value: pl.Expr, norm: pl.Expr, weight: float, contrib: pl.Expr) -> pl.Expr:
    return pl.struct(
        pl.lit(name).alias("name"),
        value.alias("value"),
        norm.round(4).alias("normalised"),
        pl.lit(weight).alias("weight"),
        contrib.round(4).alias("contribution"),
    )


def _with_explanation(df: pl.DataFrame, cfg: RatingConfig, quarter: str) -> pl.DataFrame:
    tc, sc = cfg.tier, cfg.star
    tier_parts = pl.concat_list(
        _part(
            "amount",
            pl.col("amount_13w").round(2),
            pl.col("n_amount"),
            tc.weight_amount,
            pl.col("c_amount"),
        ),
        _part(
            "volume",
            pl.col("volume_13w").round(2),
            pl.col("n_volume"),
            tc.weight_volume,
            pl.col("c_volume"),
        ),
        _part(
            "structure",
            pl.col("structure").round(4),
            pl.col("n_structure"),
            tc.weight_structure,
            pl.col("c_structure"),
        ),
    )
    value_parts = pl.concat_list(
        *(
            _part(name, pl.col(name).round(4), pl.col(name) / 100, w, pl.col(f"c_{name}"))
            for name, w in zip(
                ("actual", "development", "support", "integrity"), sc.value_weights(), strict=True
            )
        )
    )
    explanation = pl.struct(
        pl.lit(quarter).alias("quarter"),
        pl.struct(
            pl.col("history_weeks"),
            pl.col("amount").round(2),
            pl.col("volume").round(2),
            pl.col("high_volume").round(2),
            pl.col("amount_last_year").round(2),
            pl.col("location_type"),
            pl.col("business_format"),
            pl.col("support_score"),
            pl.col("compliance_flags"),
        ).alias("inputs"),
        pl.struct(
            pl.col("tier_score").round(4).alias("score"),
            pl.col("tier"),
            pl.lit(tc.tiers).alias("of"),
            pl.col("provisional"),
            tier_parts.alias("parts"),
        ).alias("tier"),
        pl.struct(
            pl.col("total").round(4),
            value_parts.alias("parts"),
            pl.col("growth").round(4),
            pl.col("s_growth").round(2).alias("growth_score"),
            pl.col("s_loc").alias("location_score"),
            pl.col("s_fmt").alias("format_score"),
        ).alias("quarter_score"),
        pl.struct(
            pl.col("year_score").round(4).alias("score"),
            pl.col("year_quarters").alias("quarters"),
            pl.col("star"),
            pl.col("new"),
        ).alias("star"),
        pl.col("scale"),
    )
    return df.select(
        "retailer_id",
        "tier",
        "provisional",
        "tier_score",
        "scale",
        "class_code",
        "actual",
        "development",
        "support",
        "integrity",
        "total",
        "year_score",
        "star",
        explanation.struct.json_encode().alias("explanation"),
    )


def _empty_output() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "retailer_id": pl.Int64,
            "tier": pl.Int32,
            "provisional": pl.Boolean,
            "tier_score": pl.Float64,
            "scale": pl.Utf8,
            "class_code": pl.Utf8,
            "actual": pl.Float64,
            "development": pl.Float64,
            "support": pl.Float64,
            "integrity": pl.Float64,
            "total": pl.Float64,
            "year_score": pl.Float64,
            "star": pl.Utf8,
            "explanation": pl.Utf8,
        }
    )
