"""Visits: a customer manager's phone syncs a day's log in one request (all or none), through
:func:`jinye.visits.services.do_record_visits`. Refusals reach the client through the API's
error handler (:mod:`jinye.api.v1`) in the standard body: 422 with a problem per reason, its
``row`` the visit's 1-based place in the batch; 403 for someone who may not record visits."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from jinye import access, limits
from jinye.catalog.models import Sku
from jinye.errors import Invalid, Problem
from jinye.visits.services import SkuSeen, VisitIn, do_record_visits

router = Router(tags=["visits"])


class SkuSeenIn(Schema):
    sku: str = Field(..., max_length=20, description="SKU code (品规代码)")
    stock: int = Field(
        ..., ge=limits.STOCK.low, le=limits.STOCK.high, description="Cartons (条) in the shop"
    )
    retail_price: Decimal | None = Field(
        None,
        ge=limits.PRICE.low,
        le=limits.PRICE.high,
        max_digits=10,
        decimal_places=2,
        description="Retail price seen, 元/条",
    )


class VisitLogIn(Schema):
    retailer: str = Field(..., max_length=20, description="Retailer licence number")
    checked_in_at: datetime = Field(..., description="Check-in time (ISO 8601)")
    guidance: bool = False
    guidance_content: str = Field("", max_length=2000)
    observations: str = Field("", max_length=2000)
    complaints: str = Field("", max_length=2000)
    skus: list[SkuSeenIn] = Field(default_factory=list, max_length=50)


class VisitBatchIn(Schema):
    visits: list[VisitLogIn] = Field(..., min_length=1, max_length=200)


class VisitOut(Schema):
    id: int
    retailer: str
    checked_in_at: str
    planned: bool


class VisitBatchOut(Schema):
    recorded: int
    visits: list[VisitOut]


class VisitProblemOut(Schema):
    code: str = Field(..., description="Stable reason code, e.g. unknown_retailer")
    message: str
    field: str = Field("", description="The visit's field concerned, e.g. retailer or skus")
    row: int | None = Field(None, description="The visit's 1-based place in the batch")


class VisitErrorsOut(Schema):
    code: str = ""
    detail: str
    errors: list[VisitProblemOut] = []


@router.post(
    "/visits",
    response={201: VisitBatchOut, 403: VisitErrorsOut, 422: VisitErrorsOut},
    summary="Record a batch of visits (a day's log from a phone): all or none",
)
def record_visits(request: HttpRequest, payload: VisitBatchIn) -> Status[Any]:
    # Who may not record visits learns nothing of the licences; a licence outside the
    # reader's scope reads exactly as one that does not exist.
    access.require(request.user, "record_visits")
    retailers = dict(
        access.retailers(request.user)
        .filter(licence_no__in={v.retailer for v in payload.visits})
        .values_list("licence_no", "pk")
    )
    skus = dict(
        Sku.objects.filter(code__in={s.sku for v in payload.visits for s in v.skus}).values_list(
            "code", "pk"
        )
    )
    problems: list[Problem] = []
    for n, v in enumerate(payload.visits, start=1):
        if v.retailer not in retailers:
            message = _("Retailer %(licence)s does not exist or is not among those you serve") % {
                "licence": v.retailer
            }
            problems.append(Problem("unknown_retailer", message, "retailer", n))
        for s in v.skus:
            if s.sku not in skus:
                message = _("SKU code “%(sku)s” does not exist") % {"sku": s.sku}
                problems.append(Problem("unknown_sku", message, "skus", n))
    if problems:
        raise Invalid(_("The visits were not stored."), code="visits_refused", problems=problems)
    visits = [
        VisitIn(
            retailer_id=retailers[v.retailer],
            checked_in_at=v.checked_in_at,
            guidance=v.guidance,
            guidance_content=v.guidance_content,
            observations=v.observations,
            complaints=v.complaints,
            skus=[SkuSeen(skus[s.sku], s.stock, s.retail_price) for s in v.skus],
        )
        for v in payload.visits
    ]
    stored = do_record_visits(user=request.user, visits=visits)
    return Status(
        201,
        {
            "recorded": len(stored),
            "visits": [
                {
                    "id": visit.pk,
                    "retailer": v.retailer,
                    "checked_in_at": visit.checked_in_at.isoformat(),
                    "planned": visit.stop_id is not None,
                }
                for visit, v in zip(stored, payload.visits, strict=True)
            ],
        },
    )
