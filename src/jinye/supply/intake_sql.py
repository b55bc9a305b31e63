"""The statements of order intake (the hot path), one function each: what it reads, locks or
writes, and why. :mod:`jinye.supply.intake` calls them in the order that keeps intake free of
deadlocks: the demand record, then the retailer's month (quota row), then the week's
allowances by SKU id, then the inserts; cancelling takes the same rows in the same order.

Plain SQL where it saves round trips on the busiest write path (PostgreSQL and SQLite
branches inside); the ORM's ``select_for_update`` on the rare paths that must name every
reason (a refused counter, a demand record, a cancellation).
"""

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import F
from django.db.models.functions import Greatest

from jinye.catalog.models import Sku
from jinye.orders.models import Order, OrderLine
from jinye.org.models import MarketArea, Staff
from jinye.retailers.models import RetailerLogin
from jinye.supply.intake_rules import RETAILER, Actor, SkuTerms
from jinye.supply.models import (
    AllocationRun,
    Allowance,
    DemandRecord,
    IdempotentRequest,
    MonthlyQuota,
    RunStatus,
    SkuSupplyRule,
)


@functools.cache
def _table(model: Any) -> str:
    """The model's quoted table name (the same on PostgreSQL and SQLite), once per process:
    every look-up through ``connection`` costs a thread-local access on the hot path."""
    return str(connection.ops.quote_name(model._meta.db_table))


def _money(value: object) -> Decimal:
    """A price as read by a plain cursor (Decimal on PostgreSQL, int or float on SQLite)."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


_WHO_AND_WHAT_SQL = (
    "SELECT st.id, st.role, st.department_id, a.department_id, rl.retailer_id, "
    "s.id, s.code, s.active, s.scarce, s.wholesale_price, r.per_order_cap "
    "FROM {area} a "
    "LEFT JOIN {staff} st ON st.user_id = %s AND st.active "
    "LEFT JOIN {login} rl ON rl.user_id = %s "
    "LEFT JOIN {sku} s ON s.code IN ({codes}) LEFT JOIN {rule} r ON r.sku_id = s.id "
    "WHERE a.id = %s"
)


def read_who_and_what(
    user_id: int, area_id: int, codes: Sequence[str]
) -> tuple[Actor | None, dict[str, SkuTerms]]:
    """One read, no lock: who the user is (an active staff record, or a retailer's own
    login), the department of the retailer's market area, and the ordered SKUs found, by
    code, with their supply rules. SKUs and people change rarely, and every counter they
    guard is re-checked under lock, so reading them unlocked is safe."""
    codes = list(codes) or [""]
    sql = _WHO_AND_WHAT_SQL.format(
        staff=_table(Staff),
        area=_table(MarketArea),
        login=_table(RetailerLogin),
        sku=_table(Sku),
        rule=_table(SkuSupplyRule),
        codes=", ".join(["%s"] * len(codes)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, user_id, *codes, area_id])
        rows = cursor.fetchall()
    if not rows:  # no such area
        return None, {}
    staff_id, role, department_id, retailer_department_id, own_retailer_id = rows[0][:5]
    actor = None
    if staff_id is not None:
        actor = Actor(staff_id, role, department_id, retailer_department_id)
    elif own_retailer_id is not None:
        actor = Actor(None, RETAILER, None, retailer_department_id, own_retailer_id)
    skus = {
        code: SkuTerms(pk, code, bool(active), bool(scarce), _money(price), cap)
        for *_, pk, code, active, scarce, price, cap in rows
        if pk is not None
    }
    return actor, skus


def lock_demand(demand_id: int) -> DemandRecord | None:
    """Lock the demand record (六不准) an order is placed from, so two orders cannot both
    use it: the second waits, then finds it used."""
    return DemandRecord.objects.select_for_update().filter(pk=demand_id).first()


_TAKE_QUOTA_SQL = (
    "UPDATE {quota} SET ordered = ordered + %s "
    "WHERE retailer_id = %s AND month = %s AND ordered + %s <= ceiling RETURNING id"
)


def take_quota(retailer_id: int, month: str, total: int) -> int | None:
    """Add ``total`` 条 to the retailer's month if it fits under the ceiling; the quota row's
    id, or None when there is no row or it does not fit. The UPDATE locks the row (always the
    first counter intake locks, so one retailer's orders queue on it and their allowance rows
    cannot deadlock), and PostgreSQL re-checks the condition on the newest row version after
    waiting, so this is as race-safe as SELECT … FOR UPDATE and an UPDATE, in one round trip.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            _TAKE_QUOTA_SQL.format(quota=_table(MonthlyQuota)), [total, retailer_id, month, total]
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


