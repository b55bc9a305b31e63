"""The rules an order must pass at intake, as plain functions over plain values: each returns
the problems it finds (:class:`jinye.errors.Problem`, ``row`` = the 1-based line, None for
the order as a whole, ``extra["sku"]`` the line's SKU code) and never touches the database.
:mod:`jinye.supply.intake` reads and locks what they look at, and raises.

- a line: the SKU exists, is active and appears once; the quantity is a whole positive
  number of 条 within the line limit;
- 六不准: an order a customer manager enters comes from the retailer's recorded demand,
  verified by a market manager, placed from the next day on, no more than was asked;
- limits: the per-order cap of a SKU (单品批次购进量), a scarce SKU's published allowance of
  the week, the month's agreed ceiling.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from jinye import limits
from jinye.errors import Invalid, Problem
from jinye.retailers.models import Retailer, RetailerStatus
from jinye.supply.models import Allowance, DemandRecord, MonthlyQuota

MAX_LINES = 100
MAX_LINE_QUANTITY = int(limits.ORDER_LINE.high)
RETAILER = "retailer"  # the actor role of a retailer's own portal login


@dataclass(frozen=True)
class Actor:
    """Who enters the order and where the retailer belongs: an active staff member, or a
    retailer's own login (``role`` RETAILER, ``staff_id`` None, ``own_retailer_id`` set)."""

    staff_id: int | None
    role: str
    department_id: int | None
    retailer_department_id: int
    own_retailer_id: int | None = None


@dataclass(frozen=True)
class SkuTerms:
    """What intake needs of a SKU and its supply rule."""

    pk: int
    code: str
    active: bool
    scarce: bool
    price: Decimal  # wholesale price per 条
    per_order_cap: int | None  # 单品批次购进量, from the SKU's supply rule if it has one


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, as typed
    sku: SkuTerms
    quantity: int

    @property
    def amount(self) -> Decimal:
        return self.sku.price * self.quantity

    @property
    def over_order_cap(self) -> bool:
        cap = self.sku.per_order_cap
        return cap is not None and self.quantity > cap


def problem(code: str, message: str, field: str, row: int | None = None, sku: str = "") -> Problem:
    """A refusal reason; ``sku`` names the line's SKU (the portal shows it beside that SKU)."""
    return Problem(code, message, field, row, {"sku": sku})


def sku_codes(lines: Sequence[Mapping[str, object]]) -> list[str]:
    return [str(ln.get("sku", "")).strip() for ln in lines]


def parse_quantity(raw: object) -> int | tuple[str, str]:
    """A whole positive number of 条, or the (code, reason) it is not."""
    typed = raw
    if isinstance(raw, bool):
        return "quantity_not_whole", _("The quantity must be a whole number of cartons")
    if isinstance(raw, float):
        if not raw.is_integer():
            return "quantity_not_whole", _(
                "Quantity %(quantity)s is not a whole number of cartons"
            ) % {"quantity": raw}
        raw = int(raw)
    if isinstance(raw, str):
        try:
            text = limits.ascii_digits(raw, label=_("Quantity"))
        except Invalid as exc:
            return exc.code, str(exc)
        if len(text) > 12 and text.lstrip("-").isdigit():
            text = text[:12]  # beyond any limit already; Python refuses very long numbers
        if not text.lstrip("-").isdigit():
            return "quantity_not_whole", _(
                "Quantity “%(quantity)s” is not a whole number of cartons"
            ) % {"quantity": raw}
        raw = int(text)
    if not isinstance(raw, int):
        return "quantity_not_whole", _("The quantity must be a whole number of cartons")
    if raw <= 0:
        return "quantity_not_positive", _("Quantity %(quantity)s must be greater than 0") % {
            "quantity": raw
        }
    if raw > MAX_LINE_QUANTITY:
        return "quantity_over_line_limit", _(
            "Quantity %(quantity)s is over the limit of %(limit)s cartons a line"
        ) % {"quantity": limits.clip(str(typed).strip()), "limit": f"{MAX_LINE_QUANTITY:,}"}
    return raw


def parse_lines(
    lines: Sequence[Mapping[str, object]], skus: Mapping[str, SkuTerms]
) -> tuple[list[Line], list[Problem]]:
    """The order's lines as typed (mappings with ``sku`` and ``quantity``) checked against the
    SKUs found by code: the good lines, and a problem for every bad one."""
    if not lines:
        return [], [problem("no_lines", _("The order has no lines"), "lines")]
    if len(lines) > MAX_LINES:
        message = _("An order has at most %(max)s lines; got %(n)s") % {
            "max": MAX_LINES,
            "n": len(lines),
        }
        return [], [problem("too_many_lines", message, "lines")]
    problems: list[Problem] = []
    seen: set[str] = set()
    parsed: list[Line] = []
    for number, (code, ln) in enumerate(zip(sku_codes(lines), lines, strict=True), start=1):
        sku = skus.get(code)
        if not code:
            problems.append(problem("sku_missing", _("The SKU code is missing"), "sku", number))
        elif sku is None:
            message = _("SKU code “%(sku)s” does not exist") % {"sku": code}
            problems.append(problem("sku_unknown", message, "sku", number, code))
        elif not sku.active:
            message = _("SKU %(sku)s is discontinued and cannot be ordered") % {"sku": code}
            problems.append(problem("sku_inactive", message, "sku", number, code))
        elif code in seen:
            message = _("SKU %(sku)s appears more than once in the order") % {"sku": code}
            problems.append(problem("sku_repeated", message, "sku", number, code))
        seen.add(code)
        qty = parse_quantity(ln.get("quantity"))
        if isinstance(qty, tuple):
            problems.append(problem(qty[0], qty[1], "quantity", number, code))
        elif sku is not None and sku.active:
            parsed.append(Line(number, sku, qty))
    return parsed, problems


