"""Monthly KPIs of customer managers and their weighted assessment score (seeds 000 篇五, 004).

Pure Polars, no Django. ``compute_kpis`` takes one row per manager with the month's raw
counts and returns the KPIs in long form (value, target, attainment 0–1) and one score per
manager. A KPI whose input is missing (no target, no plan, no forecast data) is not
available: it shows as no data and the weights are re-normalised over the KPIs that are.
"""

from dataclasses import dataclass, field
from enum import StrEnum

import polars as pl

from jinye.engines.reasons import Refusal


class Kpi(StrEnum):
    SALES = "sales"  # 销量完成率
    FORECAST = "forecast"  # 预测准确率
    VISITS = "visits"  # 拜访完成率
    MARKET_INFO = "market_info"  # 市场信息采集
    GUIDANCE_COVERAGE = "guidance_coverage"  # 经营指导覆盖率
    GUIDANCE_EFFECT = "guidance_effect"  # 经营指导有效率
    COMPLAINTS = "complaints"  # 投诉


INPUT_SCHEMA: dict[str, type[pl.DataType]] = {
    "staff_id": pl.Int64,
    "retailers": pl.Int64,  # open retailers served
    "sales_cases": pl.Float64,
    "target_cases": pl.Float64,  # null or 0: no target
    "forecast_accuracy": pl.Float64,  # null: no forecast data
    "planned_visits": pl.Int64,
    "done_planned": pl.Int64,
    "info_records": pl.Int64,
    "guided": pl.Int64,  # distinct retailers given business guidance
    "guided_effective": pl.Int64,  # of those, the ones where it worked
    "complaints": pl.Int64,
}


def _default_weights() -> dict[Kpi, float]:
    return {
        Kpi.SALES: 30.0,
        Kpi.FORECAST: 15.0,
        Kpi.VISITS: 15.0,
        Kpi.MARKET_INFO: 10.0,
        Kpi.GUIDANCE_COVERAGE: 10.0,
        Kpi.GUIDANCE_EFFECT: 10.0,
        Kpi.COMPLAINTS: 10.0,
    }


@dataclass(frozen=True)
class KpiConfig:
    """Weights (any non-negative numbers, re-normalised) and targets. Defaults: guidance
    coverage 60% and effectiveness 80% (seed 000 篇五); the rest are ours."""

    weights: dict[Kpi, float] = field(default_factory=_default_weights)
    sales_target: float = 1.0  # completion ratio that scores full marks
    forecast_target: float = 0.9
    visit_target: float = 1.0
    info_per_retailer: float = 1.0  # market-information records per retailer per month
    guidance_coverage_target: float = 0.6
    guidance_effect_target: float = 0.8
    complaint_penalty: float = 0.2  # attainment lost per complaint

    def check(self) -> None:
        """Raises :class:`Refusal` (a ValueError) naming the field that is out of range (the
        ``field`` param: a KPI's weight is ``w_<kpi>``)."""
        for k in Kpi:
            w = self.weights.get(k, 0.0)
            if w < 0:
                raise Refusal("negative", f"weight {k}: must not be negative", field=f"w_{k.value}")
        if sum(self.weights.get(k, 0.0) for k in Kpi) <= 0:
            raise Refusal("no_weight", "weights: at least one must be positive", field="")
        for name in (
            "sales_target",
            "forecast_target",
            "visit_target",
            "info_per_retailer",
            "guidance_coverage_target",
            "guidance_effect_target",
        ):
            if getattr(self, name) <= 0:
                raise Refusal("not_positive", f"{name}: must be positive", field=name)
        if not 0 <= self.complaint_penalty <= 1:
            raise Refusal(
                "not_a_share", "complaint_penalty: must be 0–1", field="complaint_penalty"
            )


def _ratio(num: str, den: str) -> pl.Expr:
    return (
        pl.when(pl.col(den).fill_null(0) > 0)
        .then(pl.col(num).cast(pl.Float64) / pl.col(den).cast(pl.Float64))
        .otherwise(None)
    )


def _attain(value: pl.Expr, target: float | pl.Expr) -> pl.Expr:
    t = target if isinstance(target, pl.Expr) else pl.lit(target)
    return pl.when(t > 0).then((value / t).clip(0.0, 1.0)).otherwise(None)