_TAKE_ALLOWANCES_SQL = (
    "UPDATE {allowance} SET ordered = ordered + {added} "
    "WHERE retailer_id = %s AND week = %s AND sku_id IN ({skus}) AND ordered + {added} <= quantity "
    "AND run_id IN (SELECT id FROM {run} WHERE status = %s) RETURNING id, sku_id"
)


def take_allowances(retailer_id: int, week: date, wanted: dict[int, int]) -> list[tuple[int, int]]:
    """Add each scarce SKU's quantity (``wanted``: SKU id → 条) to the retailer's published
    allowance of the week, in one UPDATE, where it fits; the (allowance id, SKU id) of the
    rows moved. Fewer rows than ``wanted`` means some did not fit (or were not published):
    the caller gives back what was taken (:func:`give_back`) and names the reasons. Row locks
    as in :func:`take_quota`, taken after the quota row's."""
    added = "CASE sku_id " + "WHEN %s THEN %s " * len(wanted) + "END"
    sql = _TAKE_ALLOWANCES_SQL.format(
        allowance=_table(Allowance),
        run=_table(AllocationRun),
        added=added,
        skus=", ".join(["%s"] * len(wanted)),
    )
    pairs = [x for pair in wanted.items() for x in pair]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*pairs, retailer_id, week, *wanted, *pairs, RunStatus.PUBLISHED])
        return [(int(pk), int(sku_id)) for pk, sku_id in cursor.fetchall()]


_GIVE_BACK_SQL = "UPDATE {} SET ordered = ordered - %s WHERE id = %s"


def give_back(
    quota_id: int, total: int, taken: list[tuple[int, int]], wanted: dict[int, int]
) -> None:
    """Undo :func:`take_quota` and the allowances :func:`take_allowances` moved, inside the
    same transaction: the rows stay locked by it, so the slow path that follows sees them as
    they were before this order."""
    with connection.cursor() as cursor:
        cursor.execute(_GIVE_BACK_SQL.format(_table(MonthlyQuota)), [total, quota_id])
        for pk, sku_id in taken:
            cursor.execute(_GIVE_BACK_SQL.format(_table(Allowance)), [wanted[sku_id], pk])


def lock_quota(retailer_id: int, month: str) -> MonthlyQuota | None:
    """Lock the retailer's month (SELECT … FOR UPDATE) to read it whole: the slow path that
    names every reason, and cancelling. Taken before any allowance row (see the module)."""
    return (
        MonthlyQuota.objects.select_for_update()
        .filter(retailer_id=retailer_id, month=month)
        .first()
    )


def lock_allowances(
    retailer_id: int, week: date, sku_ids: Sequence[int], *, published_only: bool = True
) -> dict[int, Allowance]:
    """Lock the retailer's allowance rows of the week for these SKUs, by SKU id (a fixed order,
    so two transactions cannot deadlock on them), after the quota row. Intake counts only
    published allowances; cancelling gives back to whichever row the order took from."""
    rows = Allowance.objects.select_for_update(of=("self",)).filter(
        retailer_id=retailer_id, week=week, sku_id__in=sorted(sku_ids)
    )
    if published_only:
        rows = rows.filter(run__status=RunStatus.PUBLISHED)
    return {a.sku_id: a for a in rows.order_by("sku_id")}


def add_to_counters(quota_id: int, total: int, allowances: dict[int, int]) -> None:
    """Add an accepted order to rows already locked by :func:`lock_quota` and
    :func:`lock_allowances` (``allowances``: allowance id → 条). The check constraints
    ``ordered ≤ ceiling/quantity`` are the last guard."""
    for pk, quantity in allowances.items():
        Allowance.objects.filter(pk=pk).update(ordered=F("ordered") + quantity)
    MonthlyQuota.objects.filter(pk=quota_id).update(ordered=F("ordered") + total)


def subtract_from_counters(quota_id: int | None, total: int, allowances: dict[int, int]) -> None:
    """Give a cancelled order's 条 back to rows locked by :func:`lock_quota` and
    :func:`lock_allowances` (``allowances``: allowance id → 条), never below zero (a quota
    adjusted since may hold less)."""
    for pk, quantity in allowances.items():
        Allowance.objects.filter(pk=pk).update(ordered=Greatest(F("ordered") - quantity, 0))
    if quota_id is not None:
        MonthlyQuota.objects.filter(pk=quota_id).update(ordered=Greatest(F("ordered") - total, 0))


def lock_order(order_id: int) -> Order:
    """Lock an order to change its status: two cancellations of it queue, the second sees the
    first's status."""
    return Order.objects.select_for_update().get(pk=order_id)


