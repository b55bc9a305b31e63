"""Orders and allowances: thin handlers over :mod:`jinye.supply.intake` and its selectors.
Intake's refusals (:class:`jinye.errors.JinyeError`) reach the client through the API's error
handler (:mod:`jinye.api.v1`): 422 invalid, 403 forbidden, 409 an Idempotency-Key reused."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema, Status

from jinye import access, limits
from jinye.errors import NotFound
from jinye.orders.models import Channel, Order
from jinye.periods import Week
from jinye.retailers.models import Retailer
from jinye.supply.intake import cancel_order, order_body, submit_order
from jinye.supply.selectors import retailer_supply

router = Router(tags=["orders"])


class LineIn(Schema):
    sku: str = Field(..., max_length=20, description="SKU code (品规代码)")
    # The bounds are documented here and checked by intake, whose message names the value.
    quantity: int = Field(
        ...,
        description="Cartons (条), a whole number",
        json_schema_extra={
            "minimum": int(limits.ORDER_LINE.low),
            "maximum": int(limits.ORDER_LINE.high),
        },
    )


class OrderIn(Schema):
    retailer: str = Field(..., max_length=20, description="Retailer licence number")
    lines: list[LineIn] = Field(..., max_length=100)
    demand_record: int | None = Field(
        None,
        ge=limits.RECORD_NUMBER.low,
        le=limits.RECORD_NUMBER.high,
        description="Recorded, verified demand (required when a customer manager orders)",
    )


class CancelIn(Schema):
    reason: str = Field(..., min_length=1, max_length=200, description="Why (recorded)")


class LineOut(Schema):
    sku: str
    quantity: int
    unit_price: str
    amount: str


class OrderOut(Schema):
    id: int
    order_no: str
    retailer: str
    order_date: str
    week: str
    channel: str
    status: str
    entered_by: str | None
    lines: list[LineOut]
    total_quantity: int
    total_amount: str


class ProblemOut(Schema):
    code: str = Field(..., description="Stable reason code, e.g. over_allowance")
    message: str
    field: str = ""
    row: int | None = Field(None, description="Order line (1-based); absent: the whole order")
    sku: str = Field("", description="The line's SKU code")


class ErrorOut(Schema):
    code: str = ""
    detail: str
    errors: list[ProblemOut] = []


class AllowanceOut(Schema):
    sku: str
    sku_name: str
    allowance: int
    ordered: int
    remaining: int
    rule: str
    explanation: str


class QuotaOut(Schema):
    month: str
    agreed: int
    ceiling: int
    ordered: int
    remaining: int
    explanation: str


class SupplyOut(Schema):
    retailer: str
    week: str
    quota: QuotaOut | None
    allowances: list[AllowanceOut]


def _retailer(request: HttpRequest, licence_no: str) -> Retailer:
    """The retailer of ``licence_no`` in the reader's scope; one outside it is answered
    exactly as one that does not exist (404), so no login learns which licences exist."""
    found = access.retailers(request.user).filter(licence_no=licence_no).first()
    if found is not None:
        return found
    raise NotFound(
        _("Retailer %(licence)s does not exist or is not among those you serve")
        % {"licence": licence_no},
        code="unknown_retailer",
        field="retailer",
    )


def _not_found(order_no: str) -> str:
    return _("Order %(no)s does not exist or is not among those you serve") % {"no": order_no}


@router.post(
    "/orders",
    response={201: OrderOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Place an order (idempotent with Idempotency-Key)",
)
def create_order(
    request: HttpRequest,
    payload: OrderIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=100),
) -> Status[Any]:
    found = _retailer(request, payload.retailer)
    placed = submit_order(
        retailer=found,
        lines=[ln.dict() for ln in payload.lines],
        entered_by=request.user,  # type: ignore[arg-type]
        channel=Channel.ONLINE,
        idempotency_key=idempotency_key,
        demand_record_id=payload.demand_record,
    )
    return Status(201, placed.body)


@router.get("/orders/{order_no}", response={200: OrderOut, 404: ErrorOut})
def get_order(request: HttpRequest, order_no: str) -> Status[Any]:
    order = (
        access.scope(request.user, "orders", Order.objects.filter(order_no=order_no))
        .select_related("retailer", "entered_by")
        .first()
    )
    if order is None:
        raise NotFound(_not_found(order_no), code="unknown_order")
    return Status(200, order_body(order))


@router.post(
    "/orders/{order_no}/cancel",
    response={200: OrderOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Cancel a submitted order with a reason; its cartons go back to the limits",
)
def cancel(request: HttpRequest, order_no: str, payload: CancelIn) -> Status[Any]:
    access.require(request.user, "cancel_orders")
    order = access.scope(request.user, "orders", Order.objects.filter(order_no=order_no)).first()
    if order is None:
        raise NotFound(_not_found(order_no), code="unknown_order")
    cancel_order(order=order, by=request.user, reason=payload.reason)  # type: ignore[arg-type]
    order.refresh_from_db()
    return Status(200, order_body(order))


@router.get(
    "/retailers/{licence_no}/allowance",
    response={200: SupplyOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The retailer's monthly total and this week's published allowances, with reasons",
)
def get_allowance(request: HttpRequest, licence_no: str, week: str | None = None) -> Status[Any]:
    found = _retailer(request, licence_no)
    today = timezone.localdate()
    day: date = Week.parse(week).first if week else today
    # The month's total is the one of the day in question: today within the current week.
    supply = retailer_supply(found, today if Week.containing(today).first == day else day)
    q = supply.quota
    return Status(
        200,
        {
            "retailer": found.licence_no,
            "week": supply.week.isoformat(),
            "quota": None
            if q is None
            else {
                "month": q.month,
                "agreed": q.agreed,
                "ceiling": q.ceiling,
                "ordered": q.ordered,
                "remaining": q.remaining,
                "explanation": q.explanation_text,
            },
            "allowances": [
                {
                    "sku": a.sku.code,
                    "sku_name": a.sku.name,
                    "allowance": a.quantity,
                    "ordered": a.ordered,
                    "remaining": a.remaining,
                    "rule": a.rule,
                    "explanation": a.explanation_text,
                }
                for a in supply.allowances
            ],
        },
    )