def compute_kpis(inputs: pl.DataFrame, config: KpiConfig) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(kpis, scores). ``kpis``: staff_id, kpi, value, target, attainment, weight (the
    re-normalised share, 0 when unavailable). ``scores``: staff_id, score (0–100, null when no
    KPI is available), kpis_available, rank (1 = best, ties share a rank)."""
    config.check()
    missing = [c for c in INPUT_SCHEMA if c not in inputs.columns]
    if missing:
        raise ValueError(f"missing input columns: {', '.join(missing)}")
    df = inputs.select([pl.col(c).cast(t) for c, t in INPUT_SCHEMA.items()])
    info_target = pl.col("retailers").cast(pl.Float64) * config.info_per_retailer
    parts = {
        Kpi.SALES: (
            _ratio("sales_cases", "target_cases"),
            pl.lit(config.sales_target),
            _attain(_ratio("sales_cases", "target_cases"), config.sales_target),
        ),
        Kpi.FORECAST: (
            pl.col("forecast_accuracy"),
            pl.lit(config.forecast_target),
            _attain(pl.col("forecast_accuracy"), config.forecast_target),
        ),
        Kpi.VISITS: (
            _ratio("done_planned", "planned_visits"),
            pl.lit(config.visit_target),
            _attain(_ratio("done_planned", "planned_visits"), config.visit_target),
        ),
        Kpi.MARKET_INFO: (
            pl.col("info_records").cast(pl.Float64),
            info_target,
            _attain(pl.col("info_records").cast(pl.Float64), info_target),
        ),
        Kpi.GUIDANCE_COVERAGE: (
            _ratio("guided", "retailers"),
            pl.lit(config.guidance_coverage_target),
            _attain(_ratio("guided", "retailers"), config.guidance_coverage_target),
        ),
        Kpi.GUIDANCE_EFFECT: (
            _ratio("guided_effective", "guided"),
            pl.lit(config.guidance_effect_target),
            _attain(_ratio("guided_effective", "guided"), config.guidance_effect_target),
        ),
        Kpi.COMPLAINTS: (
            pl.col("complaints").cast(pl.Float64),
            pl.lit(0.0),
            (1.0 - pl.col("complaints").cast(pl.Float64) * config.complaint_penalty).clip(0, 1),
        ),
    }
    frames = [
        df.select(
            pl.col("staff_id"),
            pl.lit(str(k)).alias("kpi"),
            value.alias("value"),
            target.cast(pl.Float64).alias("target"),
            attain.alias("attainment"),
            pl.lit(float(config.weights.get(k, 0.0))).alias("raw_weight"),
        )
        for k, (value, target, attain) in parts.items()
    ]
    long = pl.concat(frames).with_columns(
        pl.when(pl.col("attainment").is_null())
        .then(0.0)
        .otherwise(pl.col("raw_weight"))
        .alias("raw_weight")
    )
    long = long.with_columns(
        pl.when(pl.col("raw_weight").sum().over("staff_id") > 0)
        .then(pl.col("raw_weight") / pl.col("raw_weight").sum().over("staff_id"))
        .otherwise(0.0)
        .alias("weight")
    ).drop("raw_weight")
    scores = (
        long.group_by("staff_id")
        .agg(
            pl.when(pl.col("weight").sum() > 0)
            .then((pl.col("weight") * pl.col("attainment").fill_null(0)).sum() * 100)
            .otherwise(None)
            .first()
            .round(2)
            .alias("score"),
            pl.col("attainment").is_not_null().sum().cast(pl.Int64).alias("kpis_available"),
        )
        .with_columns(pl.col("score").rank("min", descending=True).cast(pl.Int64).alias("rank"))
        .sort(["rank", "staff_id"], nulls_last=True)
    )
    order = {str(k): i for i, k in enumerate(Kpi)}
    long = (
        long.with_columns(pl.col("kpi").replace_strict(order, return_dtype=pl.Int64).alias("_o"))
        .sort(["staff_id", "_o"])
        .drop("_o")
    )
    return long, scores
