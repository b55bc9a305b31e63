"""Order intake (下单): the one path by which the web forms (clerks', the retailer portal's)
and the API place an order.

Checks, in this order, and answers every problem per line: the person may enter orders for
this retailer (staff within their scope; a retailer's own login for its own shop only); the
SKU exists and is active; the quantity is a whole positive number of 条 within the per-order
cap (单品批次购进量); a scarce SKU has a published allowance this week with enough left; the
month's total stays within the agreed ceiling. An order entered by a customer manager must
come from the retailer's recorded demand, verified by a market manager
(六不准). Either the whole order is stored and the counters move, or nothing is written.

Concurrency: one transaction. The demand record is locked (SELECT … FOR UPDATE), then the
month's quota and the week's allowances are taken with conditional UPDATEs
(``ordered + n <= limit``), the quota first, so the orders of one retailer queue on its quota
row instead of deadlocking; a refused counter falls back to SELECT … FOR UPDATE to name every
reason. The check constraints ``ordered ≤ ceiling/quantity`` are the last guard. The
Idempotency-Key's row is inserted last, with the answer (see :func:`submit_order`): a twin
waits on the key's unique index, then rolls back and replays. SQLite takes the write lock at
BEGIN (IMMEDIATE), so it serialises the same way.

Cost: intake is the busiest write path, so an accepted order is six round trips on
PostgreSQL — BEGIN, one read of the person and the SKUs, the month's total, the week's
allowances, one statement writing the order, its lines and the key's answer, COMMIT — in
plain SQL (SQLite, which has no INSERT inside WITH, writes those three separately). The ORM
is used on the rare paths (refusals, demand records) where naming every reason matters more
than speed. ``bench/order_intake.py`` measures it.
"""

import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from jinye.catalog.models import Sku
from jinye.orders.models import Channel, Order, OrderLine, OrderStatus
from jinye.org.models import MarketArea, Role, Staff
from jinye.periods import Month, Week
from jinye.retailers.models import Retailer, RetailerLogin, RetailerStatus
from jinye.supply.models import (
    AllocationRun,
    Allowance,
    DemandRecord,
    IdempotentRequest,
    MonthlyQuota,
    OrderCancellation,
    RunStatus,
    SkuSupplyRule,
)

MAX_LINES = 100
MAX_KEY = IdempotentRequest._meta.get_field("key").max_length or 100
MAX_LINE_QUANTITY = 10_000  # 40 箱 on one line is beyond any retailer's week
ORDER_ENTRY_ROLES = frozenset({Role.ORDER_CLERK, Role.DIRECTOR, Role.CUSTOMER_MANAGER})
CANCEL_ROLES = frozenset({Role.ORDER_CLERK, Role.DIRECTOR})


@dataclass(frozen=True)
class LineError:
    line: int  # 1-based; 0 for the order as a whole
    field: str
    message: str
    sku: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "sku": self.sku, "field": self.field, "message": self.message}


@dataclass
class IntakeResult:
    """What the caller shows: ``status_code`` 201 accepted, 403 not allowed, 409 key reused
    with another request, 422 rejected by the rules; ``body`` is the JSON answer."""

    status_code: int
    body: dict[str, Any]
    order: Order | None = None
    errors: list[LineError] = field(default_factory=list)
    replayed: bool = False

    @property
    def accepted(self) -> bool:
        return self.status_code == 201


class _Rejected(Exception):
    def __init__(self, status_code: int, errors: list[LineError]) -> None:
        super().__init__(errors[0].message if errors else "")
        self.status_code = status_code
        self.errors = errors


def _rejection_body(errors: list[LineError]) -> dict[str, Any]:
    lines = "；".join(
        (f"第{e.line}行" if e.line else "订单") + f"（{e.field}）：{e.message}" for e in errors
    )
    return {"detail": f"订单未通过校验：{lines}", "errors": [e.as_dict() for e in errors]}


