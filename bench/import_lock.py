"""Benchmark: how long a large import holds SQLite's write lock (issue 15 item 8).

Run: .venv/bin/python bench/import_lock.py [--rows 50000]

Builds a fresh SQLite database in a temporary directory (one department, two areas, a
customer manager each), writes a retailers file of ``--rows`` rows, imports it (every row
new), then imports a copy with every shop renamed (every row updated). For each import it
prints the wall time and how long the write lock was held: from ``BEGIN IMMEDIATE`` to
``COMMIT``, as the SQLite connection's trace callback sees them. Writes
``bench/results/import_lock.json``.
"""

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


class LockClock:
    """Times every BEGIN … COMMIT/ROLLBACK span on the raw SQLite connection."""

    def __init__(self) -> None:
        self.started: float | None = None
        self.spans: list[float] = []

    def __call__(self, statement: str) -> None:
        word = statement.lstrip().split(" ", 1)[0].upper()
        if word == "BEGIN":
            self.started = time.perf_counter()
        elif word in ("COMMIT", "ROLLBACK") and self.started is not None:
            self.spans.append(time.perf_counter() - self.started)
            self.started = None


def write_file(path: Path, rows: int, suffix: str) -> None:
    header = ["许可证号", "店名", "负责人", "电话", "地址", "经度", "纬度", "市场部", "业态",
              "城乡", "状态", "客户经理工号", "开业日期"]  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        for n in range(rows):
            area, manager = ("QX01", "E00001") if n % 2 else ("QX02", "E00002")
            out.writerow([
                f"4203{n:08d}", f"红旗{n}号店{suffix}", f"张{n}", f"138{n:08d}",
                f"清溪县人民路{n}号", 110.5, 32.8, area, "食杂店", "城镇", "营业", manager,
                "2020-03-15",
            ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="jinye-import-lock-"))
    os.environ["JINYE_VAR_DIR"] = str(tmp)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinye.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from jinye.dataio.imports import import_file
    from jinye.org.models import Company, MarketArea, MarketingDepartment, Role, Staff

    call_command("migrate", verbosity=0)
    company = Company.objects.create(code="C1", name="某市烟草公司")
    dept = MarketingDepartment.objects.create(code="D1", company=company, name="营销部")
    for i, code in enumerate(("QX01", "QX02"), start=1):
        area = MarketArea.objects.create(department=dept, code=code, name=f"{code}市场部")
        Staff.objects.create(
            user=User.objects.create_user(f"cm{i}"),
            department=dept,
            area=area,
            employee_no=f"E{i:05d}",
            name=f"经理{i}",
            role=Role.CUSTOMER_MANAGER,
        )
    connection.ensure_connection()
    clock = LockClock()
    connection.connection.set_trace_callback(clock)
    figures = {}
    for label, suffix in (("create", ""), ("update", "（新）")):
        path = tmp / f"{label}.csv"
        write_file(path, args.rows, suffix)
        clock.spans.clear()
        start = time.perf_counter()
        result = import_file("retailers", path, department=dept)
        wall = time.perf_counter() - start
        held = max(clock.spans, default=0.0)
        figures[label] = {"rows": result.rows, "wall_s": round(wall, 2), "lock_s": round(held, 2)}
        print(
            f"{label}: {result.rows:,} rows ({result.created:,} created, {result.updated:,} "
            f"updated) in {wall:.1f} s; write lock held {held:.1f} s"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "import_lock.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    sys.exit(main())
