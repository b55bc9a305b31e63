"""Statistical demand forecasts for one month: weekly models, reconciled, summed to the month.

Pure Polars in and out, with statsforecast doing the model fitting. Input is weekly sales in
条 per ``retailer_id``×``sku_id`` (with its ``area_id``), ``week`` being the Monday.

Levels and models
    * SKU×area (``area``): AutoETS and the standard Theta method (non-seasonal: two years of
      weekly data are too short for ``season_length=52``; the festival is handled below), an
      8-week WindowAverage and Naive. AutoTheta is available by name; it fits four Theta
      variants per series, and in a profile of the demo county it took a third of the time.
    * retailer×SKU (``retailer``): the intermittent-demand models CrostonSBA, TSB, ADIDA, IMAPA,
      on the last ``retailer_history_weeks`` weeks (these models smooth recent demand; a
      longer window only costs time, and the festival comes from the SKU×area profile).
    Each series gets the model with the lowest weekly MAE on a holdout of its last
    ``holdout_weeks`` weeks (one backtest window); series shorter than
    ``holdout_weeks + min_train_weeks`` use HistoricAverage. The backtest errors of every
    candidate are returned so the choice can be shown.

Spring Festival
    The festival (see ``lunar_calendar``) is a known event: a multiplicative profile, one factor
    per week offset in ``PROFILE_OFFSETS`` from the festival week, is estimated pooled over all
    SKU×area series as Σ sales at that offset / Σ the series' mean level on the other weeks
    within ``profile_window`` weeks of the same festival. Series are divided by the profile
    before fitting and the forecasts multiplied back, at both levels. No festival in the
    history means every factor is 1.

Monthly aggregation
    A week's forecast is spread evenly over its seven days; the month gets the days inside it.

Reconciliation (integer-exact)
    The SKU×area monthly forecast is rounded half-up to whole 条 (T). It is shared among the
    area's retailers that sold the SKU in proportion to their own retailer×SKU monthly
    forecasts (their sales of the last ``share_weeks`` weeks when those are all 0; equally when
    both are 0) by largest remainder: each gets ⌊T·share⌋, and the leftover 条 go one each to
    the largest fractional parts (ties: lower retailer id). Retailer quantities are integers
    that add up exactly to T.

Scale-out
    ``ForecastConfig.engine`` names a Fugue execution engine ("native" in-process, or "ray",
    "spark", "dask" where those are installed and configured). The same code then runs every
    statsforecast call through ``fugue.api.engine_context``; ``None`` (default) runs in-process.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import polars as pl

from jinye.engines.lunar_calendar import SPRING_FESTIVAL, festival_offset

PROFILE_OFFSETS = tuple(range(-6, 6))
AREA_MODELS = ("AutoETS", "Theta", "WindowAverage", "Naive")
RETAILER_MODELS = ("CrostonSBA", "TSB", "ADIDA", "IMAPA")
SHORT_SERIES_MODEL = "HistoricAverage"
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class ForecastConfig:
    holdout_weeks: int = 8
    min_train_weeks: int = 12
    profile_window: int = 13
    share_weeks: int = 13
    retailer_history_weeks: int = 52
    n_jobs: int = 1
    area_models: tuple[str, ...] = AREA_MODELS
    retailer_models: tuple[str, ...] = RETAILER_MODELS
    engine: str | None = None


@dataclass(frozen=True)
class ForecastResult:
    """``retailer``: retailer_id, sku_id, area_id, qty (int 条), bottom (float, unreconciled),
    model. ``area``: area_id, sku_id, qty (int), forecast (float), model. ``backtest``: level,
    key, model, mae (one row per candidate and series). ``profile``: offset, factor."""

    month: date
    history_end: date
    horizon_weeks: int
    retailer: pl.DataFrame
    area: pl.DataFrame
    backtest: pl.DataFrame
    profile: pl.DataFrame


def make_model(name: str) -> Any:
    """A statsforecast model by name, with this module's settings."""
    from statsforecast import models as m

    factories: dict[str, Any] = {
        "AutoETS": lambda: m.AutoETS(season_length=1),
        "AutoTheta": lambda: m.AutoTheta(season_length=1),
        "Theta": lambda: m.Theta(season_length=1),
        "WindowAverage": lambda: m.WindowAverage(window_size=8),
        "Naive": lambda: m.Naive(),
        "HistoricAverage": lambda: m.HistoricAverage(),
        "CrostonSBA": lambda: m.CrostonSBA(),
        "TSB": lambda: m.TSB(alpha_d=0.2, alpha_p=0.2),
        "ADIDA": lambda: m.ADIDA(),
        "IMAPA": lambda: m.IMAPA(),
    }
    if name not in factories:
        raise ValueError(f"unknown model {name!r}; choose from {', '.join(factories)}")
    model = factories[name]()
    model.alias = name
    return model


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_end(month: date) -> date:
    nxt = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def forecast_month(
    sales: pl.DataFrame,
    month: date,
    *,
    history_end: date | None = None,
    config: ForecastConfig | None = None,
) -> ForecastResult:
    """Forecast ``month`` (its first day) for every retailer×SKU in ``sales``.

    ``history_end`` is the Monday of the last week to learn from; by default the week before
    the one holding the month's first day, or the latest week in ``sales`` if earlier.
    """
    cfg = config or ForecastConfig()
    _check_sales(sales)
    month = month.replace(day=1)
    last = history_end or monday(month) - WEEK
    data_last = sales["week"].max()
    if isinstance(data_last, date) and data_last < last:
        last = data_last
    sales = (
        sales.filter(pl.col("week") <= last)
        .group_by("retailer_id", "sku_id", "area_id", "week")
        .agg(pl.col("qty").sum())
    )
    if sales.is_empty():
        raise ValueError(f"no sales up to {last}: nothing to forecast from")
    horizon = (monday(month_end(month)) - last).days // 7

    area_sales = sales.group_by("area_id", "sku_id", "week").agg(pl.col("qty").sum())
    area_grid = weekly_grid(area_sales, ["area_id", "sku_id"], last)
    profile = festival_profile(area_grid, cfg.profile_window)
    area_fc, area_bt = _level_forecast(area_grid, profile, horizon, cfg.area_models, cfg)
    area_month = monthly(area_fc, month).join(
        area_grid.select("uid", "area_id", "sku_id").unique(), on="uid"
    )

    recent_sales = sales.filter(pl.col("week") > last - WEEK * cfg.retailer_history_weeks)
    retailer_grid = weekly_grid(recent_sales, ["retailer_id", "sku_id", "area_id"], last)
    ret_fc, ret_bt = _level_forecast(retailer_grid, profile, horizon, cfg.retailer_models, cfg)
    recent = (
        retailer_grid.filter(pl.col("week") > last - WEEK * cfg.share_weeks)
        .group_by("uid")
        .agg(pl.col("qty").sum().cast(pl.Float64).alias("recent"))
    )
    ret_month = (
        monthly(ret_fc, month)
        .join(retailer_grid.select("uid", "retailer_id", "sku_id", "area_id").unique(), on="uid")
        .join(recent, on="uid", how="left")
        .rename({"forecast": "bottom"})
    )
    area_out = area_month.with_columns(round_half_up(pl.col("forecast")).alias("qty")).select(
        "area_id", "sku_id", "qty", "forecast", "model"
    )
    retailer_out = reconcile(ret_month, area_out).select(
        "retailer_id", "sku_id", "area_id", "qty", "bottom", "model"
    )
    backtest = pl.concat(
        [
            area_bt.with_columns(pl.lit("area").alias("level")),
            ret_bt.with_columns(pl.lit("retailer").alias("level")),
        ]
    ).select("level", pl.col("uid").alias("key"), "model", "mae")
    return ForecastResult(
        month=month,
        history_end=last,
        horizon_weeks=horizon,
        retailer=retailer_out.sort("retailer_id", "sku_id"),
        area=area_out.sort("area_id", "sku_id"),
        backtest=backtest,
        profile=profile,
    )


