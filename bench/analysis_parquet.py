"""Benchmark: the analysis engine over a generated Parquet set of order lines (province scale).

Run: .venv/bin/python bench/analysis_parquet.py [--rows 100000000] [--chunk 10000000] [--keep]
Generates ``rows`` synthetic order lines over 2025–2026 (300,000 retailers, 600 SKUs) in
chunks of Parquet files under var/bench/parquet (gitignored; removed afterwards unless
--keep), then runs ``jinye.engines.analysis.analyse`` on ``pl.scan_parquet`` for 2026Q1 vs
2025Q1 in a child process and reports its wall time and peak RSS (the child's ru_maxrss).
Writes bench/results/analysis_parquet.json. Target: under 60 s and 8 GB.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench" / "parquet"
RESULTS = ROOT / "bench" / "results" / "analysis_parquet.json"
N_RETAILERS, N_SKUS = 300_000, 600
FIRST = date(2025, 1, 1)
DAYS = 730

CHILD = """
import json, sys, time
from datetime import date
from decimal import Decimal
import polars as pl
from jinye.engines.analysis import Period, analyse
t = time.perf_counter()
lines = pl.scan_parquet(sys.argv[1] + "/lines-*.parquet")
a = analyse(lines, pl.read_parquet(sys.argv[1] + "/skus.parquet"),
            current=Period(date(2026, 1, 1), date(2026, 3, 31)), plan_cases=Decimal(3_000_000))
print(json.dumps({"seconds": time.perf_counter() - t, "cases_now": str(a.now.cases),
                  "cases_before": str(a.before.cases), "revenue_now": str(a.now.revenue),
                  "retailers_now": a.now.retailers, "completion_pct": str(a.completion_pct),
                  "class1_share": str(a.classes[0].volume_share_now)}))
"""


def skus(rng: np.random.Generator) -> pl.DataFrame:
    yuan = rng.choice([12, 30, 50, 80, 120, 200, 400, 600], N_SKUS)
    cls = np.select([yuan >= 200, yuan >= 120, yuan >= 50, yuan >= 30], [1, 2, 3, 4], 5)
    price = yuan * 100
    return pl.DataFrame(
        {
            "sku_id": np.arange(N_SKUS, dtype=np.int64),
            "sku_name": [f"规格{i}" for i in range(N_SKUS)],
            "brand": [f"品牌{i % 60}" for i in range(N_SKUS)],
            "price_class": cls.astype(np.int64),
            "retail_price_fen": (price * 1.3).astype(np.int64),
            "wholesale_fen": price.astype(np.int64),
        }
    )


def generate(rows: int, chunk: int) -> float:
    rng = np.random.default_rng(2026)
    sku_frame = skus(rng)
    OUT.mkdir(parents=True, exist_ok=True)
    sku_frame.write_parquet(OUT / "skus.parquet")
    price = sku_frame["wholesale_fen"].to_numpy()
    popularity = rng.zipf(1.6, N_SKUS).astype(float)
    popularity /= popularity.sum()
    t = time.perf_counter()
    for i, start in enumerate(range(0, rows, chunk)):
        n = min(chunk, rows - start)
        sku = rng.choice(N_SKUS, n, p=popularity)
        qty = rng.integers(1, 20, n, dtype=np.int64)
        pl.DataFrame(
            {
                "order_date": (np.datetime64(FIRST) + rng.integers(0, DAYS, n)).astype(
                    "datetime64[D]"
                ),
                "retailer_id": rng.integers(0, N_RETAILERS, n, dtype=np.int64),
                "sku_id": sku.astype(np.int64),
                "quantity": qty,
                "amount_fen": qty * price[sku],
            }
        ).write_parquet(OUT / f"lines-{i:04d}.parquet")
        print(f"  chunk {i}: {start + n:,} rows, {time.perf_counter() - t:.0f} s", flush=True)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--chunk", type=int, default=10_000_000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    shutil.rmtree(OUT, ignore_errors=True)
    gen_s = generate(args.rows, args.chunk)
    size = sum(p.stat().st_size for p in OUT.glob("*.parquet"))
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(OUT)], check=True, capture_output=True, text=True
    ).stdout
    wall = time.perf_counter() - t
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    figures = json.loads(out)
    result = {
        "rows": args.rows,
        "parquet_bytes": size,
        "generate_s": round(gen_s, 1),
        "engine_s": round(figures.pop("seconds"), 2),
        "child_wall_s": round(wall, 2),
        "peak_rss_gb": round(peak_kb / 1024**2, 2),
        "targets": {"seconds": 60, "rss_gb": 8},
        "figures": figures,
        "polars": pl.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    if not args.keep:
        shutil.rmtree(OUT, ignore_errors=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