def closed_retailer(retailer: Retailer) -> Problem | None:
    """Only an open retailer orders."""
    if retailer.status == RetailerStatus.OPEN:
        return None
    message = _("The retailer's status is “%(status)s”: it cannot order") % {
        "status": retailer.get_status_display()
    }
    return problem("retailer_not_open", message, "retailer")


def demand_required() -> Problem:
    return problem(
        "demand_required",
        _(
            "A customer manager may not order for a retailer: the order must come from the "
            "retailer's recorded demand, verified by a market manager"
        ),
        "demand_record",
    )


def demand_problems(
    demand: DemandRecord | None, demand_id: int, retailer_id: int, lines: list[Line], on: date
) -> list[Problem]:
    """六不准: the demand record ``demand_id`` (None: not found) may carry this order of
    ``retailer_id`` on ``on``."""
    message = ""
    if demand is None or demand.retailer_id != retailer_id:
        code = "demand_unknown"
        message = _("Demand record %(id)s does not exist or is not this retailer's") % {
            "id": demand_id
        }
    elif demand.rejected_at is not None:
        code = "demand_rejected"
        message = _("The market manager rejected the demand record: %(reason)s") % {
            "reason": demand.rejection_reason
        }
    elif demand.verified_by_id is None or demand.verified_at is None:
        code = "demand_unverified"
        message = _("The demand record is not yet verified and signed by a market manager")
    elif demand.order_id is not None:
        code = "demand_used"
        message = _("An order was already placed from this demand record")
    elif on <= demand.recorded_on:
        code = "demand_same_day"
        message = _("The demand was recorded on %(day)s; order from the next day on") % {
            "day": demand.recorded_on
        }
    if message:
        return [problem(code, message, "demand_record")]
    assert demand is not None
    problems = []
    for ln in lines:
        asked = int(demand.lines.get(ln.sku.code, 0))
        if ln.quantity > asked:
            message = _(
                "More than the %(asked)s cartons the retailer asked for (a customer manager "
                "may not add to a retailer's demand)"
            ) % {"asked": asked}
            problems.append(problem("over_demand", message, "quantity", ln.number, ln.sku.code))
    return problems


def no_quota(month: str) -> Problem:
    message = _("The retailer's order total for %(month)s has not been set") % {"month": month}
    return problem("no_quota", message, "retailer")


def limit_problems(
    lines: list[Line], quota: MonthlyQuota, allowances: Mapping[int, Allowance]
) -> list[Problem]:
    """Every limit the order breaks: per-order caps, this week's allowances of its scarce SKUs
    (``allowances`` by SKU id, the published ones), the month's total (``quota``)."""
    problems: list[Problem] = []
    for ln in lines:
        code = ln.sku.code
        if ln.over_order_cap:
            message = _("Over the per-order limit of %(cap)s cartons for this SKU") % {
                "cap": ln.sku.per_order_cap
            }
            problems.append(problem("over_order_cap", message, "quantity", ln.number, code))
        if not ln.sku.scarce:
            continue
        a = allowances.get(ln.sku.pk)
        if a is None:
            message = _("Scarce SKU %(sku)s has no allowance for this retailer this week") % {
                "sku": code
            }
            problems.append(problem("no_allowance", message, "sku", ln.number, code))
        elif ln.quantity > a.remaining:
            message = _(
                "This week's allowance is %(quantity)s cartons: %(ordered)s ordered, "
                "%(remaining)s left"
            ) % {"quantity": a.quantity, "ordered": a.ordered, "remaining": a.remaining}
            problems.append(problem("over_allowance", message, "quantity", ln.number, code))
    total = sum(ln.quantity for ln in lines)
    if total > quota.remaining:
        message = _(
            "This order's %(total)s cartons exceed the total for %(month)s: ceiling %(ceiling)s, "
            "%(ordered)s ordered, %(remaining)s left"
        ) % {
            "total": total,
            "month": quota.month,
            "ceiling": quota.ceiling,
            "ordered": quota.ordered,
            "remaining": quota.remaining,
        }
        problems.append(problem("over_quota", message, "quantity"))
    return problems
