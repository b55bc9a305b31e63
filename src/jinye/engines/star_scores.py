"""The four quarterly star values, their weighted total and the yearly star.

Pure Polars; expects the columns added by :func:`jinye.engines.tiers.with_sales_indicators`.
Every value is a weighted sum of indicator scores (0–100); the explanation lists each
indicator's score, weight and contribution (``score × weight``), which sum to the value.
"""

from typing import Any, cast

import polars as pl

from jinye.engines.rating_config import StarConfig
from jinye.engines.stars import RATED_LEVELS_HIGH_TO_LOW, StarLevel

PRIOR_SCHEMA = pl.Schema({"retailer_id": pl.Int64, "quarter": pl.Utf8, "total": pl.Float64})
VALUES = ("actual", "development", "support", "integrity")


def indicator_weights(c: StarConfig) -> dict[str, dict[str, float]]:
    """Per value, its indicators (column ``s_<name>``) and their weights."""
    return {
        "actual": {"amount": c.actual_weight_amount, "volume": c.actual_weight_volume},
        "development": {
            "growth": c.dev_weight_growth,
            "location": c.dev_weight_location,
            "format": c.dev_weight_format,
        },
        "support": {
            "information": c.support_weight_information,
            "guidance": c.support_weight_guidance,
        },
        "integrity": {"compliance": 1.0},
    }


def with_values(df: pl.DataFrame, c: StarConfig) -> pl.DataFrame:
    """Adds ``growth``, the indicator scores ``s_*``, the four values, their weighted
    contributions ``c_<value>`` and ``total``."""
    visits = pl.col("visits").fill_null(0)
    measured = visits > 0
    growth = pl.col("amount_13w") / pl.col("amount_last_year") - 1
    df = df.with_columns(
        pl.when(pl.col("amount_last_year") > 0).then(growth).otherwise(None).alias("growth"),
        (100 * pl.col("n_amount")).alias("s_amount"),
        (100 * pl.col("n_volume")).alias("s_volume"),
        pl.col("location_type")
        .replace_strict(c.location_scores, default=c.unknown_score, return_dtype=pl.Float64)
        .alias("s_location"),
        pl.col("business_format")
        .replace_strict(c.format_scores, default=c.unknown_score, return_dtype=pl.Float64)
        .alias("s_format"),
        pl.when(measured)
        .then(100 * pl.col("info_visits").fill_null(0) / visits)
        .otherwise(c.support_neutral)
        .clip(0, 100)
        .alias("s_information"),
        pl.when(measured)
        .then(100 * pl.col("guided_visits").fill_null(0) / visits)
        .otherwise(c.support_neutral)
        .clip(0, 100)
        .alias("s_guidance"),
        (100 - c.integrity_penalty * pl.col("compliance_flags").fill_null(0))
        .clip(0, 100)
        .cast(pl.Float64)
        .alias("s_compliance"),
    )
    df = df.with_columns(
        (50 + 50 * pl.col("growth").clip(-c.growth_cap, c.growth_cap) / c.growth_cap)
        .fill_null(50.0)
        .alias("s_growth"),
    )
    weights = indicator_weights(c)
    df = df.with_columns(
        pl.sum_horizontal(pl.col(f"s_{name}") * w for name, w in weights[value].items()).alias(
            value
        )
        for value in VALUES
    )
    df = df.with_columns(
        (pl.col(value) * w).alias(f"c_{value}")
        for value, w in zip(VALUES, c.value_weights(), strict=True)
    )
    return df.with_columns(pl.sum_horizontal(*(f"c_{v}" for v in VALUES)).alias("total"))


def year_scores(
    frame: pl.DataFrame, prior_totals: pl.DataFrame | None, quarter: str, quarters: int
) -> pl.DataFrame:
    """Per retailer: ``year_score``, the mean of this quarter's total and up to
    ``quarters - 1`` earlier quarterly totals (latest first), and ``year_quarters`` listing
    them."""
    current = frame.select("retailer_id", pl.lit(quarter).alias("quarter"), "total")
    if prior_totals is not None and prior_totals.height:
        prior = prior_totals.select(list(PRIOR_SCHEMA)).cast(PRIOR_SCHEMA)
        prior = prior.filter(pl.col("quarter") < quarter)
        current = pl.concat([current, prior])
    latest = current.sort(["retailer_id", "quarter"], descending=[False, True])
    latest = latest.group_by("retailer_id", maintain_order=True).head(quarters)
    return latest.group_by("retailer_id", maintain_order=True).agg(
        pl.col("total").mean().alias("year_score"),
        pl.struct(pl.col("quarter"), pl.col("total").round(2)).alias("year_quarters"),
    )


def star_expr(config: StarConfig) -> pl.Expr:
    """新增户 for ``new`` rows, else the highest level whose threshold the yearly score
    reaches, else 一星."""
    expr: Any = pl.when(pl.col("new")).then(pl.lit(StarLevel.NEW.value))
    for level, threshold in zip(RATED_LEVELS_HIGH_TO_LOW, config.thresholds, strict=False):
        expr = expr.when(pl.col("year_score") >= threshold).then(pl.lit(level.value))
    return cast(pl.Expr, expr.otherwise(pl.lit(StarLevel.ONE.value)))
