"""Benchmark: statistical forecasts of the demo county and of a 100,000-series synthetic set.

Run: .venv/bin/python bench/forecast.py [--part demo|synthetic|all] [--months 2026-02,2026-10]
     [--series 100000]

For each target month the engine (``jinye.engines.forecast.forecast_month``) forecasts every
retailer×SKU series from the weeks before the month; the month's actual orders are the truth.
Accuracy is compared at SKU×area level (monthly) with two baselines on the same series:
seasonal naive (the same ISO week a year earlier, summed over the month's days) and
statsforecast's default ``AutoETS()`` on the raw weekly series. Metrics: the industry accuracy
(volume-weighted, ``jinye.engines.accuracy``) and MASE (scale: mean absolute month-to-month
change over the 12 months before). Wall time covers the engine call; peak memory is the
process's maximum RSS (each part runs in its own process). Writes bench/results/forecast.json.
"""

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
import warnings
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from jinye.engines.accuracy import score
from jinye.engines.forecast import forecast_month, monday, month_end, monthly, weekly_grid
from jinye.engines.lunar_calendar import festival_offset

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "forecast.json"

warnings.filterwarnings("ignore", category=FutureWarning)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def demo_sales() -> pl.DataFrame:
    from jinye.demo.generator import generate_county

    county = generate_county(2026, date(2026, 11, 22))
    orders = county.orders.filter(pl.col("status") != "cancelled").select(
        "order_id", "retailer_id", "week"
    )
    return (
        county.order_lines.join(orders, on="order_id")
        .join(county.retailers.select("retailer_id", "area_id"), on="retailer_id")
        .group_by("retailer_id", "sku_id", "area_id", "week")
        .agg(pl.col("quantity").sum().alias("qty"))
    )


