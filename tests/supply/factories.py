"""Builders for supply tests: a retailer with this month's quota and a published allowance."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.utils import timezone

from jinye.catalog.models import Sku
from jinye.org.models import Role, Staff
from jinye.periods import Month, Week
from jinye.retailers.models import Retailer
from jinye.supply.models import (
    AllocationRun,
    Allowance,
    DemandRecord,
    MonthlyQuota,
    RunStatus,
    SkuSupplyRule,
)
from tests.factories import make_area, make_department, make_retailer, make_sku, make_staff

DAY = date(2026, 12, 9)  # a Wednesday


@dataclass
class World:
    clerk: Staff
    manager: Staff
    market_manager: Staff
    retailer: Retailer
    plain: Sku
    scarce: Sku


def make_quota(
    retailer: Retailer, ceiling: int, *, on: date = DAY, ordered: int = 0
) -> MonthlyQuota:
    return MonthlyQuota.objects.create(
        retailer=retailer,
        month=str(Month.containing(on)),
        agreed=ceiling,
        ceiling=ceiling,
        ordered=ordered,
        explanation="测试",
        inputs={},
    )


def make_allowance(
    retailer: Retailer, sku: Sku, quantity: int, *, on: date = DAY, published: bool = True
) -> Allowance:
    week = Week.containing(on).first
    run, _ = AllocationRun.objects.get_or_create(
        week=week,
        sku=sku,
        department=retailer.area.department,
        defaults={
            "method": "max_min_fair",
            "supply": quantity,
            "allocated": quantity,
            "requested": quantity,
            "retailer_count": 1,
            "config": {},
            "status": RunStatus.PUBLISHED if published else RunStatus.DRAFT,
        },
    )
    return Allowance.objects.create(
        run=run,
        retailer=retailer,
        sku=sku,
        week=week,
        tier=1,
        scale="small",
        request=quantity,
        cap=None,
        quantity=quantity,
        rule="share",
        explanation="测试",
    )


def make_world(
    *, ceiling: int = 100, allowance: int = 10, per_order_cap: int | None = None, on: date = DAY
) -> World:
    dept = make_department()
    area = make_area(dept)
    manager = make_staff(Role.CUSTOMER_MANAGER, area=area)
    retailer = make_retailer(manager=manager)
    scarce = make_sku(scarce=True)
    SkuSupplyRule.objects.create(sku=scarce, method="max_min_fair", per_order_cap=per_order_cap)
    make_quota(retailer, ceiling, on=on)
    make_allowance(retailer, scarce, allowance, on=on)
    return World(
        clerk=make_staff(Role.ORDER_CLERK, dept=dept),
        manager=manager,
        market_manager=make_staff(Role.MARKET_MANAGER, area=area),
        retailer=retailer,
        plain=make_sku(),
        scarce=scarce,
    )


def make_demand(
    world: World, lines: dict[str, int], *, verified: bool = True, on: date = date(2026, 12, 8)
) -> DemandRecord:
    return DemandRecord.objects.create(
        retailer=world.retailer,
        lines=lines,
        recorded_by=world.manager,
        recorded_on=on,
        verified_by=world.market_manager if verified else None,
        verified_at=timezone.now() if verified else None,
    )


def user(staff: Staff) -> User:
    return staff.user
