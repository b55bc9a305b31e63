"""Benchmark: the KPI engine and the career ladder engine at province scale.

KPIs for 5,000 customer managers (a province's worth) in one month, and the ladder window
for 100,000 synthetic candidates. Prints a summary and writes bench/results/people.json.
Run: .venv/bin/python bench/people.py
"""

import json
import random
import time
from pathlib import Path

import numpy as np
import polars as pl

from jinye.engines import careers
from jinye.engines.kpi import KpiConfig, compute_kpis

MANAGERS = 5_000
CANDIDATES = 100_000


def kpi_frame(n: int, rng: np.random.Generator) -> pl.DataFrame:
    retailers = rng.integers(60, 140, n)
    return pl.DataFrame(
        {
            "staff_id": np.arange(n),
            "retailers": retailers,
            "sales_cases": rng.uniform(20, 120, n),
            "target_cases": rng.uniform(50, 100, n),
            "forecast_accuracy": rng.uniform(0.3, 1.0, n),
            "planned_visits": retailers * 4,
            "done_planned": (retailers * 4 * rng.uniform(0.6, 1.0, n)).astype(int),
            "info_records": rng.integers(0, 200, n),
            "guided": (retailers * rng.uniform(0.2, 0.9, n)).astype(int),
            "guided_effective": rng.integers(0, 50, n),
            "complaints": rng.poisson(0.5, n),
        }
    )


def main() -> None:
    rng = np.random.default_rng(7)
    frame = kpi_frame(MANAGERS, rng)
    t0 = time.perf_counter()
    values, scores = compute_kpis(frame, KpiConfig())
    kpi_s = time.perf_counter() - t0

    r = random.Random(7)
    stds = careers.check_standards(careers.default_standards())
    people = [
        careers.Candidate(
            i,
            r.randint(0, careers.TOP),
            tuple(r.uniform(50, 100) for _ in range(3)),
            r.randint(0, 120),
            r.randint(0, 60),
            careers.Education(r.randint(0, 4)),
            r.random() < 0.8,
            r.random() < 0.05,
            None,
        )
        for i in range(CANDIDATES)
    ]
    t0 = time.perf_counter()
    decisions = [careers.evaluate(c, stds) for c in people]
    ladder_s = time.perf_counter() - t0
    kinds: dict[str, int] = {}
    for d in decisions:
        kinds[d.kind.value] = kinds.get(d.kind.value, 0) + 1

    result = {
        "kpi_managers": MANAGERS,
        "kpi_rows": values.height,
        "kpi_seconds": round(kpi_s, 3),
        "ladder_candidates": CANDIDATES,
        "ladder_seconds": round(ladder_s, 3),
        "ladder_kinds": kinds,
        "mean_score": round(float(scores["score"].mean() or 0), 2),
    }
    print(f"KPIs: {MANAGERS} managers, {values.height} KPI rows in {kpi_s:.3f} s")
    print(f"Ladder: {CANDIDATES} candidates in {ladder_s:.3f} s; {kinds}")
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "people.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