def synthetic_sales(n_series: int, seed: int = 7) -> pl.DataFrame:
    """``n_series`` retailer×SKU weekly series, 2024-10-07 … 2026-11-16 (111 weeks):
    40 SKUs, 10 areas, intermittent Poisson demand with the Spring Festival pattern, a
    retailer level and SKU popularity."""
    rng = np.random.default_rng(seed)
    n_skus = 40
    n_ret = n_series // n_skus
    weeks = [date(2024, 10, 7) + timedelta(weeks=w) for w in range(111)]
    pattern = {-5: 1.3, -4: 1.55, -3: 1.8, -2: 1.85, -1: 1.5, 0: 0.45, 1: 0.6, 2: 0.68, 3: 0.7}
    season = np.array([pattern.get(festival_offset(w), 1.0) for w in weeks])
    ret_level = rng.gamma(2.0, 0.5, n_ret)
    sku_pop = rng.gamma(1.2, 1.0, n_skus)
    rate = (ret_level[:, None] * sku_pop[None, :]).reshape(-1) * 0.8
    growth = 1 + 0.0004 * np.arange(len(weeks))
    lam = rate[:, None] * season[None, :] * growth[None, :]
    qty = rng.poisson(lam)
    ids = np.arange(n_ret * n_skus)
    series, w_idx = np.nonzero(qty)
    return pl.DataFrame(
        {
            "retailer_id": ids[series] // n_skus + 1,
            "sku_id": ids[series] % n_skus + 1,
            "area_id": (ids[series] // n_skus) % 10 + 1,
            "week": pl.Series([weeks[i] for i in w_idx], dtype=pl.Date),
            "qty": qty[series, w_idx],
        }
    )


def month_actual(sales: pl.DataFrame, month: date, keys: list[str]) -> pl.DataFrame:
    """Actual 条 of ``month`` per ``keys``, spreading each week over its days like the
    engine does (the synthetic and generated orders are weekly)."""
    first, last = month, month_end(month)
    weekly = sales.filter(
        (pl.col("week") >= monday(first)) & (pl.col("week") <= last)
    ).with_columns(pl.concat_str(keys, separator="|").alias("uid"))
    by = weekly.group_by("uid", "week").agg(pl.col("qty").sum().cast(pl.Float64))
    frame = by.select("uid", pl.col("week").alias("ds"), pl.col("qty").alias("forecast"))
    frame = frame.with_columns(pl.lit("actual").alias("model"))
    return monthly(frame, month).select("uid", pl.col("forecast").alias("actual"))


def monthly_scale(sales: pl.DataFrame, month: date, keys: list[str]) -> pl.DataFrame:
    """MASE scale per series: mean |Δ| of the 12 monthly totals before ``month``."""
    starts = []
    m = month
    for _ in range(13):
        m = (m - timedelta(days=1)).replace(day=1)
        starts.append(m)
    starts = starts[::-1][1:]
    parts = [month_actual(sales, s, keys).with_columns(pl.lit(s).alias("m")) for s in starts]
    hist = pl.concat(parts)
    uids = hist.select("uid").unique()
    grid = uids.join(pl.DataFrame({"m": starts}), how="cross")
    filled = grid.join(hist, on=["uid", "m"], how="left").with_columns(
        pl.col("actual").fill_null(0.0)
    )
    return (
        filled.sort("uid", "m")
        .group_by("uid", maintain_order=True)
        .agg(pl.col("actual").diff().abs().mean().alias("scale"))
    )


def baselines(area_sales: pl.DataFrame, month: date, history_end: date) -> pl.DataFrame:
    """uid, seasonal_naive, auto_ets: monthly forecasts of each SKU×area series."""
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS

    grid = weekly_grid(area_sales, ["area_id", "sku_id"], history_end)
    horizon = (monday(month_end(month)) - history_end).days // 7
    future = [history_end + timedelta(weeks=k) for k in range(1, horizon + 1)]
    lag = grid.select("uid", "week", "qty").with_columns(pl.col("week") + timedelta(weeks=52))
    snaive = (
        pl.DataFrame({"ds": future})
        .join(grid.select("uid").unique(), how="cross")
        .join(lag, left_on=["uid", "ds"], right_on=["uid", "week"], how="left")
        .select(
            "uid", "ds", pl.col("qty").fill_null(0.0).alias("forecast"), pl.lit("sn").alias("model")
        )
    )
    sf = StatsForecast(models=[AutoETS()], freq="1w")
    ets = sf.forecast(
        df=grid.select(
            pl.col("uid").alias("unique_id"), pl.col("week").alias("ds"), pl.col("qty").alias("y")
        ),
        h=horizon,
    )
    ets_w = ets.select(
        pl.col("unique_id").alias("uid"),
        "ds",
        pl.col("AutoETS").clip(lower_bound=0).alias("forecast"),
        pl.lit("ets").alias("model"),
    )
    return (
        monthly(snaive, month)
        .select("uid", pl.col("forecast").alias("seasonal_naive"))
        .join(monthly(ets_w, month).select("uid", pl.col("forecast").alias("auto_ets")), on="uid")
    )


def evaluate(sales: pl.DataFrame, month: date) -> dict[str, object]:
    started, cpu = time.perf_counter(), time.process_time()
    res = forecast_month(sales, month)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    truth = sales.filter(pl.col("week") <= month_end(month))
    history = sales.filter(pl.col("week") <= res.history_end)
    area_sales = history.group_by("area_id", "sku_id", "week").agg(pl.col("qty").sum())
    base = baselines(area_sales, month, res.history_end)
    actual = month_actual(truth, month, ["area_id", "sku_id"])
    scale = monthly_scale(truth, month, ["area_id", "sku_id"])
    ours = res.area.with_columns(pl.concat_str(["area_id", "sku_id"], separator="|").alias("uid"))
    cmp = (
        ours.select("uid", pl.col("forecast").alias("engine"))
        .join(base, on="uid", how="left")
        .join(actual, on="uid", how="left")
        .join(scale, on="uid", how="left")
        .with_columns(pl.col("actual").fill_null(0.0))
    )
    area_scores = {}
    for col in ("engine", "seasonal_naive", "auto_ets"):
        s = score(cmp.select(pl.col(col).fill_null(0.0).alias("forecast"), "actual", "scale"))
        area_scores[col] = {
            "accuracy": round(s["accuracy"][0], 4),
            "total_accuracy": round(s["total_accuracy"][0], 4),
            "mase": round(s["mase"][0], 4) if s["mase"][0] is not None else None,
        }
    r_actual = month_actual(truth, month, ["retailer_id", "sku_id"])
    r_cmp = (
        res.retailer.with_columns(
            pl.concat_str(["retailer_id", "sku_id"], separator="|").alias("uid")
        )
        .select("uid", pl.col("qty").cast(pl.Float64).alias("forecast"))
        .join(r_actual, on="uid", how="left")
        .with_columns(pl.col("actual").fill_null(0.0))
    )
    r_score = score(r_cmp)
    sums = res.retailer.group_by("area_id", "sku_id").agg(pl.col("qty").sum().alias("r"))
    exact = res.area.join(sums, on=["area_id", "sku_id"]).filter(pl.col("qty") != pl.col("r"))
    return {
        "month": f"{month:%Y-%m}",
        "engine_seconds": round(seconds, 2),
        "engine_cpu_seconds": round(cpu, 2),
        "load_average_1min": round(__import__("os").getloadavg()[0], 2),
        "retailer_series": res.retailer.height,
        "area_series": res.area.height,
        "history_end": str(res.history_end),
        "area_level": area_scores,
        "retailer_level_accuracy": round(r_score["accuracy"][0], 4),
        "reconciliation_mismatches": exact.height,
        "area_models": dict(res.area.group_by("model").len().iter_rows()),
        "retailer_models": dict(res.retailer.group_by("model").len().iter_rows()),
    }


def run_part(part: str, months: list[date], n_series: int) -> dict[str, object]:
    started = time.perf_counter()
    sales = demo_sales() if part == "demo" else synthetic_sales(n_series)
    build_s = time.perf_counter() - started
    runs = [evaluate(sales, m) for m in months]
    return {
        "part": part,
        "input_rows": sales.height,
        "build_seconds": round(build_s, 2),
        "runs": runs,
        "peak_rss_mb": round(peak_mb(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", default="all", choices=["demo", "synthetic", "all"])
    parser.add_argument("--months", default="2026-02,2026-10")
    parser.add_argument("--series", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="print one part's JSON (internal)")
    args = parser.parse_args()
    months = [date(int(t[:4]), int(t[5:7]), 1) for t in args.months.split(",")]
    if args.part != "all":
        out = run_part(args.part, months, args.series)
        print(json.dumps(out) if args.json else json.dumps(out, indent=2))
        return
    results = []
    for part in ("demo", "synthetic"):
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--part",
                part,
                "--months",
                args.months,
                "--series",
                str(args.series),
                "--json",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    summary = {
        "machine": platform.platform(),
        "cpus": __import__("os").cpu_count(),
        "parts": results,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2))
    for part in results:
        rows, rss = part["input_rows"], part["peak_rss_mb"]
        print(f"== {part['part']}: {rows:,} weekly rows, peak RSS {rss} MB")
        for r in part["runs"]:
            a = r["area_level"]
            print(
                f"  {r['month']}: engine {r['engine_seconds']} s wall, "
                f"{r['engine_cpu_seconds']} s CPU "
                f"(load {r['load_average_1min']}), {r['retailer_series']:,} retailer×SKU "
                f"+ {r['area_series']:,} SKU×area series; reconciliation mismatches "
                f"{r['reconciliation_mismatches']}"
            )
            for name in ("engine", "seasonal_naive", "auto_ets"):
                s = a[name]
                print(
                    f"    SKU×area {name:15s} accuracy {s['accuracy']:.3f} "
                    f"(total {s['total_accuracy']:.3f}) MASE {s['mase']}"
                )
            print(f"    retailer×SKU engine accuracy {r['retailer_level_accuracy']:.3f}")
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
