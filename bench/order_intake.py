"""Benchmark: order intake throughput on PostgreSQL, 32 concurrent clients, 10 lines per order.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/jinye_supply_bench \\
     .venv/bin/python bench/order_intake.py [--clients 32] [--orders 100] [--rounds 3] \\
     [--retailers 2000] [--via service|api]

Drops and re-creates the database named in DATABASE_URL (it must end in ``_bench``),
migrates it, builds one department with ``retailers`` retailers (each with a monthly total
and a published allowance of two scarce SKUs) and 20 SKUs, then forks ``clients`` processes
that each place ``orders`` orders through ``jinye.supply.intake.submit_order`` (the path the
web form and the API use), 10 lines each, one of them scarce, for random retailers, each with
its own Idempotency-Key. Every client loads what it needs first and waits at a barrier, so
orders/s is measured over the intake window alone (first order started to last order done);
the run including process start-up is reported beside it. p50/p99 latency is per order.
The random-retailer phase runs ``rounds`` times (this machine's speed drifts by ±15% from one
half-minute to the next) and the median round is the headline figure. A last phase has every
client order for the same retailer (worst-case lock contention). Orders are dated today.
``--via api`` posts each order to ``/api/v1/orders`` with Django's test client instead
(middleware, session login, Ninja validation and the handler; no socket or WSGI server).
Writes bench/results/order_intake.json (order_intake_api.json with --via api).
Target: ≥ 300 orders/s.
"""

import argparse
import json
import multiprocessing as mp
import os
import platform
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
DAY = date.today()  # the API dates orders today, so the world is built around today
LINES = 10


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    if not name.endswith("_bench"):
        sys.exit("DATABASE_URL must name a database ending in _bench (it is dropped and rebuilt)")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build(retailers: int) -> dict[str, object]:
    from decimal import Decimal

    from django.contrib.auth.models import User

    from jinye.catalog.models import Brand, Sku
    from jinye.org.models import Company, MarketArea, MarketingDepartment, Staff
    from jinye.retailers.models import Retailer
    from jinye.supply.models import AllocationRun, Allowance, MonthlyQuota

    company = Company.objects.create(code="BC", name="基准公司")
    dept = MarketingDepartment.objects.create(company=company, code="BD", name="基准营销部")
    area = MarketArea.objects.create(department=dept, code="BA", name="基准市场部")
    user = User.objects.create_user("bench_clerk", password=None)
    Staff.objects.create(
        user=user, department=dept, employee_no="B0001", name="订单员", role="order_clerk"
    )
    brand = Brand.objects.create(code="BB", name="基准品牌")
    skus = Sku.objects.bulk_create(
        Sku(
            code=f"BS{i:03d}",
            barcode=f"6900000000{i:03d}",
            brand=brand,
            name=f"规格{i}",
            transfer_price=Decimal("100"),
            wholesale_price=Decimal("120"),
            retail_price=Decimal("130"),
            price_class=1,
            scarce=i < 2,
        )
        for i in range(20)
    )
    shops = Retailer.objects.bulk_create(
        Retailer(
            licence_no=f"B{i:08d}",
            name=f"店{i}",
            owner="店主",
            area=area,
            business_format="grocery",
            location_type="urban",
            opened_on=date(2020, 1, 1),
        )
        for i in range(retailers)
    )
    MonthlyQuota.objects.bulk_create(
        MonthlyQuota(
            retailer=r,
            month=f"{DAY:%Y-%m}",
            agreed=100_000,
            ceiling=100_000,
            explanation="",
            inputs={},
        )
        for r in shops
    )
    week = DAY - timedelta(days=DAY.weekday())
    for sku in skus[:2]:
        run = AllocationRun.objects.create(
            week=week,
            sku=sku,
            department=dept,
            method="max_min_fair",
            supply=10**6,
            allocated=10**6,
            requested=10**6,
            retailer_count=retailers,
            config={},
            status="published",
        )
        Allowance.objects.bulk_create(
            Allowance(
                run=run,
                retailer=r,
                sku=sku,
                week=week,
                tier=1,
                scale="small",
                request=1000,
                quantity=100_000,
                rule="share",
                explanation="",
            )
            for r in shops
        )
    return {"retailers": [r.pk for r in shops], "skus": [s.code for s in skus]}


_START = mp.get_context("fork").Barrier(1)  # replaced per phase, inherited by the fork


def _via_service(user: Any, retailer_ids: list[int]) -> Callable[[int, list[Any]], bool]:
    from jinye.errors import JinyeError
    from jinye.retailers.models import Retailer
    from jinye.supply.intake import submit_order

    shops = {r.pk: r for r in Retailer.objects.filter(pk__in=retailer_ids).select_related("area")}

    def place(retailer_id: int, lines: list[Any]) -> bool:
        try:
            submit_order(
                retailer=shops[retailer_id],
                lines=lines,
                entered_by=user,
                channel="online",
                idempotency_key=uuid.uuid4().hex,
                on=DAY,
            )
        except JinyeError:
            return False
        return True

    return place


def _via_api(user: Any, retailer_ids: list[int]) -> Callable[[int, list[Any]], bool]:
    """The whole Django request: middleware, session login, Ninja validation, the handler."""
    from django.test import Client

    from jinye.retailers.models import Retailer

    licences = dict(Retailer.objects.filter(pk__in=retailer_ids).values_list("pk", "licence_no"))
    http = Client()
    http.force_login(user)

    def place(retailer_id: int, lines: list[Any]) -> bool:
        response = http.post(
            "/api/v1/orders",
            data=json.dumps({"retailer": licences[retailer_id], "lines": lines}),
            content_type="application/json",
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )
        return response.status_code == 201

    return place


