"""Benchmark: scarce-SKU allocation of 1,000,000 requests (100,000 retailers × 10 SKUs).

Run: .venv/bin/python bench/allocation.py [--retailers 100000] [--skus 10] [--repeat 3]
For each method (by_tier, proportional, max_min_fair) allocates every SKU's supply (about
40% of what is requested) with a per-retailer cap, a large-retailer limit and the rural
tilt, with the rule code and figures each reason is rendered from, and reports the best of
``repeat`` wall times for all SKUs.
Writes bench/results/allocation.json. Target: under 2 s per method.
"""

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np
import polars as pl

from jinye.engines.allocation import METHODS, AllocationConfig, allocate

RESULTS = Path(__file__).resolve().parent / "results" / "allocation.json"


def requests(n: int, rng: np.random.Generator) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "retailer_id": np.arange(1, n + 1),
            "request": rng.poisson(6, n),
            "tier": rng.integers(1, 31, n),
            "scale": rng.choice(["large", "medium", "small"], n, p=[0.1, 0.3, 0.6]),
            "location_type": rng.choice(["urban", "rural"], n),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--retailers", type=int, default=100_000)
    parser.add_argument("--skus", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    frames = [requests(args.retailers, rng) for _ in range(args.skus)]
    supplies = [int(f["request"].sum() * 0.4) for f in frames]
    table = {t: t for t in range(1, 31)}
    results: dict[str, object] = {
        "retailers": args.retailers,
        "skus": args.skus,
        "requests": args.retailers * args.skus,
        "machine": f"{platform.machine()} {os.cpu_count()} cpus, "
        f"Python {platform.python_version()}",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "polars": pl.__version__,
        "methods": {},
    }
    for method in METHODS:
        config = AllocationConfig(
            method=method,
            tier_table=table,
            per_retailer_cap=12,
            large_limit=8,
            rural_tilt=1.5,
        )
        best = float("inf")
        allocated = 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            allocated = 0
            for frame, supply in zip(frames, supplies, strict=True):
                out = allocate(frame, supply, config)
                allocated += int(out["allowance"].sum())
            best = min(best, time.perf_counter() - start)
        results["methods"][method] = {  # type: ignore[index]
            "seconds": round(best, 3),
            "allocated": allocated,
            "supply": sum(supplies),
        }
        print(f"{method:14s} {best:6.3f} s  allocated {allocated:,} of supply {sum(supplies):,}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