def round_half_up(expr: pl.Expr) -> pl.Expr:
    return (expr + 0.5).floor().cast(pl.Int64)


def weekly_grid(sales: pl.DataFrame, keys: list[str], last: date) -> pl.DataFrame:
    """Every series of ``keys`` from its first week with sales to ``last``, zero-filled.

    Adds ``uid`` (the keys joined with "|").
    """
    firsts = sales.group_by(keys).agg(pl.col("week").min().alias("first"))
    grid = firsts.with_columns(
        pl.date_ranges("first", pl.lit(last), interval="1w").alias("week")
    ).explode("week")
    out = (
        grid.drop("first")
        .join(sales.select(*keys, "week", "qty"), on=[*keys, "week"], how="left")
        .with_columns(pl.col("qty").fill_null(0).cast(pl.Float64))
    )
    return out.with_columns(pl.concat_str([pl.col(k) for k in keys], separator="|").alias("uid"))


def _offsets(weeks: pl.Series) -> pl.DataFrame:
    lo, hi = min(SPRING_FESTIVAL), max(SPRING_FESTIVAL)
    rows = []
    for w in weeks.unique().to_list():
        if lo <= w.year <= hi:
            off = festival_offset(w)
            rows.append((w, off, (w + WEEK * (-off)).year))
    return pl.DataFrame(
        rows, schema={"week": pl.Date, "offset": pl.Int64, "fyear": pl.Int64}, orient="row"
    )


