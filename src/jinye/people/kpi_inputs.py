"""The raw monthly counts behind each customer manager's KPIs, read from orders, targets,
visit plans and the visit log, as the KPI engine's input frame."""

from collections import defaultdict
from datetime import date

import polars as pl
from django.db.models import Count, Q, Sum

from jinye.engines.analysis import Period
from jinye.engines.kpi import INPUT_SCHEMA
from jinye.orders.models import OrderLine, OrderStatus
from jinye.org.models import MarketArea, MarketingDepartment, Role, Staff
from jinye.people import sources
from jinye.periods import Month
from jinye.retailers.models import Retailer
from jinye.targets.selectors import manager_plans
from jinye.visits.selectors import planned_stops, sku_info_of, staff_visits

CARTONS_PER_CASE = 250


def managers_of(department: MarketingDepartment) -> list[Staff]:
    return list(
        Staff.objects.filter(
            department=department, role=Role.CUSTOMER_MANAGER, active=True
        ).order_by("employee_no")
    )


def cartons_by_retailer(retailer_ids: list[int], p: Period) -> dict[int, int]:
    rows = (
        OrderLine.objects.filter(
            order__retailer_id__in=retailer_ids,
            order__order_date__gte=p.first,
            order__order_date__lte=p.last,
        )
        .exclude(order__status=OrderStatus.CANCELLED)
        .values("order__retailer_id")
        .annotate(q=Sum("quantity"))
    )
    return {r["order__retailer_id"]: int(r["q"] or 0) for r in rows}


def manager_targets(
    department: MarketingDepartment, managers: list[Staff], p: Period
) -> dict[int, int | None]:
    """Each manager's share (箱) of their area's plan for ``p``, by the one shared split
    (``targets.selectors.manager_plans``); None without a target or outside the split."""
    out: dict[int, int | None] = {}
    by_area: dict[MarketArea, list[Staff]] = defaultdict(list)
    for m in managers:
        if m.area is not None:
            by_area[m.area].append(m)
    for area, ms in by_area.items():
        plans = manager_plans(department, area, p)
        out.update({m.pk: None if plans is None else plans.get(m.pk) for m in ms})
    return out


def kpi_inputs(department: MarketingDepartment, month: date) -> pl.DataFrame:
    """One row per active customer manager of ``department`` with the KPI engine's inputs.

    Guidance counts as effective when the guided retailer's volume this month is at least
    last month's and above zero (the seed names the 80% target but not the measure).
    Information and guidance are None for a manager with no planned stop and no visit."""
    this = Month.containing(month)
    p, prev = this.span, this.previous().span
    managers = managers_of(department)
    targets = manager_targets(department, managers, p)
    accuracy = sources.forecast_accuracy_by_manager(p.first) or {}
    rows = []
    for m in managers:
        retailer_ids = list(
            Retailer.objects.filter(customer_manager=m, status="open").values_list("pk", flat=True)
        )
        now = cartons_by_retailer(retailer_ids, p)
        before = cartons_by_retailer(retailer_ids, prev)
        stops = planned_stops(m, p.first, p.last).aggregate(
            planned=Count("id"), done=Count("id", filter=Q(visit__isnull=False))
        )
        visits = staff_visits(m, p.first, p.last)
        guided = set(visits.filter(guidance=True).values_list("retailer_id", flat=True))
        effective = [r for r in guided if now.get(r, 0) > 0 and now.get(r, 0) >= before.get(r, 0)]
        info = sku_info_of(visits).count() + visits.exclude(observations="").count()
        target = targets.get(m.pk)
        # Information and guidance are recorded on visits: with neither a planned stop nor a
        # visit in the month the visit log was not in use, so they have no data (not zero).
        logged = stops["planned"] > 0 or visits.exists()
        rows.append(
            {
                "staff_id": m.pk,
                "retailers": len(retailer_ids),
                "sales_cases": sum(now.values()) / CARTONS_PER_CASE,
                "target_cases": float(target) if target else None,
                "forecast_accuracy": accuracy.get(m.pk),
                "planned_visits": stops["planned"],
                "done_planned": stops["done"],
                "info_records": info if logged else None,
                "guided": len(guided) if logged else None,
                "guided_effective": len(effective) if logged else None,
                "complaints": visits.exclude(complaints="").count(),
            }
        )
    return pl.DataFrame(rows, schema=INPUT_SCHEMA)
