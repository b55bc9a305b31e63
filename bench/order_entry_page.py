"""Benchmark: the order entry page (GET /supply/orders/new/) for a clerk who entered many
orders, and for a director who entered none; the statements and the wall time of each.

Run: PYTHONPATH=src:. JINYE_VAR_DIR=var/bench .venv/bin/python bench/order_entry_page.py \\
     [--orders 60000] [--retailers 2000]

Builds a throw-away test database (SQLite in ``JINYE_VAR_DIR``, or ``DATABASE_URL``'s server)
with one department, ``--retailers`` shops and ``--orders`` phone orders of three lines each,
all entered by one clerk, then times the page five times per person (median) and the retailer
search by name and by pinyin initials; writes ``bench/results/order_entry_page.json``.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def build(orders: int, retailers: int) -> tuple[object, object]:
    from tests.factories import make_area, make_department, make_sku, make_staff

    from jinye.orders.models import Order, OrderLine
    from jinye.retailers.models import Retailer

    dept = make_department()
    area = make_area(dept)
    manager = make_staff("customer_manager", area=area)
    clerk = make_staff("order_clerk", dept=dept)
    director = make_staff("director", dept=dept)
    skus = [make_sku() for _ in range(3)]
    Retailer.objects.bulk_create(
        Retailer(
            licence_no=f"4203{n:08d}",
            name=f"便民店{n}",
            owner=f"店主{n}",
            area=area,
            customer_manager=manager,
            business_format="grocery",
            location_type="urban",
            opened_on=date(2020, 1, 1),
        ).with_initials()
        for n in range(retailers)
    )
    ids = list(Retailer.objects.values_list("pk", flat=True))
    start = date(2025, 1, 6)
    Order.objects.bulk_create(
        (
            Order(
                order_no=f"B{n:09d}",
                retailer_id=ids[n % len(ids)],
                order_date=start + timedelta(days=n % 600),
                week=start + timedelta(days=n % 600 - (n % 600) % 7),
                channel="phone",
                entered_by=clerk.user,
            )
            for n in range(orders)
        ),
        batch_size=5000,
    )
    OrderLine.objects.bulk_create(
        (
            OrderLine(order_id=oid, sku=s, quantity=2, unit_price=Decimal(120), amount=Decimal(240))
            for oid in Order.objects.values_list("pk", flat=True).iterator()
            for s in skus
        ),
        batch_size=5000,
    )
    return clerk, director


def measure(staff: object) -> dict[str, object]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(staff.user)  # type: ignore[attr-defined]
    times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as q:
            t = time.perf_counter()
            assert client.get("/supply/orders/new/").status_code == 200
            times.append(time.perf_counter() - t)
    slowest = max(q.captured_queries, key=lambda x: float(x["time"]))
    return {
        "median_s": round(statistics.median(times), 4),
        "queries": len(q.captured_queries),
        "slowest_query_s": float(slowest["time"]),
        "slowest_query": slowest["sql"][:300],
    }


def measure_search(staff: object) -> dict[str, object]:
    """The retailer search (``/supply/orders/find/retailers/``) by name and by initials."""
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(staff.user)  # type: ignore[attr-defined]
    out: dict[str, object] = {}
    for q in ("便民店19", "bmd19", "店主7"):
        times = []
        for _ in range(5):
            t = time.perf_counter()
            found = client.get("/supply/orders/find/retailers/", {"q": q}).json()["results"]
            times.append(time.perf_counter() - t)
        out[q] = {"median_s": round(statistics.median(times), 4), "found": len(found)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=60000)
    parser.add_argument("--retailers", type=int, default=2000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        t = time.perf_counter()
        clerk, director = build(args.orders, args.retailers)
        print(f"built {args.orders:,} orders in {time.perf_counter() - t:.1f} s ({name})")
        result = {
            "orders": args.orders,
            "retailers": args.retailers,
            "database": connection.vendor,
            "clerk": measure(clerk),
            "director": measure(director),
            "search": measure_search(clerk),
        }
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "order_entry_page.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