def order_body(order: Order) -> dict[str, Any]:
    """The JSON answer for a stored order (the same shape intake answers with)."""
    lines = [
        (ln.sku.code, ln.quantity, ln.unit_price, ln.amount)
        for ln in order.lines.select_related("sku")
    ]
    return _body(order, lines)


def _body(order: Order, lines: list[tuple[str, int, Decimal, Decimal]]) -> dict[str, Any]:
    """``lines`` are (SKU code, 条, unit price, amount)."""
    lines = sorted(lines)
    return {
        "id": order.pk,
        "order_no": order.order_no,
        "retailer": order.retailer.licence_no,
        "order_date": order.order_date.isoformat(),
        "week": order.week.isoformat(),
        "channel": order.channel,
        "status": order.status,
        "entered_by": order.entered_by.get_username() if order.entered_by else None,
        "lines": [
            {"sku": code, "quantity": qty, "unit_price": str(price), "amount": str(amount)}
            for code, qty, price, amount in lines
        ],
        "total_quantity": sum(qty for _, qty, _, _ in lines),
        "total_amount": str(sum((amount for _, _, _, amount in lines), Decimal(0))),
    }


def _quantity(raw: object) -> int | str:
    """A whole positive number of 条, or the reason it is not."""
    if isinstance(raw, bool):
        return "数量必须是整数条"
    if isinstance(raw, float):
        if not raw.is_integer():
            return f"数量{raw}不是整数条"
        raw = int(raw)
    if isinstance(raw, str):
        text = raw.strip()
        if not text.lstrip("-").isdigit():
            return f"数量“{raw}”不是整数条"
        raw = int(text)
    if not isinstance(raw, int):
        return "数量必须是整数条"
    if raw <= 0:
        return f"数量{raw}必须大于0"
    if raw > MAX_LINE_QUANTITY:
        return f"数量{raw}超过单行上限{MAX_LINE_QUANTITY}条"
    return raw


@dataclass(frozen=True)
class _Sku:
    """What intake needs of a SKU and its supply rule."""

    pk: int
    code: str
    active: bool
    scarce: bool
    price: Decimal  # wholesale price per 条
    per_order_cap: int | None  # 单品批次购进量, from the SKU's supply rule if it has one


@dataclass(frozen=True)
class _Line:
    number: int
    sku: _Sku
    quantity: int

    @property
    def over_order_cap(self) -> bool:
        cap = self.sku.per_order_cap
        return cap is not None and self.quantity > cap


def _money(value: object) -> Decimal:
    """A price as read by a plain cursor (Decimal on PostgreSQL, int or float on SQLite)."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _codes(lines: Sequence[Mapping[str, object]]) -> list[str]:
    return [str(ln.get("sku", "")).strip() for ln in lines]


def _parse_lines(
    lines: Sequence[Mapping[str, object]], skus: Mapping[str, _Sku]
) -> tuple[list[_Line], list[LineError]]:
    errors: list[LineError] = []
    if not lines:
        return [], [LineError(0, "lines", "订单没有任何品规行")]
    if len(lines) > MAX_LINES:
        return [], [LineError(0, "lines", f"一张订单最多{MAX_LINES}行，收到{len(lines)}行")]
    codes = _codes(lines)
    seen: set[str] = set()
    parsed: list[_Line] = []
    for number, (code, ln) in enumerate(zip(codes, lines, strict=True), start=1):
        sku = skus.get(code)
        if not code:
            errors.append(LineError(number, "sku", "缺少品规代码"))
        elif sku is None:
            errors.append(LineError(number, "sku", f"品规代码“{code}”不存在", code))
        elif not sku.active:
            errors.append(LineError(number, "sku", f"品规 {code} 已停用，不能订购", code))
        elif code in seen:
            errors.append(LineError(number, "sku", f"品规 {code} 在订单中重复出现", code))
        seen.add(code)
        qty = _quantity(ln.get("quantity"))
        if isinstance(qty, str):
            errors.append(LineError(number, "quantity", qty, code))
        elif sku is not None and sku.active:
            parsed.append(_Line(number, sku, qty))
    return parsed, errors


def _fingerprint(retailer: Retailer, lines: Sequence[Mapping[str, object]], extra: object) -> str:
    payload = json.dumps(
        [retailer.pk, [[str(ln.get("sku")), str(ln.get("quantity"))] for ln in lines], extra],
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


RETAILER = "retailer"  # the actor role of a retailer's own portal login


@dataclass(frozen=True)
class _Actor:
    """Who enters the order and where the retailer belongs: an active staff member, or a
    retailer's own login (``role`` RETAILER, ``staff_id`` None, ``own_retailer_id`` set)."""

    staff_id: int | None
    role: str
    department_id: int | None
    retailer_department_id: int
    own_retailer_id: int | None = None


