"""50 clients racing for one scarce allowance and one monthly total (PostgreSQL only: SQLite
serialises every write transaction, so there is no race to observe there)."""

import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.db.models import Sum

from jinye.errors import Invalid, JinyeError
from jinye.orders.models import Order, OrderLine
from jinye.supply.intake import PlacedOrder, submit_order
from jinye.supply.models import Allowance, IdempotentRequest, MonthlyQuota
from tests.supply.factories import DAY, World, make_world

CLIENTS = 50

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks; SQLite serialises writers, set DATABASE_URL to run",
    ),
]


def _race(world: World, keys: list[str | None]) -> list[PlacedOrder | JinyeError]:
    """Each client's placed order, or its refusal."""
    barrier = threading.Barrier(len(keys))
    lines = [{"sku": world.scarce.code, "quantity": 1}, {"sku": world.plain.code, "quantity": 2}]

    def client(key: str | None) -> PlacedOrder | JinyeError:
        try:
            barrier.wait()
            return submit_order(
                retailer=world.retailer,
                lines=lines,
                entered_by=world.clerk.user,
                channel="online",
                idempotency_key=key,
                on=DAY,
            )
        except JinyeError as refused:
            return refused
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(keys)) as pool:
        return list(pool.map(client, keys))


@pytest.mark.parametrize(
    ("allowance", "ceiling", "accepted", "reason"),
    [(17, 60, 17, "本周配额17条"), (40, 60, 20, "超出2026-12月总量")],
    ids=["allowance-binds", "monthly-total-binds"],
)
def test_no_oversell_under_concurrent_orders(
    allowance: int, ceiling: int, accepted: int, reason: str
) -> None:
    world = make_world(ceiling=ceiling, allowance=allowance)
    results = _race(world, [None] * CLIENTS)
    ok = [r for r in results if isinstance(r, PlacedOrder)]
    rejected = [r for r in results if not isinstance(r, PlacedOrder)]
    assert len(ok) == accepted
    assert all(isinstance(r, Invalid) and reason in str(r) for r in rejected)
    quota = MonthlyQuota.objects.get(retailer=world.retailer)
    allowance_row = Allowance.objects.get(retailer=world.retailer)
    assert allowance_row.ordered == accepted <= allowance_row.quantity
    assert quota.ordered == 3 * accepted <= quota.ceiling
    assert Order.objects.count() == accepted
    assert {r.body["order_no"] for r in ok} == set(Order.objects.values_list("order_no", flat=True))
    stored = OrderLine.objects.aggregate(n=Sum("quantity"))["n"]
    assert stored == quota.ordered


def test_duplicate_idempotency_keys_make_exactly_one_order_per_key() -> None:
    world = make_world(ceiling=1000, allowance=100)
    keys: list[str | None] = [f"key-{i % 10}" for i in range(CLIENTS)]
    results = _race(world, keys)
    placed = [r for r in results if isinstance(r, PlacedOrder)]
    assert len(placed) == len(results)
    assert Order.objects.count() == 10
    by_key: dict[str, set[str]] = {}
    for key, r in zip(keys, placed, strict=True):
        by_key.setdefault(str(key), set()).add(r.body["order_no"])
    assert all(len(v) == 1 for v in by_key.values())
    assert Counter(r.replayed for r in placed) == Counter({True: 40, False: 10})
    assert MonthlyQuota.objects.get(retailer=world.retailer).ordered == 30


def test_duplicate_keys_racing_for_a_short_allowance_all_get_their_keys_first_answer() -> None:
    world = make_world(ceiling=1000, allowance=4)  # 4 of the 10 keys can have an order
    keys: list[str | None] = [f"key-{i % 10}" for i in range(CLIENTS)]
    results = _race(world, keys)
    answers: dict[str, set[str]] = {}
    for key, r in zip(keys, results, strict=True):
        answer = r.body if isinstance(r, PlacedOrder) else r.as_dict()
        answers.setdefault(str(key), set()).add(json.dumps(answer, sort_keys=True))
    assert all(len(v) == 1 for v in answers.values()), "a key answered two ways"
    accepted_keys = {k for k, r in zip(keys, results, strict=True) if isinstance(r, PlacedOrder)}
    assert len(accepted_keys) == 4 == Order.objects.count()
    replayed = Counter(r.replayed for r in results if isinstance(r, PlacedOrder))
    assert replayed == Counter({True: 16, False: 4})
    assert Allowance.objects.get(retailer=world.retailer).ordered == 4
    assert MonthlyQuota.objects.get(retailer=world.retailer).ordered == 12
    assert IdempotentRequest.objects.count() == 10
    stored = {r.key: r.outcome for r in IdempotentRequest.objects.all()}
    assert sorted(stored.values()) == ["accepted"] * 4 + ["invalid"] * 6
