"""Benchmark: a month's visit plans with daily routes for 20 customer managers × 100 retailers.

Run: .venv/bin/python bench/visit_plans.py [--managers 20] [--retailers 100] [--month 2026-12]
Builds a synthetic department (coordinates scattered around each manager's town) in a fresh,
temporary SQLite database, then times ``do_generate_month_plans`` (engine, PyVRP routes and
the writes). Retailers are unrated, so every one is planned as 新增户 (4 visits a month, the
default rule) — a heavier load than a real star mix. Prints a summary and writes
bench/results/visit_plans.json. Target: under 60 s on a 2-core machine.
"""

import argparse
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "visit_plans.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--managers", type=int, default=20)
    parser.add_argument("--retailers", type=int, default=100, help="per manager")
    parser.add_argument("--month", default="2026-12")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    os.environ["JINYE_VAR_DIR"] = tempfile.mkdtemp(prefix="jinye-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinye.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from jinye.org.models import Company, MarketArea, MarketingDepartment, Role, Staff
    from jinye.retailers.models import Retailer
    from jinye.visits.models import PlanDay, PlanStop, VisitSettings
    from jinye.visits.services import do_generate_month_plans

    call_command("migrate", interactive=False, verbosity=0)
    rng = random.Random(args.seed)
    company = Company.objects.create(code="BC", name="bench")
    dept = MarketingDepartment.objects.create(company=company, code="BD", name="bench")
    area = MarketArea.objects.create(department=dept, code="BA", name="bench")
    retailers = []
    for m in range(args.managers):
        user = User.objects.create_user(username=f"cm{m}")
        staff = Staff.objects.create(
            user=user,
            department=dept,
            area=area,
            employee_no=f"B{m:04d}",
            name=f"cm{m}",
            role=Role.CUSTOMER_MANAGER,
        )
        town = (32.0 + rng.uniform(0, 1), 110.0 + rng.uniform(0, 1))
        for r in range(args.retailers):
            retailers.append(
                Retailer(
                    licence_no=f"L{m:03d}{r:05d}",
                    name=f"r{m}-{r}",
                    owner="o",
                    latitude=town[0] + rng.gauss(0, 0.05),
                    longitude=town[1] + rng.gauss(0, 0.05),
                    area=area,
                    business_format="grocery",
                    location_type="urban",
                    customer_manager=staff,
                    opened_on=date(2020, 1, 1),
                )
            )
    Retailer.objects.bulk_create(retailers)
    route_seconds = VisitSettings.current().route_seconds

    peak_before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    plans = do_generate_month_plans(department=dept, month=args.month)
    wall_s = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    days = PlanDay.objects.filter(plan__in=plans)
    result = {
        "benchmark": "visit_plans",
        "managers": args.managers,
        "retailers_per_manager": args.retailers,
        "month": args.month,
        "plans": len(plans),
        "route_days": days.count(),
        "stops": PlanStop.objects.filter(plan_day__plan__in=plans).count(),
        "route_km_total": round(sum(d.distance_m for d in days) / 1000, 1),
        "route_methods": sorted(set(days.values_list("method", flat=True))),
        "route_seconds_limit_per_day": route_seconds,
        "wall_s": round(wall_s, 2),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "peak_rss_before_mb": round(peak_before_kb / 1024, 1),
        "target_s": 60,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "database": "sqlite (temporary)",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(
        f"visit plans {args.month}: {result['plans']} managers × {args.retailers} retailers → "
        f"{result['stops']} stops on {result['route_days']} route-days, "
        f"{result['route_km_total']} km in {wall_s:.1f} s (target 60 s), "
        f"peak RSS {result['peak_rss_mb']} MB; methods {result['route_methods']}"
    )
    print(f"written {RESULTS.relative_to(ROOT)}")
    sys.exit(0 if wall_s < 60 else 1)


if __name__ == "__main__":
    main()
