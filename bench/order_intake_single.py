"""Benchmark: the cost of one order in ``submit_order`` on PostgreSQL, one client, no contention.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/jinye_supply_bench \\
     .venv/bin/python bench/order_intake_single.py [--orders 500]

Drops and rebuilds the ``_bench`` database like ``bench/order_intake.py`` (200 retailers),
prints the SQL statements of one order, then the client CPU time and wall time per order.
CPU per order is what bounds throughput on a small, shared machine, and it varies far less
with the machine's load than the 32-client figures do.
"""

import argparse
import os
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinye.settings")

import order_intake as base  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=500)
    args = parser.parse_args()
    base.recreate_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jinye.retailers.models import Retailer
    from jinye.supply.intake import submit_order

    call_command("migrate", verbosity=0)
    world = base.build(200)
    user = User.objects.get(username="bench_clerk")
    ids: list[int] = world["retailers"]  # type: ignore[assignment]
    codes: list[str] = world["skus"]  # type: ignore[assignment]
    shops = {r.pk: r for r in Retailer.objects.filter(pk__in=ids).select_related("area")}
    rng = random.Random(1)

    def one() -> None:
        chosen = [rng.choice(codes[:2])] + rng.sample(codes[2:], base.LINES - 1)
        submit_order(  # a refusal raises
            retailer=shops[rng.choice(ids)],
            lines=[{"sku": c, "quantity": rng.randint(1, 5)} for c in chosen],
            entered_by=user,
            channel="online",
            idempotency_key=uuid.uuid4().hex,
            on=base.DAY,
        )

    with CaptureQueriesContext(connection) as queries:
        one()
    print(f"statements per order: {len(queries.captured_queries)}")
    for q in queries.captured_queries:
        print("  ", q["sql"][:110])
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(args.orders):
        one()
    n = args.orders
    print(
        f"{n} orders: client CPU {1000 * (time.process_time() - cpu) / n:.2f} ms/order, "
        f"wall {1000 * (time.perf_counter() - wall) / n:.2f} ms/order, "
        f"load average {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