def client(
    args: tuple[int, int, list[int], list[str], bool, str],
) -> tuple[float, float, float, list[float]]:
    seed, orders, retailer_ids, codes, hot, via = args
    from django.contrib.auth.models import User
    from django.db import connections

    connections.close_all()  # never share the parent's connection after fork
    rng = random.Random(seed)
    user = User.objects.get(username="bench_clerk")
    place = (_via_api if via == "api" else _via_service)(user, retailer_ids)
    latencies = []
    _START.wait()
    began, cpu = time.monotonic(), time.process_time()
    for _ in range(orders):
        shop = retailer_ids[0] if hot else rng.choice(retailer_ids)
        chosen = [rng.choice(codes[:2])] + rng.sample(codes[2:], LINES - 1)
        lines = [{"sku": c, "quantity": rng.randint(1, 5)} for c in chosen]
        start = time.perf_counter()
        accepted = place(shop, lines)
        latencies.append(time.perf_counter() - start)
        if not accepted:
            raise RuntimeError(f"order refused for retailer {shop}: {lines}")
    ended, cpu = time.monotonic(), time.process_time() - cpu
    connections.close_all()
    return began, ended, cpu, latencies


def phase(
    clients: int, orders: int, world: dict[str, object], hot: bool, via: str
) -> dict[str, float]:
    retailer_ids: list[int] = world["retailers"]  # type: ignore[assignment]
    codes: list[str] = world["skus"]  # type: ignore[assignment]
    work = [(seed, orders, retailer_ids, codes, hot, via) for seed in range(clients)]
    from django.db import connections

    connections.close_all()
    global _START
    context = mp.get_context("fork")
    _START = context.Barrier(clients)
    start = time.monotonic()
    # One work item per worker: each blocks at the barrier, so no worker can take two.
    with context.Pool(clients) as pool:
        done = pool.map(client, work, chunksize=1)
    with_startup = time.monotonic() - start
    wall = max(e for _, e, _, _ in done) - min(b for b, _, _, _ in done)
    latencies = sorted(x for *_, chunk in done for x in chunk)
    client_cpu = sum(c for _, _, c, _ in done)
    return {
        "orders": len(latencies),
        "seconds": round(wall, 3),
        "orders_per_s": round(len(latencies) / wall, 1),
        "seconds_with_startup": round(with_startup, 3),
        "orders_per_s_with_startup": round(len(latencies) / with_startup, 1),
        "client_cpu_ms_per_order": round(1000 * client_cpu / len(latencies), 2),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))] * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--orders", type=int, default=100, help="orders per client")
    parser.add_argument("--rounds", type=int, default=3, help="random-retailer rounds")
    parser.add_argument("--retailers", type=int, default=2000)
    parser.add_argument(
        "--via",
        choices=("service", "api"),
        default="service",
        help="call submit_order, or POST /api/v1/orders through Django's whole request stack",
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database ending in _bench")
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    recreate_database(url)
    from jinye.clikit import migrate, setup_django

    setup_django()
    migrate()
    world = build(args.retailers)
    from django.db.models import Sum

    from jinye.orders.models import Order, OrderLine
    from jinye.supply.models import MonthlyQuota

    rounds = [
        phase(args.clients, args.orders, world, hot=False, via=args.via) for _ in range(args.rounds)
    ]
    spread = sorted(rounds, key=lambda r: r["orders_per_s"])[len(rounds) // 2]
    hot = phase(args.clients, max(1, args.orders // 4), world, hot=True, via=args.via)
    stored = OrderLine.objects.aggregate(n=Sum("quantity"))["n"]
    counted = MonthlyQuota.objects.aggregate(n=Sum("ordered"))["n"]
    results = {
        "via": args.via,
        "clients": args.clients,
        "lines_per_order": LINES,
        "retailers": args.retailers,
        "machine": f"{platform.machine()} {os.cpu_count()} cpus, "
        f"Python {platform.python_version()}",
        "load_average_at_start": load_at_start,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "spread_over_retailers": spread,
        "spread_rounds_orders_per_s": [r["orders_per_s"] for r in rounds],
        "one_hot_retailer": hot,
        "orders_stored": Order.objects.count(),
        "cartons_stored_equal_quota_counters": stored == counted,
    }
    print("random-retailer rounds:", ", ".join(f"{r['orders_per_s']}" for r in rounds), "orders/s")
    for label, r in (("random retailers", spread), ("one hot retailer", hot)):
        print(
            f"{label:17s} {r['orders']} orders in {r['seconds']} s: {r['orders_per_s']} orders/s, "
            f"p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms "
            f"({r['orders_per_s_with_startup']} orders/s counting process start-up; "
            f"client CPU {r['client_cpu_ms_per_order']} ms/order)"
        )
    print(f"stored orders {results['orders_stored']}, counters consistent: {stored == counted}")
    target = RESULTS / ("order_intake.json" if args.via == "service" else "order_intake_api.json")
    RESULTS.mkdir(exist_ok=True)
    target.write_text(json.dumps(results, indent=2))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
