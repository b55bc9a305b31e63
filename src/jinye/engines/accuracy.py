"""Forecast accuracy: the industry formula, volume-weighted, plus MAE, MASE and bias.

Pure Polars. One row is one forecast line (a retailer×SKU×month, say) with ``forecast`` F and
``actual`` A, both in 条 and never negative.

Line accuracy (seed 000 篇五, formula *industry*):

* A > 0: ``max(0, 1 − |F − A| / A)``.
* A = 0 and F = 0: 1 — "no demand" was forecast and came true.
* A = 0 and F > 0: 0 — everything forecast was wrong.

Aggregation is volume-weighted. A line with A > 0 weighs A; a line with A = 0 weighs F (the
volume that was forecast and never ordered), so over-forecasting a line that sold nothing lowers
the group's score in proportion to the phantom volume instead of vanishing with weight 0. A
line with A = F = 0 weighs 0: it neither helps nor hurts. Hence

    accuracy(group) = Σ max(0, A − |F − A|) / (Σ_{A>0} A + Σ_{A=0} F)

and a group whose weight is 0 (nothing forecast, nothing ordered) scores 1. ``total_accuracy``
applies the same formula to the group's summed F and A ("total volume" accuracy, the first
step of the seed's "from total volume to single SKUs").

MAE is the mean |F − A| per line. MASE divides the group's summed |F − A| by the summed
``scale`` (each line's in-sample mean absolute one-step naive error over the same horizon) when
the input has a ``scale`` column; a zero summed scale gives null. ``bias`` is Σ(F − A) / ΣA
(positive = over-forecast; null when ΣA = 0) and ``mean_error`` the mean F − A per line.
"""

import polars as pl

F = pl.col("forecast").cast(pl.Float64)
A = pl.col("actual").cast(pl.Float64)

SCORE_COLUMNS = (
    "lines",
    "forecast",
    "actual",
    "accuracy",
    "total_accuracy",
    "mae",
    "mase",
    "bias",
    "mean_error",
)


def line_accuracy(forecast: pl.Expr = F, actual: pl.Expr = A) -> pl.Expr:
    """Accuracy of one line under the A = 0 rules above, in [0, 1]."""
    return (
        pl.when(actual > 0)
        .then((1 - (forecast - actual).abs() / actual).clip(lower_bound=0.0))
        .when(forecast > 0)
        .then(0.0)
        .otherwise(1.0)
    )


def line_weight(forecast: pl.Expr = F, actual: pl.Expr = A) -> pl.Expr:
    """Volume weight of one line: A when A > 0, else F."""
    return pl.when(actual > 0).then(actual).otherwise(forecast)


def with_line_scores(df: pl.DataFrame) -> pl.DataFrame:
    """Adds ``accuracy``, ``weight``, ``abs_error`` and ``error`` to each line."""
    _check(df)
    return df.with_columns(
        line_accuracy().alias("accuracy"),
        line_weight().alias("weight"),
        (F - A).abs().alias("abs_error"),
        (F - A).alias("error"),
    )


def score(df: pl.DataFrame, by: list[str] | None = None) -> pl.DataFrame:
    """Scores of every group of ``by`` (the whole frame as one row when ``by`` is empty).

    Columns: the ``by`` keys, then ``SCORE_COLUMNS``. Sorted by the keys.
    """
    lines = with_line_scores(df)
    if "scale" not in lines.columns:
        lines = lines.with_columns(pl.lit(None, dtype=pl.Float64).alias("scale"))
    weight = pl.col("weight").sum()
    hit = (pl.col("accuracy") * pl.col("weight")).sum()
    sum_f = pl.col("forecast").cast(pl.Float64).sum()
    sum_a = pl.col("actual").cast(pl.Float64).sum()
    scale = pl.col("scale").cast(pl.Float64).sum()
    aggs = [
        pl.len().alias("lines"),
        sum_f.alias("forecast"),
        sum_a.alias("actual"),
        pl.when(weight > 0).then(hit / weight).otherwise(1.0).alias("accuracy"),
        line_accuracy(sum_f, sum_a).alias("total_accuracy"),
        pl.col("abs_error").mean().alias("mae"),
        pl.when(scale > 0).then(pl.col("abs_error").sum() / scale).alias("mase"),
        pl.when(sum_a > 0).then((sum_f - sum_a) / sum_a).alias("bias"),
        pl.col("error").mean().alias("mean_error"),
    ]
    if not by:
        return lines.select(aggs)
    return lines.group_by(by).agg(aggs).sort(by)


def _check(df: pl.DataFrame) -> None:
    missing = {"forecast", "actual"} - set(df.columns)
    if missing:
        raise ValueError(f"accuracy input lacks column(s): {', '.join(sorted(missing))}")
    negative = df.filter((F < 0) | (A < 0))
    if negative.height:
        raise ValueError(f"forecast and actual must be ≥ 0; {negative.height} row(s) are negative")
    nulls = df.filter(pl.col("forecast").is_null() | pl.col("actual").is_null())
    if nulls.height:
        raise ValueError(f"forecast and actual must be present; {nulls.height} row(s) are empty")
