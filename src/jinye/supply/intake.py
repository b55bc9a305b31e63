"""Order intake (下单): the one path by which the web form and the API place an order.

Checks, in this order, and answers every problem per line: the person may enter orders for
this retailer; the SKU exists and is active; the quantity is a whole positive number of 条
within the per-order cap (单品批次购进量); a scarce SKU has a published allowance this week
with enough left; the month's total stays within the agreed ceiling. An order entered by a
customer manager must come from the retailer's recorded demand, verified by a market manager
(六不准). Either the whole order is stored and the counters move, or nothing is written.

Concurrency: one transaction; the idempotency key row is inserted first (a duplicate waits on
the unique index), then the demand record is locked (SELECT … FOR UPDATE) and the month's
quota and the week's allowances (by SKU id) are taken with conditional UPDATEs
(``ordered + n <= limit``) in that fixed order, so concurrent orders queue on the row locks
instead of deadlocking; a refused counter falls back to SELECT … FOR UPDATE to name every
reason. The check constraints ``ordered ≤ ceiling/quantity`` are the last guard. SQLite
takes the write lock at BEGIN (IMMEDIATE), so it serialises the same way.
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
from jinye.orders.models import Channel, Order, OrderLine
from jinye.org.models import Role, Staff
from jinye.org.selectors import staff_of
from jinye.retailers.models import Retailer, RetailerStatus
from jinye.supply.models import (
    AllocationRun,
    Allowance,
    DemandRecord,
    IdempotentRequest,
    MonthlyQuota,
    OrderCancellation,
    RunStatus,
)
from jinye.supply.periods import monday_of, month_of

MAX_LINES = 100
MAX_LINE_QUANTITY = 10_000  # 40 箱 on one line is beyond any retailer's week
ORDER_ENTRY_ROLES = frozenset({Role.ORDER_CLERK, Role.DIRECTOR, Role.CUSTOMER_MANAGER})


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


def order_body(order: Order, lines: list[OrderLine] | None = None) -> dict[str, Any]:
    """The JSON answer for an order; pass ``lines`` (with their SKUs) to skip re-reading them."""
    if lines is None:
        lines = list(order.lines.select_related("sku"))
    lines = sorted(lines, key=lambda ln: ln.sku.code)
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
            {
                "sku": ln.sku.code,
                "quantity": ln.quantity,
                "unit_price": str(ln.unit_price),
                "amount": str(ln.amount),
            }
            for ln in lines
        ],
        "total_quantity": sum(ln.quantity for ln in lines),
        "total_amount": str(sum((ln.amount for ln in lines), Decimal(0))),
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
class _Line:
    number: int
    sku: Sku
    quantity: int


def _parse_lines(
    lines: Sequence[Mapping[str, object]],
) -> tuple[list[_Line], list[LineError]]:
    errors: list[LineError] = []
    if not lines:
        return [], [LineError(0, "lines", "订单没有任何品规行")]
    if len(lines) > MAX_LINES:
        return [], [LineError(0, "lines", f"一张订单最多{MAX_LINES}行，收到{len(lines)}行")]
    codes = [str(ln.get("sku", "")).strip() for ln in lines]
    skus = {s.code: s for s in Sku.objects.filter(code__in=codes).select_related("supply_rule")}
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


def _check_entry(staff: Staff | None, retailer: Retailer) -> None:
    if staff is None or staff.role not in ORDER_ENTRY_ROLES:
        raise _Rejected(403, [LineError(0, "entered_by", "当前账号无权录入订单")])
    if staff.role == Role.CUSTOMER_MANAGER and retailer.customer_manager_id != staff.pk:
        raise _Rejected(403, [LineError(0, "retailer", "该零售客户不归您服务，不能为其录入订单")])
    if retailer.area.department_id != staff.department_id:
        raise _Rejected(403, [LineError(0, "retailer", "该零售客户不属于您的营销部")])


def _check_demand(
    staff: Staff, retailer: Retailer, demand_id: int | None, lines: list[_Line], on: date
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
_TAKE_ALLOWANCE_SQL = (
    "UPDATE {allowance} SET ordered = ordered + %s "
    "WHERE retailer_id = %s AND week = %s AND sku_id = %s AND ordered + %s <= quantity "
    "AND run_id IN (SELECT id FROM {run} WHERE status = %s) RETURNING id"
)


def _take_limits(retailer: Retailer, lines: list[_Line], on: date) -> None:
    """Move the month's and the week's counters for an order that fits, else reject it with
    every reason. The fast path is one conditional ``UPDATE … WHERE ordered + n <= limit``
    per counter, in the intake lock order (quota, then allowances by SKU id): the UPDATE
    takes the row lock and PostgreSQL re-checks the condition on the newest row version
    after waiting, so it is as race-safe as SELECT … FOR UPDATE followed by an UPDATE, in
    half the round trips. When a counter does not fit, the increments already made in this
    transaction are undone (the rows stay locked by it) and :func:`_check_limits` runs on
    the locked rows: it rejects with every reason (or, if nothing is exceeded, applies the
    order itself)."""
    if any(_over_order_cap(ln) for ln in lines):
        _check_limits(retailer, lines, on)  # raises with every reason
    quote = connection.ops.quote_name
    month, week = month_of(on), monday_of(on)
    total = sum(ln.quantity for ln in lines)
    taken: list[tuple[str, int, int]] = []
    with connection.cursor() as cursor:
        cursor.execute(
            _TAKE_QUOTA_SQL.format(quota=quote(MonthlyQuota._meta.db_table)),
            [total, retailer.pk, month, total],
        )
        row = cursor.fetchone()
        fits = row is not None
        if fits:
            taken.append((MonthlyQuota._meta.db_table, row[0], total))
        sql = _TAKE_ALLOWANCE_SQL.format(
            allowance=quote(Allowance._meta.db_table),
            run=quote(AllocationRun._meta.db_table),
        )
        for ln in sorted((ln for ln in lines if ln.sku.scarce), key=lambda ln: ln.sku.pk):
            if not fits:
                break
            cursor.execute(
                sql,
                [ln.quantity, retailer.pk, week, ln.sku.pk, ln.quantity, RunStatus.PUBLISHED],
            )
            row = cursor.fetchone()
            fits = row is not None
            if fits:
                taken.append((Allowance._meta.db_table, row[0], ln.quantity))
        if fits:
            return
        for table, pk, n in taken:
            cursor.execute(
                f"UPDATE {quote(table)} SET ordered = ordered - %s WHERE id = %s", [n, pk]
            )
    _check_limits(retailer, lines, on)


def _over_order_cap(ln: _Line) -> bool:
    rule = getattr(ln.sku, "supply_rule", None)
    return bool(rule and rule.per_order_cap is not None and ln.quantity > rule.per_order_cap)


def _check_limits(retailer: Retailer, lines: list[_Line], on: date) -> MonthlyQuota:
    month, week = month_of(on), monday_of(on)
    quota = MonthlyQuota.objects.select_for_update().filter(retailer=retailer, month=month).first()
    if quota is None:
        raise _Rejected(422, [LineError(0, "retailer", f"该客户{month}月的订货总量尚未核定")])
    rules = {ln.sku.pk: getattr(ln.sku, "supply_rule", None) for ln in lines}
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
        rule = rules.get(ln.sku.pk)
        code = ln.sku.code
        if rule and rule.per_order_cap is not None and ln.quantity > rule.per_order_cap:
            errors.append(
                LineError(
                    ln.number,
                    "quantity",
                    f"超过单品批次购进量{rule.per_order_cap}条",
                    code,
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


_CLAIM_SQL = (
    "INSERT INTO {table} (key, fingerprint, user_id, status_code, response, created_at) "
    "VALUES (%s, %s, %s, 0, %s, %s) ON CONFLICT (key) DO NOTHING RETURNING id"
)


def _claim_key(key: str, fingerprint: str, user: User) -> IdempotentRequest | None:
    """Insert the key's row, or return the existing one (a retry or a concurrent twin).

    One statement on PostgreSQL and SQLite: ON CONFLICT DO NOTHING waits for a concurrent
    insert of the same key to commit and then inserts nothing (no savepoint needed)."""
    sql = _CLAIM_SQL.format(table=connection.ops.quote_name(IdempotentRequest._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, fingerprint, user.pk, "{}", timezone.now()])
        if cursor.fetchone() is not None:
            return None
    return IdempotentRequest.objects.get(key=key)


def _replay(record: IdempotentRequest, fingerprint: str) -> IntakeResult:
    if record.fingerprint != fingerprint:
        error = LineError(0, "Idempotency-Key", "该幂等键已用于另一笔不同的订单请求")
        return IntakeResult(409, _rejection_body([error]), errors=[error], replayed=True)
    order = Order.objects.filter(pk=record.order_id).first() if record.order_id else None
    return IntakeResult(record.status_code, record.response, order=order, replayed=True)


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
    answer for the key is stored and returned again for every retry of the same request."""
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    on = on or timezone.localdate()
    key = (idempotency_key or "").strip()
    fingerprint = _fingerprint(retailer, lines, [channel, demand_record_id, on.isoformat()])
    with transaction.atomic():
        if key:
            existing = _claim_key(key, fingerprint, entered_by)
            if existing is not None:
                return _replay(existing, fingerprint)
        result = _place(retailer, lines, entered_by, channel, demand_record_id, on)
        if key:
            IdempotentRequest.objects.filter(key=key).update(
                status_code=result.status_code, response=result.body, order=result.order
            )
    return result


