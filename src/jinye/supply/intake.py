"""Order intake (下单): the one path by which the web forms (clerks', the retailer portal's)
and the API place an order, and the one by which an order is cancelled.

:func:`submit_order` checks, in this order: the person may enter orders for this retailer
(:func:`check_may_enter_order`); the retailer is open; every line (:mod:`.intake_rules`); an
order a customer manager enters comes from verified demand (六不准); the per-order caps, the
week's allowances of scarce SKUs and the month's total. A refusal raises
:class:`~jinye.errors.Forbidden` (who) or :class:`~jinye.errors.Invalid` (what) with every
problem, per line; an Idempotency-Key reused for another request raises
:class:`~jinye.errors.Conflict`. Either the whole order is stored and the counters move, or
nothing is written (but the key's answer).

Concurrency: one transaction. The demand record is locked, then the month's quota and the
week's allowances are taken with conditional UPDATEs, the quota first, so the orders of one
retailer queue on its quota row instead of deadlocking; a refused counter falls back to
SELECT … FOR UPDATE to name every reason (:mod:`.intake_sql` has each statement and its
locks). The Idempotency-Key's row is inserted last, with the answer: a twin waits on the
key's unique index, then rolls back and replays. SQLite takes the write lock at BEGIN
(IMMEDIATE), so it serialises the same way.

Cost: intake is the busiest write path, so an accepted order is six round trips on
PostgreSQL — BEGIN, one read of the person and the SKUs, the month's total, the week's
allowances, one statement writing the order, its lines and the key's answer, COMMIT.
``bench/order_intake.py`` measures it.
"""

import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinye import access
from jinye.errors import Conflict, Forbidden, Invalid, JinyeError, Problem
from jinye.orders.models import Channel, Order, OrderStatus
from jinye.org.models import Role
from jinye.periods import Month, Week
from jinye.retailers.models import Retailer
from jinye.supply import intake_rules as rules
from jinye.supply import intake_sql as sql
from jinye.supply.models import DemandRecord, IdempotentRequest, IntakeOutcome, OrderCancellation

MAX_KEY = IdempotentRequest._meta.get_field("key").max_length or 100
# The hot path reads the actor with its own SQL, so it checks the role against the policy's
# declaration directly (the object rules are the checks below).
ORDER_ENTRY_ROLES = frozenset(access.RIGHTS["enter_orders"].roles)
RETAILER = "retailer"  # the actor role of a retailer's own portal login


def check_may_enter_order(actor: rules.Actor | None, retailer: Retailer) -> None:
    """Authorisation: a retailer's own login orders for its own shop only; staff enter orders
    if their role may (clerk, director, customer manager), for a retailer of their own
    department, and a customer manager only for the retailers they serve."""
    if actor is not None and actor.role == rules.RETAILER:
        if actor.own_retailer_id != retailer.pk:
            raise _forbidden("not_own_shop", _("You may order for your own shop only"))
        return
    if actor is None or actor.role not in ORDER_ENTRY_ROLES:
        raise _forbidden(
            "may_not_enter_orders", _("This account may not enter orders"), "entered_by"
        )
    if actor.role == Role.CUSTOMER_MANAGER and retailer.customer_manager_id != actor.staff_id:
        message = _("You do not serve this retailer, so you may not enter orders for it")
        raise _forbidden("not_your_retailer", message)
    if actor.retailer_department_id != actor.department_id:
        message = _("This retailer does not belong to your marketing department")
        raise _forbidden("other_department", message)


def _forbidden(code: str, message: str, field: str = "retailer") -> JinyeError:
    return _refusal(Forbidden, [rules.problem(code, message, field)])


def _refusal(kind: type[JinyeError], problems: list[Problem]) -> JinyeError:
    """The error for these problems; its message names each with its line and field."""
    reasons = "；".join(
        (
            _("line %(n)s (%(field)s): %(message)s") % {"n": p.row, "field": p.field, "message": p}
            if p.row
            else _("order (%(field)s): %(message)s") % {"field": p.field, "message": p}
        )
        for p in problems
    )
    message = _("The order was refused: %(reasons)s") % {"reasons": reasons}
    return kind(message, problems=problems)


@dataclass
class PlacedOrder:
    """An accepted order: ``body`` is its JSON answer (:func:`order_body`'s shape);
    ``replayed`` when it is the stored answer to an earlier request with the same key."""

    order: Order | None
    body: dict[str, Any]
    replayed: bool = False


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


