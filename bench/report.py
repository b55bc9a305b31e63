"""Benchmark: the quarterly operation analysis report for the demo county, end to end.

Run: .venv/bin/python bench/report.py [--quarter 2026Q1] [--today 2026-04-12]
Builds the demo county (seed 2026) into a temporary SQLite database, sets a target and a full
social-inventory survey with counts, then times build_report + .docx + .xlsx (the work behind
`jinye report --quarter … --format docx`), three runs, best and median reported.
Writes bench/results/report.json. Target: under 5 s.
"""

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "report.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quarter", default="2026Q1")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 4, 12))
    args = parser.parse_args()
    os.environ["JINYE_VAR_DIR"] = tempfile.mkdtemp(prefix="jinye-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinye.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from jinye.catalog.models import Sku
    from jinye.demo.build import build_demo_county
    from jinye.org.models import MarketingDepartment
    from jinye.periods import Quarter
    from jinye.reports.builder import build_report
    from jinye.reports.render import render_docx, render_xlsx
    from jinye.retailers.models import Retailer
    from jinye.targets.models import StockCount
    from jinye.targets.selectors import plan_cases
    from jinye.targets.services import do_create_survey, do_set_annual_target

    call_command("migrate", interactive=False, verbosity=0)
    t0 = time.perf_counter()
    build_demo_county(seed=2026, today=args.today, replace=True)
    build_s = time.perf_counter() - t0
    dept = MarketingDepartment.objects.order_by("code").first()
    assert dept is not None
    director = User.objects.filter(staff__role="director", staff__department=dept).first()
    assert director is not None
    period = Quarter.parse(args.quarter)
    do_set_annual_target(
        department=dept,
        year=period.first.year,
        volume_cases=15060,
        revenue=380_000_000,
        basis="last_year",
        by=director,
    )
    survey = do_create_survey(
        department=dept, name="bench", taken_on=period.last, sample_share=Decimal("1"), seed=1
    )
    rng = random.Random(1)
    skus = list(Sku.objects.values_list("pk", flat=True))
    StockCount.objects.bulk_create(
        StockCount(survey=survey, retailer_id=r, sku_id=s, cartons=rng.randint(1, 30))
        for r in survey.retailers.values_list("pk", flat=True)
        for s in rng.sample(skus, rng.randint(5, 30))
    )
    retailers = Retailer.objects.filter(area__department=dept)
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        report = build_report(
            department=dept,
            period=period,
            retailers=retailers,
            plan=lambda p: plan_cases(dept, p),
            today=args.today,
        )
        built = time.perf_counter() - t
        docx = render_docx(report)
        xlsx = render_xlsx(report)
        runs.append({"build_s": built, "total_s": time.perf_counter() - t})
    result = {
        "database": connection.vendor,
        "quarter": args.quarter,
        "retailers": retailers.count(),
        "skus_in_report": report.analysis.sku_table.height,
        "stock_counts": StockCount.objects.count(),
        "demo_build_s": round(build_s, 1),
        "report_best_s": round(min(r["total_s"] for r in runs), 2),
        "report_median_s": round(statistics.median(r["total_s"] for r in runs), 2),
        "build_report_median_s": round(statistics.median(r["build_s"] for r in runs), 2),
        "docx_bytes": len(docx),
        "xlsx_bytes": len(xlsx),
        "target_s": 5,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