def _place(
    retailer: Retailer,
    raw_lines: Sequence[Mapping[str, object]],
    user: User,
    channel: str,
    demand_id: int | None,
    on: date,
) -> IntakeResult:
    staff = staff_of(user)
    try:
        # Every check raises before the first write, so a rejection leaves nothing behind.
        _check_entry(staff, retailer)
        assert staff is not None
        if retailer.status != RetailerStatus.OPEN:
            raise _Rejected(
                422,
                [
                    LineError(
                        0, "retailer", f"客户状态为“{retailer.get_status_display()}”，不能订货"
                    )
                ],
            )
        lines, errors = _parse_lines(raw_lines)
        if errors:
            raise _Rejected(422, errors)
        demand = None
        if staff.role == Role.CUSTOMER_MANAGER:
            demand = _check_demand(staff, retailer, demand_id, lines, on)
        _take_limits(retailer, lines, on)
        order = Order.objects.create(
            order_no=f"N{on:%Y%m%d}{uuid.uuid4().hex[:12].upper()}",
            retailer=retailer,
            order_date=on,
            week=on - timedelta(days=on.weekday()),
            channel=channel,
            entered_by=user,
        )
        stored = OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                sku=ln.sku,
                quantity=ln.quantity,
                unit_price=ln.sku.wholesale_price,
                amount=ln.sku.wholesale_price * ln.quantity,
            )
            for ln in lines
        )
        if demand is not None:
            demand.order = order
            demand.save(update_fields=["order"])
    except _Rejected as rejected:
        return IntakeResult(
            rejected.status_code, _rejection_body(rejected.errors), errors=rejected.errors
        )
    return IntakeResult(201, order_body(order, stored), order=order)


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
            .filter(retailer_id=locked.retailer_id, month=month_of(locked.order_date))
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
