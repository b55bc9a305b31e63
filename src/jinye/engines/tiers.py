"""档位 tiers, scale and class code: the sales-based half of the classification engine.

Pure Polars. Sales indicators are scored by percentile rank among the rated retailers,
``(rank_min - 1) / (n - 1)`` in 0–1: ties share the lowest rank of their group, so equal
inputs always get equal scores; a lone retailer scores 1.
"""

import numpy as np
import polars as pl

from jinye.engines.rating_config import (
    SCALE_LARGE,
    SCALE_MEDIUM,
    SCALE_SMALL,
    RatingConfig,
    ScaleConfig,
    TierConfig,
)


def pct_rank(col: str) -> pl.Expr:
    """Percentile rank in 0–1; ties share the lowest rank; a single row scores 1."""
    n = pl.len()
    rank = pl.col(col).rank("min").cast(pl.Float64)
    return pl.when(n > 1).then((rank - 1) / (n - 1)).otherwise(1.0)


def with_sales_indicators(df: pl.DataFrame, tc: TierConfig) -> pl.DataFrame:
    """Adds ``provisional``, the 13-week-equivalent ``amount_13w`` / ``volume_13w`` (a shop
    opened mid-quarter is compared on its weekly pace), ``structure`` (class 1–2 share of
    volume) and their percentiles ``n_amount`` / ``n_volume`` / ``n_structure``."""
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
    return df.with_columns(
        pct_rank("amount_13w").alias("n_amount"),
        pct_rank("volume_13w").alias("n_volume"),
        pct_rank("structure").alias("n_structure"),
    )


def with_tiers(df: pl.DataFrame, tc: TierConfig) -> pl.DataFrame:
    """Adds the contributions ``c_amount`` / ``c_volume`` / ``c_structure`` (points of 100),
    their sum ``tier_score``, ``tier_position`` (percentile of the score) and ``tier``
    (1..N, N highest): a position at or above the cut ``k`` starts tier ``k + 1``."""
    df = df.with_columns(
        (pl.col("n_amount") * (100 * tc.weight_amount)).alias("c_amount"),
        (pl.col("n_volume") * (100 * tc.weight_volume)).alias("c_volume"),
        (pl.col("n_structure") * (100 * tc.weight_structure)).alias("c_structure"),
    )
    df = df.with_columns(
        (pl.col("c_amount") + pl.col("c_volume") + pl.col("c_structure")).alias("tier_score")
    )
    df = df.with_columns(pct_rank("tier_score").alias("tier_position"))
    position = df["tier_position"].to_numpy()
    tiers = np.searchsorted(tc.cuts(), position, side="right") + 1
    return df.with_columns(pl.Series("tier", tiers.astype(np.int32)))


def with_scale(df: pl.DataFrame, config: ScaleConfig) -> pl.DataFrame:
    """Adds ``scale_top`` (share of retailers ranked above, by 13-week amount; ties share the
    best position) and ``scale``: top ``large_share`` large, the next ``medium_share``
    medium, the rest small."""
    n = df.height
    top = (pl.col("amount_13w").rank("min", descending=True).cast(pl.Float64) - 1) / n
    df = df.with_columns(top.alias("scale_top"))
    return df.with_columns(
        pl.when(pl.col("scale_top") < config.large_share)
        .then(pl.lit(SCALE_LARGE))
        .when(pl.col("scale_top") < config.large_share + config.medium_share)
        .then(pl.lit(SCALE_MEDIUM))
        .otherwise(pl.lit(SCALE_SMALL))
        .alias("scale")
    )


def with_class_code(df: pl.DataFrame, cfg: RatingConfig) -> pl.DataFrame:
    """Adds ``class_code``: location letter (C 城镇, X 乡村) + format letter + band, band 1
    holding the highest tiers (e.g. ``XZ3``)."""
    bands, tiers = cfg.tier.bands, cfg.tier.tiers
    band = bands - ((pl.col("tier") - 1) * bands) // tiers
    loc = pl.when(pl.col("location_type") == "rural").then(pl.lit("X")).otherwise(pl.lit("C"))
    fmt = pl.col("business_format").replace_strict(cfg.format_letters, default="Q")
    return df.with_columns(pl.concat_str(loc, fmt, band.cast(pl.Utf8)).alias("class_code"))