_WHO_AND_WHAT_SQL = (
    "SELECT st.id, st.role, st.department_id, a.department_id, rl.retailer_id, "
    "s.id, s.code, s.active, s.scarce, s.wholesale_price, r.per_order_cap "
    "FROM {area} a "
    "LEFT JOIN {staff} st ON st.user_id = %s AND st.active "
    "LEFT JOIN {login} rl ON rl.user_id = %s "
    "LEFT JOIN {sku} s ON s.code IN ({codes}) LEFT JOIN {rule} r ON r.sku_id = s.id "
    "WHERE a.id = %s"
)


def _who_and_what(
    user: User, retailer: Retailer, codes: list[str]
) -> tuple[_Actor | None, dict[str, _Sku]]:
    """Who ``user`` is (active staff record, or a retailer's own login), the retailer's
    department, and the ordered SKUs with their supply rules — one statement."""
    if not user.is_authenticated:
        return None, {}
    codes = codes[: MAX_LINES + 1] or [""]
    quote = connection.ops.quote_name
    sql = _WHO_AND_WHAT_SQL.format(
        staff=quote(Staff._meta.db_table),
        area=quote(MarketArea._meta.db_table),
        login=quote(RetailerLogin._meta.db_table),
        sku=quote(Sku._meta.db_table),
        rule=quote(SkuSupplyRule._meta.db_table),
        codes=", ".join(["%s"] * len(codes)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk, *codes, retailer.area_id])
        rows = cursor.fetchall()
    if not rows:
        return None, {}
    staff_id, role, department_id, retailer_department_id, own_retailer_id = rows[0][:5]
    actor = None
    if staff_id is not None:
        actor = _Actor(staff_id, role, department_id, retailer_department_id)
    elif own_retailer_id is not None:
        actor = _Actor(None, RETAILER, None, retailer_department_id, own_retailer_id)
    skus = {
        code: _Sku(pk, code, bool(active), bool(scarce), _money(price), cap)
        for *_, pk, code, active, scarce, price, cap in rows
        if pk is not None
    }
    return actor, skus


def _check_entry(actor: _Actor | None, retailer: Retailer) -> None:
    if actor is not None and actor.role == RETAILER:
        if actor.own_retailer_id != retailer.pk:
            raise _Rejected(403, [LineError(0, "retailer", "只能为本店订货")])
        return
    if actor is None or actor.role not in ORDER_ENTRY_ROLES:
        raise _Rejected(403, [LineError(0, "entered_by", "当前账号无权录入订单")])
    if actor.role == Role.CUSTOMER_MANAGER and retailer.customer_manager_id != actor.staff_id:
        raise _Rejected(403, [LineError(0, "retailer", "该零售客户不归您服务，不能为其录入订单")])
    if actor.retailer_department_id != actor.department_id:
        raise _Rejected(403, [LineError(0, "retailer", "该零售客户不属于您的营销部")])