KEY_COLUMNS = "key, fingerprint, user_id, outcome, response, created_at, order_id"
_KEY_SQL = (
    "INSERT INTO {table} (" + KEY_COLUMNS + ") VALUES (%s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (key) DO NOTHING RETURNING id"
)


@dataclass(frozen=True)
class Answer:
    """An Idempotency-Key's row: the request's fingerprint and the answer to replay."""

    key: str
    fingerprint: str
    user_id: int
    outcome: str
    response: dict[str, Any]
    created_at: datetime

    def params(self, order_id: int | None) -> list[Any]:
        """The columns of ``KEY_COLUMNS`` but the last (the order's id, also the answer's
        ``id`` when there is an order)."""
        response = self.response if order_id is None else {**self.response, "id": order_id}
        return [
            self.key,
            self.fingerprint,
            self.user_id,
            self.outcome,
            json.dumps(response),
            connection.ops.adapt_datetimefield_value(self.created_at),
        ]


def store_answer(answer: Answer, order_id: int | None = None) -> bool:
    """Insert the Idempotency-Key's row with its answer; False when the key is already taken.
    A concurrent twin inserting the same key waits here on the unique index until the first
    commits, then finds it taken: the caller rolls back and replays the first answer."""
    with connection.cursor() as cursor:
        cursor.execute(
            _KEY_SQL.format(table=_table(IdempotentRequest)), [*answer.params(order_id), order_id]
        )
        return cursor.fetchone() is not None


_ORDER_SQL = (
    "INSERT INTO {order} (order_no, retailer_id, order_date, week, channel, status, "
    "entered_by_id, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id"
)
_LINES_SQL = "INSERT INTO {line} (order_id, sku_id, quantity, unit_price, amount) VALUES {values}"
# PostgreSQL writes the order, its lines and the key's answer (with the new order's id) in one
# statement; SQLite, which has no INSERT inside WITH, in three.
_PG_ORDER_SQL = (
    "WITH o AS (" + _ORDER_SQL + "), "
    "l AS (INSERT INTO {line} (order_id, sku_id, quantity, unit_price, amount) "
    "SELECT o.id, v.sku_id, v.quantity, v.unit_price, v.amount FROM o, "
    "(VALUES {values}) AS v (sku_id, quantity, unit_price, amount)) "
)
_PG_ORDER_ONLY_SQL = _PG_ORDER_SQL + "SELECT id FROM o"
_PG_ORDER_AND_KEY_SQL = (
    _PG_ORDER_SQL + "INSERT INTO {key} (" + KEY_COLUMNS + ") "
    "SELECT %s, %s, %s, %s, jsonb_set(%s::jsonb, '{{id}}', to_jsonb(o.id)), %s, o.id FROM o "
    "ON CONFLICT (key) DO NOTHING RETURNING order_id"
)


def insert_order(
    head: list[Any], lines: list[tuple[int, int, Decimal, Decimal]], answer: Answer | None
) -> int | None:
    """Insert an order (``head``: the columns of ``_ORDER_SQL``, adapted), its lines (SKU id,
    条, unit price, amount) and, with ``answer``, the Idempotency-Key's row with the new
    order's id (also as the answer's ``id``). The new order's id; None when the key was
    taken meanwhile (see :func:`store_answer`: the caller rolls back and replays). No lock
    beyond the key's unique index: every counter was taken before."""
    ops = connection.ops
    rows: list[Any] = []
    for sku_id, quantity, price, amount in lines:
        rows += [
            sku_id,
            quantity,
            ops.adapt_decimalfield_value(price, 10, 2),
            ops.adapt_decimalfield_value(amount, 14, 2),
        ]
    tables = {"order": _table(Order), "line": _table(OrderLine), "key": _table(IdempotentRequest)}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            values = ", ".join(["(%s, %s, %s::numeric, %s::numeric)"] * len(lines))
            if answer is None:
                cursor.execute(_PG_ORDER_ONLY_SQL.format(values=values, **tables), head + rows)
            else:
                sql = _PG_ORDER_AND_KEY_SQL.format(values=values, **tables)
                cursor.execute(sql, head + rows + answer.params(None))
            row = cursor.fetchone()
            return None if row is None else int(row[0])
        cursor.execute(_ORDER_SQL.format(**tables), head)
        order_id = int(cursor.fetchone()[0])
        values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(lines))
        params = [x for i in range(0, len(rows), 4) for x in (order_id, *rows[i : i + 4])]
        cursor.execute(_LINES_SQL.format(values=values, **tables), params)
    if answer is not None and not store_answer(answer, order_id):
        return None
    return order_id
