"""Benchmark: build the full demo county into a fresh, temporary SQLite database.

Run: .venv/bin/python bench/demo_build.py [--seed 2026] [--today 2026-11-22] [--scale 1.0]
Prints seconds per phase, row counts and the calibration figures (computed by
tests/demo/calibration.py), writes bench/results/demo_build.json.
Set DATABASE_URL to measure PostgreSQL instead (the database must exist and be migrated
by this script; it is rebuilt with replace=True).
"""

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "demo_build.json"
sys.path.insert(0, str(ROOT))  # the calibration figures are the tests' own computation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 22))
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()

    var_dir = tempfile.mkdtemp(prefix="jinye-bench-")
    os.environ["JINYE_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinye.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jinye.demo.build import build_demo_county
    from jinye.demo.generator import generate_county
    from jinye.orders.models import Order, OrderLine
    from jinye.retailers.models import Retailer

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_s = time.perf_counter() - started

    phases: dict[str, list[float]] = {}

    def progress(done: int, total: int, label: str) -> None:
        now = time.perf_counter()
        phases.setdefault(label, [now, now])[1] = now

    started = time.perf_counter()
    summary = build_demo_county(
        seed=args.seed, today=args.today, progress=progress, replace=True, scale=args.scale
    )
    build_s = time.perf_counter() - started
    labels = list(phases)
    # A phase runs from its first report to the next phase's first report.
    seconds = {
        label: round(
            (phases[labels[i + 1]][0] if i + 1 < len(labels) else started + build_s)
            - phases[label][0],
            2,
        )
        for i, label in enumerate(labels)
    }
    rows = {
        "retailers": Retailer.objects.count(),
        "orders": Order.objects.count(),
        "order_lines": OrderLine.objects.count(),
    }
    from tests.demo.calibration import figures

    calibration = figures(generate_county(args.seed, args.today, args.scale))
    result = {
        "database": connection.vendor,
        "seed": args.seed,
        "today": args.today.isoformat(),
        "scale": args.scale,
        "migrate_seconds": round(migrate_s, 2),
        "build_seconds": round(build_s, 2),
        "phase_seconds": seconds,
        "rows": rows,
        "lines_per_second": round(rows["order_lines"] / build_s),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "calibration": calibration,
        "summary": summary,
        "var_dir": var_dir,
    }
    print(summary)
    for label, secs in seconds.items():
        print(f"  {label:<24} {secs:7.2f} s")
    print(f"  {'total build':<24} {build_s:7.2f} s   rows: {rows}")
    print("calibration:")
    for key, value in calibration.items():
        print(f"  {key:<32} {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