def festival_profile(grid: pl.DataFrame, window: int = 13) -> pl.DataFrame:
    """Pooled Spring Festival factors per week offset (see the module docstring)."""
    offs = _offsets(grid["week"])
    df = grid.join(offs, on="week").filter(pl.col("offset").abs() <= window)
    in_event = pl.col("offset").is_in(PROFILE_OFFSETS)
    base = (
        df.filter(~in_event)
        .group_by("uid", "fyear")
        .agg(pl.col("qty").mean().alias("base"), pl.len().alias("n_base"))
        .filter(pl.col("n_base") >= 4)
    )
    event = df.filter(in_event).join(base, on=["uid", "fyear"])
    factors = event.group_by("offset").agg(
        pl.when(pl.col("base").sum() > 0)
        .then(pl.col("qty").sum() / pl.col("base").sum())
        .otherwise(1.0)
        .clip(0.2, 5.0)
        .alias("factor")
    )
    full = pl.DataFrame({"offset": list(PROFILE_OFFSETS)}, schema={"offset": pl.Int64})
    return full.join(factors, on="offset", how="left").with_columns(pl.col("factor").fill_null(1.0))


def _factors(weeks: pl.Series, profile: pl.DataFrame) -> pl.DataFrame:
    return (
        weeks.unique()
        .to_frame("week")
        .join(_offsets(weeks), on="week", how="left")
        .join(profile, on="offset", how="left")
        .select("week", pl.col("factor").fill_null(1.0))
    )