def _check_demand(
    retailer: Retailer, demand_id: int | None, lines: list[_Line], on: date
) -> DemandRecord:
    """六不准: a customer manager may only place what the retailer asked for, verified."""
    if demand_id is None:
        raise _Rejected(
            422,
            [
                LineError(
                    0,
                    "demand_record",
                    "客户经理不得代客户下单；须依据客户报送并经市场经理核实的需求记录",
                )
            ],
        )
    demand = DemandRecord.objects.select_for_update().filter(pk=demand_id).first()
    problem = None
    if demand is None or demand.retailer_id != retailer.pk:
        problem = f"需求记录 {demand_id} 不存在或不属于该客户"
    elif demand.rejected_at is not None:
        problem = f"需求记录已被市场经理驳回：{demand.rejection_reason}"
    elif demand.verified_by_id is None or demand.verified_at is None:
        problem = "需求记录尚未经市场经理核实签字"
    elif demand.order_id is not None:
        problem = "该需求记录已经下过单"
    elif on <= demand.recorded_on:
        problem = f"需求于{demand.recorded_on}登记，须次日起下单"
    if problem:
        raise _Rejected(422, [LineError(0, "demand_record", problem)])
    assert demand is not None
    errors = []
    for ln in lines:
        asked = int(demand.lines.get(ln.sku.code, 0))
        if ln.quantity > asked:
            errors.append(
                LineError(
                    ln.number,
                    "quantity",
                    f"超出客户报送的需求{asked}条（客户经理不得代客户加量）",
                    ln.sku.code,
                )
            )
    if errors:
        raise _Rejected(422, errors)
    return demand


_TAKE_QUOTA_SQL = (
    "UPDATE {quota} SET ordered = ordered + %s "
    "WHERE retailer_id = %s AND month = %s AND ordered + %s <= ceiling RETURNING id"
)
_TAKE_ALLOWANCES_SQL = (
    "UPDATE {allowance} SET ordered = ordered + {added} "
    "WHERE retailer_id = %s AND week = %s AND sku_id IN ({skus}) AND ordered + {added} <= quantity "
    "AND run_id IN (SELECT id FROM {run} WHERE status = %s) RETURNING id, sku_id"
)


def _take_limits(retailer: Retailer, lines: list[_Line], on: date) -> None:
    """Move the month's and the week's counters for an order that fits, else reject it with
    every reason. The fast path is a conditional ``UPDATE … WHERE ordered + n <= limit`` of
    the month's total, then one such UPDATE of the week's allowances of all scarce lines
    (each row gets its own line's quantity; every row must match): an UPDATE
    takes the row lock and PostgreSQL re-checks the condition on the newest row version
    after waiting, so it is as race-safe as SELECT … FOR UPDATE followed by an UPDATE, in
    half the round trips. The month's row is always locked first, so it serialises the
    orders of one retailer and their allowance rows cannot deadlock. When a counter does
    not fit, the increments already made in this transaction are undone (the rows stay
    locked by it) and :func:`_check_limits` runs on the locked rows: it rejects with every
    reason (or, if nothing is exceeded, applies the order itself)."""
    if any(ln.over_order_cap for ln in lines):
        _check_limits(retailer, lines, on)  # raises with every reason
    quote = connection.ops.quote_name
    month, week = str(Month.containing(on)), Week.containing(on).first
    total = sum(ln.quantity for ln in lines)
    scarce = {ln.sku.pk: ln.quantity for ln in lines if ln.sku.scarce}
    with connection.cursor() as cursor:
        cursor.execute(
            _TAKE_QUOTA_SQL.format(quota=quote(MonthlyQuota._meta.db_table)),
            [total, retailer.pk, month, total],
        )
        row = cursor.fetchone()
        if row is None:
            _check_limits(retailer, lines, on)
            return
        if not scarce:
            return
        quota_id = row[0]
        added = "CASE sku_id " + "WHEN %s THEN %s " * len(scarce) + "END"
        sql = _TAKE_ALLOWANCES_SQL.format(
            allowance=quote(Allowance._meta.db_table),
            run=quote(AllocationRun._meta.db_table),
            added=added,
            skus=", ".join(["%s"] * len(scarce)),
        )
        pairs = [x for pair in scarce.items() for x in pair]
        cursor.execute(sql, [*pairs, retailer.pk, week, *scarce, *pairs, RunStatus.PUBLISHED])
        taken = cursor.fetchall()
        if len(taken) == len(scarce):
            return
        undo = "UPDATE {} SET ordered = ordered - %s WHERE id = %s"
        cursor.execute(undo.format(quote(MonthlyQuota._meta.db_table)), [total, quota_id])
        for pk, sku_id in taken:
            cursor.execute(undo.format(quote(Allowance._meta.db_table)), [scarce[sku_id], pk])
    _check_limits(retailer, lines, on)


