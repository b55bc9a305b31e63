"""Benchmark: classify 100,000 retailers from 13 weeks of order lines.

Run: .venv/bin/python bench/classify.py [--retailers 100000] [--lines-per-week 6]
Generates the quarter's order lines in memory (Polars; retailer × week × SKU with an
intermittent pattern), aggregates them to the rating engine's input frame the way a
province-scale batch would (amount, volume, high-class volume, weeks traded), adds three
earlier quarters' stored totals, and times :func:`jinye.engines.rating.classify` with every
explanation. Prints a summary and writes bench/results/classify.json. Target: under 10 s.
"""

import argparse
import json
import os
import platform
import resource
import time
from pathlib import Path

import numpy as np
import polars as pl

from jinye.engines.rating import classify

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "classify.json"
N_SKUS = 120
WEEKS = 13


def order_lines(rng: np.random.Generator, retailers: int, per_week: int) -> pl.DataFrame:
    """The quarter's lines: each retailer buys ``per_week`` lines a week on average, fewer
    for small shops (a lognormal size), from a Zipf-shaped SKU popularity."""
    size = rng.lognormal(0.0, 0.6, retailers)
    lines_per_retailer = rng.poisson(per_week * WEEKS * size / size.mean())
    n = int(lines_per_retailer.sum())
    popularity = rng.zipf(1.6, N_SKUS).astype(float)
    popularity /= popularity.sum()
    sku = rng.choice(N_SKUS, n, p=popularity)
    price = np.linspace(60.0, 900.0, N_SKUS)[::-1]  # 元 per 条; low SKU ids are high class
    qty = rng.integers(1, 6, n)
    return pl.DataFrame(
        {
            "retailer_id": np.repeat(np.arange(retailers, dtype=np.int64), lines_per_retailer),
            "week": rng.integers(0, WEEKS, n, dtype=np.int32),
            "quantity": qty,
            "amount": qty * price[sku],
            "high": sku < 24,
        }
    )


def inputs_from_lines(
    lines: pl.DataFrame, retailers: int, rng: np.random.Generator
) -> pl.DataFrame:
    agg = lines.group_by("retailer_id").agg(
        pl.col("amount").sum(),
        pl.col("quantity").sum().cast(pl.Float64).alias("volume"),
        pl.col("quantity").filter(pl.col("high")).sum().cast(pl.Float64).alias("high_volume"),
        (WEEKS - pl.col("week").min()).cast(pl.Int32).alias("history_weeks"),
    )
    base = pl.DataFrame(
        {
            "retailer_id": np.arange(retailers, dtype=np.int64),
            "location_type": np.where(rng.random(retailers) < 0.55, "rural", "urban"),
            "business_format": rng.choice(["A", "B", "C", "S"], retailers),
            "visits": rng.integers(0, 8, retailers, dtype=np.int32),
            "compliance_flags": (rng.random(retailers) < 0.02).astype(np.int32),
        }
    ).with_columns(
        (pl.col("visits") // 2).alias("info_visits"),
        (pl.col("visits") // 3).alias("guided_visits"),
    )
    return base.join(agg, on="retailer_id", how="left").with_columns(
        pl.col("amount", "volume", "high_volume").fill_null(0.0),
        pl.col("history_weeks").fill_null(WEEKS),
        (pl.col("amount") * 0.95).alias("amount_last_year"),
    )


def prior_totals(retailers: int, rng: np.random.Generator) -> pl.DataFrame:
    quarters = ["2025Q4", "2026Q1", "2026Q2"]
    return pl.DataFrame(
        {
            "retailer_id": np.tile(np.arange(retailers, dtype=np.int64), len(quarters)),
            "quarter": np.repeat(quarters, retailers),
            "total": rng.uniform(30, 95, retailers * len(quarters)),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--retailers", type=int, default=100_000)
    parser.add_argument("--lines-per-week", type=int, default=6)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)

    t = time.perf_counter()
    lines = order_lines(rng, args.retailers, args.lines_per_week)
    prior = prior_totals(args.retailers, rng)
    generate_s = time.perf_counter() - t

    t = time.perf_counter()
    inputs = inputs_from_lines(lines, args.retailers, rng)
    aggregate_s = time.perf_counter() - t
    t = time.perf_counter()
    result = classify(inputs, quarter="2026Q3", prior_totals=prior)
    classify_s = time.perf_counter() - t

    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    stars = result.group_by("star").len().sort("star")
    summary = {
        "retailers": args.retailers,
        "order_lines": lines.height,
        "generate_s": round(generate_s, 2),
        "aggregate_s": round(aggregate_s, 2),
        "classify_s": round(classify_s, 2),
        "total_s": round(aggregate_s + classify_s, 2),
        "peak_rss_gb": round(peak_gb, 2),
        "target_s": 10,
        "tiers": int(result["tier"].n_unique()),
        "stars": dict(zip(stars["star"].to_list(), stars["len"].to_list(), strict=True)),
        "explanation_bytes_mean": int(result["explanation"].str.len_bytes().mean() or 0),
        "polars": pl.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    verdict = "within" if summary["total_s"] < 10 else "OVER"
    print(
        f"classified {args.retailers:,} retailers from {lines.height:,} lines in "
        f"{summary['total_s']} s ({verdict} the 10 s target), peak {summary['peak_rss_gb']} GB"
    )


if __name__ == "__main__":
    main()