def _fingerprint(retailer: Retailer, lines: Sequence[Mapping[str, object]], extra: object) -> str:
    payload = json.dumps(
        [retailer.pk, [[str(ln.get("sku")), str(ln.get("quantity"))] for ln in lines], extra],
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


class _KeyTaken(Exception):
    """The Idempotency-Key was stored by an earlier or concurrent request: roll back, replay."""


_KINDS: dict[str, type[JinyeError]] = {
    IntakeOutcome.INVALID: Invalid,
    IntakeOutcome.FORBIDDEN: Forbidden,
}


def _outcome_of(error: JinyeError) -> str:
    return IntakeOutcome.FORBIDDEN if isinstance(error, Forbidden) else IntakeOutcome.INVALID


def _replay(record: IdempotentRequest, fingerprint: str) -> PlacedOrder:
    """The first answer given for the key, raised again if it was a refusal."""
    if record.fingerprint != fingerprint:
        problem = rules.problem(
            "key_reused",
            _("This Idempotency-Key was already used for a different order request"),
            "Idempotency-Key",
        )
        raise _refusal(Conflict, [problem])
    if record.outcome != IntakeOutcome.ACCEPTED:
        stored = record.response
        problems = [
            Problem(p["code"], p["message"], p.get("field", ""), p.get("row"), {"sku": p["sku"]})
            for p in stored["errors"]
        ]
        raise _KINDS[record.outcome](stored["detail"], problems=problems)
    order = Order.objects.filter(pk=record.order_id).first() if record.order_id else None
    return PlacedOrder(order, record.response, replayed=True)


def submit_order(
    *,
    retailer: Retailer,
    lines: Sequence[Mapping[str, object]],
    entered_by: User,
    channel: str,
    idempotency_key: str | None = None,
    demand_record_id: int | None = None,
    on: date | None = None,
) -> PlacedOrder:
    """Validate and store one order (see the module docstring). ``lines`` are mappings with
    ``sku`` (SKU code) and ``quantity`` (条, as typed). With ``idempotency_key`` the first
    answer for the key, an order or a refusal, is stored and given again for every retry of
    the same request — even when the order would now be refused (its own first order used up
    the allowance, say)."""
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    on = on or timezone.localdate()
    stripped = (idempotency_key or "").strip()
    if len(stripped) > MAX_KEY:
        message = _("An Idempotency-Key has at most %(max)s characters; got %(n)s") % {
            "max": MAX_KEY,
            "n": len(stripped),
        }
        raise _refusal(Invalid, [rules.problem("key_too_long", message, "Idempotency-Key")])
    fingerprint = _fingerprint(retailer, lines, [channel, demand_record_id, on.isoformat()])
    key = None
    if stripped:
        key = sql.Answer(stripped, fingerprint, entered_by.pk, "", {}, timezone.now())
    try:
        with transaction.atomic():
            placed = _place(retailer, lines, entered_by, channel, demand_record_id, on, key)
    except _KeyTaken:
        return _replay(IdempotentRequest.objects.get(key=stripped), fingerprint)
    if isinstance(placed, JinyeError):
        raise placed
    return placed


def _place(
    retailer: Retailer,
    raw_lines: Sequence[Mapping[str, object]],
    user: User,
    channel: str,
    demand_id: int | None,
    on: date,
    key: sql.Answer | None,
) -> PlacedOrder | JinyeError:
    """The order stored, or the refusal (returned, not raised, so that the transaction
    commits the key's answer). Every check refuses before the first net write."""
    actor: rules.Actor | None = None
    skus: dict[str, rules.SkuTerms] = {}
    if user.is_authenticated:
        codes = rules.sku_codes(raw_lines)[: rules.MAX_LINES + 1]
        actor, skus = sql.read_who_and_what(user.pk, retailer.area_id, codes)
    try:
        check_may_enter_order(actor, retailer)
        assert actor is not None
        closed = rules.closed_retailer(retailer)
        if closed is not None:
            raise _refusal(Invalid, [closed])
        lines, problems = rules.parse_lines(raw_lines, skus)
        if problems:
            raise _refusal(Invalid, problems)
        demand = None
        if actor.role == Role.CUSTOMER_MANAGER:
            demand = _check_demand(retailer, demand_id, lines, on)
        _take_limits(retailer, lines, on)
    except JinyeError as refusal:
        if key is not None:
            answer = {"detail": str(refusal), "errors": [p.as_dict() for p in refusal.problems]}
            if not sql.store_answer(replace(key, outcome=_outcome_of(refusal), response=answer)):
                raise _KeyTaken from None
        return refusal
    placed = _store_order(retailer, lines, user, channel, on, key)
    if demand is not None:
        demand.order = placed.order
        demand.save(update_fields=["order"])
    return placed


def _check_demand(
    retailer: Retailer, demand_id: int | None, lines: list[rules.Line], on: date
) -> DemandRecord:
    """六不准: a customer manager may only place what the retailer asked for, verified; the
    demand record, locked."""
    if demand_id is None:
        raise _refusal(Invalid, [rules.demand_required()])
    demand = sql.lock_demand(demand_id)
    problems = rules.demand_problems(demand, demand_id, retailer.pk, lines, on)
    if problems or demand is None:
        raise _refusal(Invalid, problems)
    return demand


def _take_limits(retailer: Retailer, lines: list[rules.Line], on: date) -> None:
    """Move the month's and the week's counters for an order that fits (the fast path: one
    conditional UPDATE each, see :func:`.intake_sql.take_quota`), else undo what was taken
    and :func:`_check_limits` on the locked rows, which refuses with every reason (or, if
    nothing is exceeded after all, applies the order itself)."""
    if any(ln.over_order_cap for ln in lines):
        _check_limits(retailer, lines, on)  # raises with every reason
    total = sum(ln.quantity for ln in lines)
    quota_id = sql.take_quota(retailer.pk, str(Month.containing(on)), total)
    if quota_id is None:
        _check_limits(retailer, lines, on)
        return
    scarce = {ln.sku.pk: ln.quantity for ln in lines if ln.sku.scarce}
    if not scarce:
        return
    taken = sql.take_allowances(retailer.pk, Week.containing(on).first, scarce)
    if len(taken) == len(scarce):
        return
    sql.give_back(quota_id, total, taken, scarce)
    _check_limits(retailer, lines, on)


def _check_limits(retailer: Retailer, lines: list[rules.Line], on: date) -> None:
    month = str(Month.containing(on))
    quota = sql.lock_quota(retailer.pk, month)
    if quota is None:
        raise _refusal(Invalid, [rules.no_quota(month)])
    scarce = [ln.sku.pk for ln in lines if ln.sku.scarce]
    allowances = sql.lock_allowances(retailer.pk, Week.containing(on).first, scarce)
    problems = rules.limit_problems(lines, quota, allowances)
    if problems:
        raise _refusal(Invalid, problems)
    taken = {allowances[ln.sku.pk].pk: ln.quantity for ln in lines if ln.sku.pk in allowances}
    sql.add_to_counters(quota.pk, sum(ln.quantity for ln in lines), taken)


def _store_order(
    retailer: Retailer,
    lines: list[rules.Line],
    user: User,
    channel: str,
    on: date,
    key: sql.Answer | None,
) -> PlacedOrder:
    """Insert the order, its lines and (with a key) the answer, once every check has passed."""
    ops = connection.ops
    order = Order(
        order_no=f"N{on:%Y%m%d}{uuid.uuid4().hex[:12].upper()}",
        retailer=retailer,
        order_date=on,
        week=Week.containing(on).first,
        channel=channel,
        status=OrderStatus.SUBMITTED,
        entered_by=user,
        created_at=timezone.now(),
    )
    body = _body(order, [(ln.sku.code, ln.quantity, ln.sku.price, ln.amount) for ln in lines])
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
    answer = None
    if key is not None:
        answer = replace(key, outcome=IntakeOutcome.ACCEPTED, response=body)
    order_id = sql.insert_order(
        head, [(ln.sku.pk, ln.quantity, ln.sku.price, ln.amount) for ln in lines], answer
    )
    if order_id is None:
        raise _KeyTaken
    order.pk = body["id"] = order_id
    order._state.adding = False
    return PlacedOrder(order, body)


def cancel_order(*, order: Order, by: User, reason: str) -> None:
    """Cancel a submitted order, recording who and why, and give its cartons back to the
    month's total and the week's allowances, under the same locks (in the same order) as
    intake. Raises :class:`~jinye.errors.Invalid` without a reason,
    :class:`~jinye.errors.Conflict` when the order is no longer only submitted."""
    reason = reason.strip()
    if not reason:
        message = _("Give the reason for cancelling the order")
        raise Invalid(message, code="reason_required", field="reason")
    with transaction.atomic():
        locked = sql.lock_order(order.pk)
        if locked.status != OrderStatus.SUBMITTED:
            message = _("Order %(no)s is “%(status)s”: it cannot be cancelled") % {
                "no": locked.order_no,
                "status": locked.get_status_display(),
            }
            raise Conflict(message, code="not_cancellable")
        lines = list(locked.lines.select_related("sku"))
        quota = sql.lock_quota(locked.retailer_id, str(Month.containing(locked.order_date)))
        scarce = [ln.sku_id for ln in lines if ln.sku.scarce]
        allowances = sql.lock_allowances(
            locked.retailer_id, locked.week, scarce, published_only=False
        )
        given: dict[int, int] = {}
        for ln in lines:
            if ln.sku_id in allowances:
                pk = allowances[ln.sku_id].pk
                given[pk] = given.get(pk, 0) + ln.quantity
        total = sum(ln.quantity for ln in lines)
        sql.subtract_from_counters(None if quota is None else quota.pk, total, given)
        locked.status = OrderStatus.CANCELLED
        locked.save(update_fields=["status"])
        OrderCancellation.objects.create(order=locked, cancelled_by=by, reason=reason)