def _check_limits(retailer: Retailer, lines: list[_Line], on: date) -> MonthlyQuota:
    month, week = str(Month.containing(on)), Week.containing(on).first
    quota = MonthlyQuota.objects.select_for_update().filter(retailer=retailer, month=month).first()
    if quota is None:
        raise _Rejected(422, [LineError(0, "retailer", f"该客户{month}月的订货总量尚未核定")])
    scarce_ids = sorted(ln.sku.pk for ln in lines if ln.sku.scarce)
    allowances = {
        a.sku_id: a
        for a in Allowance.objects.select_for_update(of=("self",))
        .filter(
            retailer=retailer, week=week, sku_id__in=scarce_ids, run__status=RunStatus.PUBLISHED
        )
        .order_by("sku_id")
    }
    errors: list[LineError] = []
    for ln in lines:
        code = ln.sku.code
        if ln.over_order_cap:
            errors.append(
                LineError(
                    ln.number, "quantity", f"超过单品批次购进量{ln.sku.per_order_cap}条", code
                )
            )
        if ln.sku.scarce:
            a = allowances.get(ln.sku.pk)
            if a is None:
                errors.append(
                    LineError(ln.number, "sku", f"紧俏品规 {code} 本周未向该客户投放", code)
                )
            elif ln.quantity > a.remaining:
                errors.append(
                    LineError(
                        ln.number,
                        "quantity",
                        f"本周配额{a.quantity}条，已订{a.ordered}条，剩余{a.remaining}条",
                        code,
                    )
                )
    total = sum(ln.quantity for ln in lines)
    if total > quota.remaining:
        errors.append(
            LineError(
                0,
                "quantity",
                f"本单合计{total}条超出{month}月总量：上限{quota.ceiling}条，"
                f"已订{quota.ordered}条，剩余{quota.remaining}条",
            )
        )
    if errors:
        raise _Rejected(422, errors)
    for ln in lines:
        if ln.sku.pk in allowances:
            Allowance.objects.filter(pk=allowances[ln.sku.pk].pk).update(
                ordered=F("ordered") + ln.quantity
            )
    MonthlyQuota.objects.filter(pk=quota.pk).update(ordered=F("ordered") + total)
    return quota


def _replay(record: IdempotentRequest, fingerprint: str) -> IntakeResult:
    if record.fingerprint != fingerprint:
        error = LineError(0, "Idempotency-Key", "该幂等键已用于另一笔不同的订单请求")
        return IntakeResult(409, _rejection_body([error]), errors=[error], replayed=True)
    order = Order.objects.filter(pk=record.order_id).first() if record.order_id else None
    errors = [
        LineError(e["line"], e["field"], e["message"], e["sku"])
        for e in record.response.get("errors", [])
    ]
    return IntakeResult(
        record.status_code, record.response, order=order, errors=errors, replayed=True
    )


class _KeyTaken(Exception):
    """The Idempotency-Key was stored by an earlier or concurrent request: roll back, replay."""


@dataclass(frozen=True)
class _Key:
    key: str
    fingerprint: str
    user: User

    def params(self, result: IntakeResult) -> list[Any]:
        """Parameters for ``_KEY_COLUMNS`` but the last, the answer's order id."""
        return [
            self.key,
            self.fingerprint,
            self.user.pk,
            result.status_code,
            json.dumps(result.body),
            connection.ops.adapt_datetimefield_value(timezone.now()),
        ]


