"""KPI figures on a constructed month."""

import polars as pl
import pytest

from jinye.engines.kpi import Kpi, KpiConfig, compute_kpis


def month() -> pl.DataFrame:
    return pl.DataFrame(
        {
            # 1: a full-marks manager; 2: a weak one; 3: no target, no plan, no forecast
            "staff_id": [1, 2, 3],
            "retailers": [100, 100, 50],
            "sales_cases": [120.0, 45.0, 30.0],
            "target_cases": [100.0, 90.0, None],
            "forecast_accuracy": [0.95, 0.45, None],
            "planned_visits": [200, 200, 0],
            "done_planned": [200, 150, 0],
            "info_records": [150, 40, 50],
            "guided": [70, 30, 30],
            "guided_effective": [60, 12, 24],
            "complaints": [0, 2, 6],
        }
    )


def by(kpis: pl.DataFrame, staff: int, kpi: Kpi) -> dict[str, object]:
    return kpis.filter((pl.col("staff_id") == staff) & (pl.col("kpi") == str(kpi))).row(
        0, named=True
    )


def test_values_and_attainments() -> None:
    kpis, _ = compute_kpis(month(), KpiConfig())
    two = {k: by(kpis, 2, k) for k in Kpi}
    assert two[Kpi.SALES]["value"] == pytest.approx(0.5)
    assert two[Kpi.FORECAST]["attainment"] == pytest.approx(0.5)  # 0.45 / 0.9
    assert two[Kpi.VISITS]["value"] == pytest.approx(0.75)
    assert two[Kpi.MARKET_INFO]["attainment"] == pytest.approx(0.4)  # 40 / 100
    assert two[Kpi.GUIDANCE_COVERAGE]["value"] == pytest.approx(0.3)
    assert two[Kpi.GUIDANCE_COVERAGE]["attainment"] == pytest.approx(0.5)  # 0.3 / 0.6
    assert two[Kpi.GUIDANCE_EFFECT]["value"] == pytest.approx(0.4)
    assert two[Kpi.GUIDANCE_EFFECT]["attainment"] == pytest.approx(0.5)  # 0.4 / 0.8
    assert two[Kpi.COMPLAINTS]["attainment"] == pytest.approx(0.6)  # 1 - 2 × 0.2


def test_scores_and_ranking() -> None:
    _, scores = compute_kpis(month(), KpiConfig())
    s = {r["staff_id"]: r for r in scores.iter_rows(named=True)}
    assert s[1]["score"] == 100.0 and s[1]["rank"] == 1
    # (30×.5 + 15×.5 + 15×.75 + 10×.4 + 10×.5 + 10×.5 + 10×.6) / 100
    assert s[2]["score"] == pytest.approx(53.75)
    assert s[2]["kpis_available"] == 7


def test_missing_kpis_renormalise_weights() -> None:
    kpis, scores = compute_kpis(month(), KpiConfig())
    three = kpis.filter(pl.col("staff_id") == 3)
    unavailable = set(three.filter(pl.col("attainment").is_null())["kpi"])
    assert unavailable == {"sales", "forecast", "visits"}
    assert three["weight"].sum() == pytest.approx(1.0)
    # info 1.0, coverage .6/.6 = 1, effect .8/.8 = 1, complaints 0 → (10+10+10+0)/40
    s3 = scores.filter(pl.col("staff_id") == 3).row(0, named=True)
    assert s3["score"] == pytest.approx(75.0) and s3["kpis_available"] == 4


def test_forecast_absent_for_everyone_is_renormalised() -> None:
    df = month().with_columns(pl.lit(None, dtype=pl.Float64).alias("forecast_accuracy"))
    _, scores = compute_kpis(df, KpiConfig())
    assert scores.filter(pl.col("staff_id") == 1)["score"][0] == 100.0


def test_bad_config_names_the_field() -> None:
    with pytest.raises(ValueError, match="weight sales"):
        compute_kpis(month(), KpiConfig(weights={Kpi.SALES: -1}))
    with pytest.raises(ValueError, match="guidance_coverage_target"):
        compute_kpis(month(), KpiConfig(guidance_coverage_target=0))


def test_missing_column_is_named() -> None:
    with pytest.raises(ValueError, match="complaints"):
        compute_kpis(month().drop("complaints"), KpiConfig())