def _level_forecast(
    grid: pl.DataFrame,
    profile: pl.DataFrame,
    horizon: int,
    models: Sequence[str],
    cfg: ForecastConfig,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Weekly forecasts (uid, ds, forecast, model) and backtest errors (uid, model, mae)."""
    adj = (
        grid.join(_factors(grid["week"], profile), on="week")
        .select("uid", pl.col("week").alias("ds"), (pl.col("qty") / pl.col("factor")).alias("y"))
        .sort("uid", "ds")
    )
    lengths = adj.group_by("uid").agg(pl.len().alias("n"))
    long_ids = lengths.filter(pl.col("n") >= cfg.holdout_weeks + cfg.min_train_weeks)["uid"]
    long = adj.filter(pl.col("uid").is_in(long_ids.implode()))
    short = adj.filter(~pl.col("uid").is_in(long_ids.implode()))
    parts, backtests = [], []
    if long.height:
        bt = _backtest(long, models, cfg)
        chosen = (
            bt.sort("uid", "mae", pl.col("model").replace_strict(_rank(models), default=99))
            .group_by("uid", maintain_order=True)
            .first()
            .select("uid", "model")
        )
        fc = _run(long, models, horizon, cfg, cross_validation=False)
        melted = fc.unpivot(index=["uid", "ds"], variable_name="model", value_name="forecast")
        parts.append(melted.join(chosen, on=["uid", "model"]))
        backtests.append(bt)
    if short.height:
        fc = _run(short, [SHORT_SERIES_MODEL], horizon, cfg, cross_validation=False)
        parts.append(
            fc.rename({SHORT_SERIES_MODEL: "forecast"}).with_columns(
                pl.lit(SHORT_SERIES_MODEL).alias("model")
            )
        )
    weekly = pl.concat([p.select("uid", "ds", "forecast", "model") for p in parts])
    weekly = weekly.join(_factors(weekly["ds"], profile), left_on="ds", right_on="week").select(
        "uid",
        "ds",
        (pl.col("forecast").fill_nan(0.0).fill_null(0.0) * pl.col("factor"))
        .clip(lower_bound=0.0)
        .alias("forecast"),
        "model",
    )
    empty_bt = pl.DataFrame(schema={"uid": pl.String, "model": pl.String, "mae": pl.Float64})
    return weekly, pl.concat(backtests) if backtests else empty_bt


def _rank(models: Sequence[str]) -> dict[str, int]:
    return {m: i for i, m in enumerate(models)}


def _backtest(df: pl.DataFrame, models: Sequence[str], cfg: ForecastConfig) -> pl.DataFrame:
    cv = _run(df, models, cfg.holdout_weeks, cfg, cross_validation=True)
    return (
        cv.unpivot(index=["uid", "ds", "cutoff", "y"], variable_name="model", value_name="yhat")
        .group_by("uid", "model")
        .agg((pl.col("yhat").fill_nan(None) - pl.col("y")).abs().mean().alias("mae"))
        .with_columns(pl.col("mae").fill_null(float("inf")))
    )


def _run(
    df: pl.DataFrame,
    models: Sequence[str],
    h: int,
    cfg: ForecastConfig,
    *,
    cross_validation: bool,
) -> pl.DataFrame:
    from statsforecast import StatsForecast

    sf = StatsForecast(
        models=[make_model(m) for m in models],
        freq="1w",
        fallback_model=make_model(SHORT_SERIES_MODEL),
        n_jobs=cfg.n_jobs,
    )
    data = df.rename({"uid": "unique_id"})

    def call(frame: Any) -> Any:
        if cross_validation:
            return sf.cross_validation(df=frame, h=h, n_windows=1)
        return sf.forecast(df=frame, h=h)

    if cfg.engine is None:
        out = call(data)
    else:
        import fugue.api as fa

        with fa.engine_context(cfg.engine):
            sf.freq = "W-MON"
            out = pl.from_pandas(call(data.to_pandas()))
        out = out.with_columns(pl.col("ds").cast(pl.Date))
        if cross_validation:
            out = out.with_columns(pl.col("cutoff").cast(pl.Date))
    return out.rename({"unique_id": "uid"})


def monthly(weekly: pl.DataFrame, month: date) -> pl.DataFrame:
    """Sum weekly ``forecast`` (uid, ds Monday, forecast, model) over ``month``'s days."""
    first, last = month.replace(day=1), month_end(month)
    start = pl.max_horizontal(pl.col("ds"), pl.lit(first))
    end = pl.min_horizontal(pl.col("ds") + WEEK - timedelta(days=1), pl.lit(last))
    days = ((end - start).dt.total_days() + 1).clip(lower_bound=0)
    return (
        weekly.with_columns((pl.col("forecast") * days / 7).alias("part"))
        .group_by("uid")
        .agg(pl.col("part").sum().alias("forecast"), pl.col("model").first())
    )


def reconcile(bottom: pl.DataFrame, top: pl.DataFrame) -> pl.DataFrame:
    """Integer top-down shares: ``bottom`` (area_id, sku_id, retailer_id, bottom, recent) gets
    ``qty`` summing exactly to ``top``'s integer ``qty`` per area_id×sku_id."""
    g = ["area_id", "sku_id"]
    df = bottom.join(top.select(*g, pl.col("qty").alias("total")), on=g, how="left").with_columns(
        pl.col("total").fill_null(0), pl.col("recent").fill_null(0.0)
    )
    sum_b = pl.col("bottom").sum().over(g)
    sum_r = pl.col("recent").sum().over(g)
    share = (
        pl.when(sum_b > 0)
        .then(pl.col("bottom") / sum_b)
        .when(sum_r > 0)
        .then(pl.col("recent") / sum_r)
        .otherwise(1.0 / pl.len().over(g))
    )
    df = df.with_columns((pl.col("total") * share).alias("raw"))
    df = df.with_columns(pl.col("raw").floor().cast(pl.Int64).alias("base"))
    df = df.with_columns(
        (pl.col("total") - pl.col("base").sum().over(g)).alias("left"),
        (pl.col("raw") - pl.col("base")).alias("frac"),
    ).sort([*g, "frac", "retailer_id"], descending=[False, False, True, False])
    df = df.with_columns((pl.int_range(pl.len()).over(g) + 1).alias("pos"))
    return df.with_columns(
        (pl.col("base") + (pl.col("pos") <= pl.col("left")).cast(pl.Int64)).alias("qty")
    ).drop("total", "raw", "base", "left", "frac", "pos")


def _check_sales(sales: pl.DataFrame) -> None:
    need = {"retailer_id", "sku_id", "area_id", "week", "qty"}
    missing = need - set(sales.columns)
    if missing:
        raise ValueError(f"sales lacks column(s): {', '.join(sorted(missing))}")
    if sales.filter(pl.col("qty") < 0).height:
        raise ValueError("sales quantities must be ≥ 0")
    if sales.filter(pl.col("week").dt.weekday() != 1).height:
        raise ValueError("sales weeks must be Mondays")
