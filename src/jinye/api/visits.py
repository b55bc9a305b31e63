"""Visits: a customer manager's phone syncs a day's log in one request (all or none), through
:func:`jinye.visits.services.do_record_visits`."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from jinye.catalog.models import Sku
from jinye.errors import Invalid
from jinye.retailers.models import Retailer
from jinye.visits.services import SkuSeen, VisitIn, do_record_visits

router = Router(tags=["visits"])


class SkuSeenIn(Schema):
    sku: str = Field(..., max_length=20, description="SKU code (品规代码)")
    stock: int = Field(..., ge=0, le=1_000_000, description="Cartons (条) in the shop")
    retail_price: Decimal | None = Field(
        None, ge=0, max_digits=10, decimal_places=2, description="Retail price seen, 元/条"
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


class VisitErrorOut(Schema):
    visit: int  # 1-based position in the batch
    field: str
    message: str


class VisitErrorsOut(Schema):
    detail: str
    errors: list[VisitErrorOut] = []


def _refusal(errors: list[dict[str, Any]]) -> Status[Any]:
    text = "；".join(f"第{e['visit']}条（{e['field']}）：{e['message']}" for e in errors)
    return Status(422, {"detail": f"拜访记录未保存：{text}", "errors": errors})


@router.post(
    "/visits",
    response={201: VisitBatchOut, 403: VisitErrorsOut, 422: VisitErrorsOut},
    summary="Record a batch of visits (a day's log from a phone): all or none",
)
def record_visits(request: HttpRequest, payload: VisitBatchIn) -> Status[Any]:
    retailers = dict(
        Retailer.objects.filter(licence_no__in={v.retailer for v in payload.visits}).values_list(
            "licence_no", "pk"
        )
    )
    skus = dict(
        Sku.objects.filter(code__in={s.sku for v in payload.visits for s in v.skus}).values_list(
            "code", "pk"
        )
    )
    errors: list[dict[str, Any]] = []
    for n, v in enumerate(payload.visits, start=1):
        if v.retailer not in retailers:
            errors.append(
                {"visit": n, "field": "retailer", "message": f"零售客户 {v.retailer} 不存在"}
            )
        for s in v.skus:
            if s.sku not in skus:
                errors.append({"visit": n, "field": "skus", "message": f"品规代码“{s.sku}”不存在"})
    if errors:
        return _refusal(errors)
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
    try:
        stored = do_record_visits(user=request.user, visits=visits)
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    except Invalid as refused:
        return _refusal(
            [
                {"visit": p.row, "field": p.field, "message": str(p.message)}
                for p in sorted(refused.problems, key=lambda p: p.row or 0)
            ]
        )
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