def submit_order(
    *,
    retailer: Retailer,
    lines: Sequence[Mapping[str, object]],
    entered_by: User,
    channel: str,
    idempotency_key: str | None = None,
    demand_record_id: int | None = None,
    on: date | None = None,
) -> IntakeResult:
    """Validate and store one order (see the module docstring). ``lines`` are mappings with
    ``sku`` (SKU code) and ``quantity`` (条, as typed). With ``idempotency_key`` the first
    answer for the key is stored and returned again for every retry of the same request.

    The key's row is inserted last, with the answer, by ``INSERT … ON CONFLICT DO NOTHING``:
    a concurrent twin waits there on the unique index until the first commits, then finds
    the key taken, rolls back everything it did and replays the first answer. A retry after
    the first answer finds the key the same way, so it replays even when the order would
    now be refused (its own first order used up the allowance, say)."""
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    on = on or timezone.localdate()
    stripped = (idempotency_key or "").strip()
    if len(stripped) > MAX_KEY:
        error = LineError(0, "Idempotency-Key", f"幂等键最长{MAX_KEY}个字符，收到{len(stripped)}个")
        return IntakeResult(422, _rejection_body([error]), errors=[error])
    fingerprint = _fingerprint(retailer, lines, [channel, demand_record_id, on.isoformat()])
    key = _Key(stripped, fingerprint, entered_by) if stripped else None
    try:
        with transaction.atomic():
            return _place(retailer, lines, entered_by, channel, demand_record_id, on, key)
    except _KeyTaken:
        return _replay(IdempotentRequest.objects.get(key=stripped), fingerprint)


_KEY_COLUMNS = "key, fingerprint, user_id, status_code, response, created_at, order_id"
_KEY_SQL = (
    "INSERT INTO {table} (" + _KEY_COLUMNS + ") VALUES (%s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (key) DO NOTHING RETURNING id"
)


def _refuse(rejected: _Rejected, key: _Key | None) -> IntakeResult:
    result = IntakeResult(
        rejected.status_code, _rejection_body(rejected.errors), errors=rejected.errors
    )
    if key is not None:
        table = connection.ops.quote_name(IdempotentRequest._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(_KEY_SQL.format(table=table), [*key.params(result), None])
            if cursor.fetchone() is None:
                raise _KeyTaken
    return result


def _place(
    retailer: Retailer,
    raw_lines: Sequence[Mapping[str, object]],
    user: User,
    channel: str,
    demand_id: int | None,
    on: date,
    key: _Key | None,
) -> IntakeResult:
    actor, skus = _who_and_what(user, retailer, _codes(raw_lines))
    try:
        # Every check raises before the first write, so a rejection leaves nothing behind.
        _check_entry(actor, retailer)
        assert actor is not None
        if retailer.status != RetailerStatus.OPEN:
            raise _Rejected(
                422,
                [
                    LineError(
                        0, "retailer", f"客户状态为“{retailer.get_status_display()}”，不能订货"
                    )
                ],
            )
        lines, errors = _parse_lines(raw_lines, skus)
        if errors:
            raise _Rejected(422, errors)
        demand = None
        if actor.role == Role.CUSTOMER_MANAGER:
            demand = _check_demand(retailer, demand_id, lines, on)
        _take_limits(retailer, lines, on)
    except _Rejected as rejected:
        return _refuse(rejected, key)
    result = _store_order(retailer, lines, user, channel, on, key)
    if demand is not None:
        demand.order = result.order
        demand.save(update_fields=["order"])
    return result


def _amount(ln: _Line) -> Decimal:
    return ln.sku.price * ln.quantity


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
    _PG_ORDER_SQL + "INSERT INTO {key} (" + _KEY_COLUMNS + ") "
    "SELECT %s, %s, %s, %s, jsonb_set(%s::jsonb, '{{id}}', to_jsonb(o.id)), %s, o.id FROM o "
    "ON CONFLICT (key) DO NOTHING RETURNING order_id"
)


