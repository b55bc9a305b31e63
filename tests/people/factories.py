"""Builders for the people tests: a customer manager's month of orders, plans and visits."""

from datetime import date, datetime, time

from django.utils import timezone

from jinye.catalog.models import Sku
from jinye.org.models import Staff
from jinye.people.models import CareerProfile, KpiMonth
from jinye.retailers.models import Retailer
from jinye.targets.models import AnnualTarget, MonthTarget
from jinye.visits.models import PlanDay, PlanStop, Visit, VisitPlan, VisitSkuInfo
from tests.factories import make_order


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def set_target(staff: Staff, year: int, month: int, cases: int) -> None:
    target, _ = AnnualTarget.objects.get_or_create(
        department=staff.department,
        year=year,
        defaults={"volume_cases": cases, "revenue": 1, "basis": "even"},
    )
    MonthTarget.objects.create(
        target=target, area=staff.area, month=month, volume_cases=cases, revenue=1
    )


def plan(staff: Staff, stops: list[tuple[date, Retailer]]) -> list[PlanStop]:
    month = stops[0][0].strftime("%Y-%m")
    p = VisitPlan.objects.create(staff=staff, month=month, base_latitude=0, base_longitude=0)
    out = []
    for i, (day, retailer) in enumerate(stops):
        pd, _ = PlanDay.objects.get_or_create(
            plan=p, day=day, defaults={"distance_m": 0, "method": "test"}
        )
        out.append(PlanStop.objects.create(plan_day=pd, seq=i, retailer=retailer, reason="policy"))
    return out


def visit(
    staff: Staff,
    retailer: Retailer,
    day: date,
    *,
    stop: PlanStop | None = None,
    guidance: bool = False,
    observations: str = "",
    complaints: str = "",
    info: list[tuple[Sku, int]] = (),  # type: ignore[assignment]
) -> Visit:
    v = Visit.objects.create(
        staff=staff,
        retailer=retailer,
        checked_in_at=at(day),
        stop=stop,
        guidance=guidance,
        guidance_content="陈列指导" if guidance else "",
        observations=observations,
        complaints=complaints,
    )
    for sku, stock in info:
        VisitSkuInfo.objects.create(visit=v, sku=sku, stock=stock)
    return v


def sell(retailer: Retailer, sku: Sku, cartons: int, on: date) -> None:
    make_order(retailer, [(sku, cartons)], on=on)


def profile(staff: Staff, rank: int = 0, **kw: object) -> CareerProfile:
    fields: dict[str, object] = {
        "rank": rank,
        "in_post_since": date(2020, 1, 1),
        "level_since": date(2024, 1, 1),
        "education": 3,
        "training_passed": True,
    }
    fields.update(kw)
    return CareerProfile.objects.create(staff=staff, **fields)


def scores(staff: Staff, months: list[str], score: float | None) -> None:
    for m in months:
        KpiMonth.objects.create(staff=staff, month=m, score=score, inputs={}, config={})