def _store_order(
    retailer: Retailer, lines: list[_Line], user: User, channel: str, on: date, key: _Key | None
) -> IntakeResult:
    """Insert the order, its lines and (with a key) the answer, once every check has passed."""
    ops, quote = connection.ops, connection.ops.quote_name
    order = Order(
        order_no=f"N{on:%Y%m%d}{uuid.uuid4().hex[:12].upper()}",
        retailer=retailer,
        order_date=on,
        week=on - timedelta(days=on.weekday()),
        channel=channel,
        status=OrderStatus.SUBMITTED,
        entered_by=user,
        created_at=timezone.now(),
    )
    result = IntakeResult(
        201, _body(order, [(ln.sku.code, ln.quantity, ln.sku.price, _amount(ln)) for ln in lines])
    )
    head: list[Any] = [
        order.order_no,
        retailer.pk,
        ops.adapt_datefield_value(order.order_date),
        ops.adapt_datefield_value(order.week),
        channel,
        order.status,
        user.pk,
        ops.adapt_datetimefield_value(order.created_at),
    ]
    rows: list[Any] = []
    for ln in lines:
        rows += [
            ln.sku.pk,
            ln.quantity,
            ops.adapt_decimalfield_value(ln.sku.price, 10, 2),
            ops.adapt_decimalfield_value(_amount(ln), 14, 2),
        ]
    tables = {
        "order": quote(Order._meta.db_table),
        "line": quote(OrderLine._meta.db_table),
        "key": quote(IdempotentRequest._meta.db_table),
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            values = ", ".join(["(%s, %s, %s::numeric, %s::numeric)"] * len(lines))
            if key is None:
                cursor.execute(_PG_ORDER_ONLY_SQL.format(values=values, **tables), head + rows)
            else:
                sql = _PG_ORDER_AND_KEY_SQL.format(values=values, **tables)
                cursor.execute(sql, head + rows + key.params(result))
            row = cursor.fetchone()
            if row is None:
                raise _KeyTaken
            order.pk = result.body["id"] = row[0]
        else:
            cursor.execute(_ORDER_SQL.format(**tables), head)
            order.pk = result.body["id"] = cursor.fetchone()[0]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(lines))
            params = [x for i in range(0, len(rows), 4) for x in (order.pk, *rows[i : i + 4])]
            cursor.execute(_LINES_SQL.format(values=values, **tables), params)
            if key is not None:
                cursor.execute(
                    _KEY_SQL.format(table=tables["key"]), [*key.params(result), order.pk]
                )
                if cursor.fetchone() is None:
                    raise _KeyTaken
    order._state.adding = False
    result.order = order
    return result


def cancel_order(*, order: Order, by: User, reason: str) -> None:
    """Cancel a submitted order, recording who and why, and give its cartons back to the
    month's total and the week's allowances, under the same locks (in the same order) as
    intake."""
    from jinye.orders.models import OrderStatus

    reason = reason.strip()
    if not reason:
        raise ValueError("取消订单必须填写原因")
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status != OrderStatus.SUBMITTED:
            raise ValueError(
                f"订单 {locked.order_no} 状态为“{locked.get_status_display()}”，不能取消"
            )
        lines = list(locked.lines.select_related("sku"))
        quota = (
            MonthlyQuota.objects.select_for_update()
            .filter(retailer_id=locked.retailer_id, month=str(Month.containing(locked.order_date)))
            .first()
        )
        scarce = sorted(ln.sku_id for ln in lines if ln.sku.scarce)
        allowances = {
            a.sku_id: a
            for a in Allowance.objects.select_for_update(of=("self",))
            .filter(retailer_id=locked.retailer_id, week=locked.week, sku_id__in=scarce)
            .order_by("sku_id")
        }
        for ln in lines:
            a = allowances.get(ln.sku_id)
            if a is not None:
                Allowance.objects.filter(pk=a.pk).update(
                    ordered=Greatest(F("ordered") - ln.quantity, 0)
                )
        if quota is not None:
            total = sum(ln.quantity for ln in lines)
            MonthlyQuota.objects.filter(pk=quota.pk).update(
                ordered=Greatest(F("ordered") - total, 0)
            )
        locked.status = OrderStatus.CANCELLED
        locked.save(update_fields=["status"])
        OrderCancellation.objects.create(order=locked, cancelled_by=by, reason=reason)
