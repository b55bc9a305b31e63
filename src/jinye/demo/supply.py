"""The demo's supply activity: last month's and this month's quotas, this week's scarce-SKU
allocation and a few demand records collected by customer managers (六不准), all through the
real services. Last month's quotas are there so the review shows a finished month's flags
(ran short before month end, total too large), which a running month cannot have.

Deterministic for a seed. The week's supply of each scarce SKU is about 80% of what the
retailers request, so the allocation binds and the explanations show shares being cut.
"""

from datetime import date, timedelta

import numpy as np
from django.contrib.auth.models import User
from django.db.models import Count, Q, Sum

from jinye.catalog.models import Sku
from jinye.errors import JinyeError
from jinye.orders.models import Channel, OrderLine, OrderStatus
from jinye.org.models import MarketingDepartment, Role, Staff
from jinye.periods import Month, Week
from jinye.progress import ProgressFn, no_progress
from jinye.retailers.models import Retailer, RetailerStatus
from jinye.supply import inputs
from jinye.supply.intake import submit_order
from jinye.supply.models import DemandRecord, MonthlyQuota, SkuSupplyRule
from jinye.supply.services import (
    do_allocate,
    do_compute_quotas,
    do_publish,
    do_record_demand,
    do_set_weekly_supply,
    do_verify_demand,
)

SUPPLY_SHARE = 0.8  # the week's supply of a scarce SKU against the sum of requests
PER_ORDER_CAP = 5  # 单品批次购进量, as the demo's order history respects
DEMO_METHODS = ("max_min_fair", "proportional")  # alternated over the scarce SKUs
DEMAND_MANAGERS = 2  # customer managers who collected demand (the first is the demo's cm01)
DEMANDS_PER_MANAGER = 4
DEMAND_SKUS = 3
LEFT_PENDING = 1  # per manager: demand still waiting for the market manager
PORTAL_USERNAME = "shop01"  # the demo retailer's own login (password: the demo's)
MIN_ROOM = 30  # 条 left in the month's total for a retailer chosen to give demand


def derive_supply_demo(
    *,
    dept: MarketingDepartment,
    today: date,
    seed: int,
    progress: ProgressFn = no_progress,
) -> str:
    """Quotas for last month and ``today``'s month, a published allocation of every active
    scarce SKU for ``today``'s week, and demand records (some verified and ordered, some
    pending)."""
    this_month = Month.containing(today)
    month, week = str(this_month), Week.containing(today).first
    director = Staff.objects.get(department=dept, role=Role.DIRECTOR).user
    last = do_compute_quotas(month=str(this_month.previous()), department=dept, progress=progress)
    quotas = do_compute_quotas(month=month, department=dept, progress=progress)
    scarce = list(Sku.objects.filter(scarce=True, active=True).order_by("code"))
    allocated = 0
    for n, sku in enumerate(scarce):
        SkuSupplyRule.objects.get_or_create(
            sku=sku,
            defaults={
                "method": DEMO_METHODS[n % len(DEMO_METHODS)],
                "per_order_cap": PER_ORDER_CAP,
            },
        )
        requests = inputs.weekly_requests(dept, sku, week)
        supply = max(1, int(sum(requests.values()) * SUPPLY_SHARE))
        do_set_weekly_supply(week=week, sku=sku, quantity=supply)
        run = do_allocate(
            week=week,
            sku=sku,
            department=dept,
            requests=requests,
            user=director,
            progress=progress,
        )
        do_publish(run=run, user=director)
        allocated += run.allocated
    recorded, verified, ordered = _demands(dept, today, seed)
    shop = _portal_login(dept, week, director)
    return (
        f"{last.month} and {month} quotas for {last.created + last.updated} and "
        f"{quotas.created + quotas.updated} retailers; "
        f"week of {week}: {len(scarce)} scarce SKUs allocated ({allocated:,} 条) and published; "
        f"{recorded} demand records, {verified} verified, {ordered} ordered; "
        f"portal login {PORTAL_USERNAME} for {shop}"
    )


def _portal_login(dept: MarketingDepartment, week: date, director: User) -> str:
    """The demo's retailer login: the shop of the first customer manager given the most
    scarce SKUs this week, so its pages have something to show."""
    from jinye.demo.build import DEMO_PASSWORD
    from jinye.retailers.services import do_create_login

    cm = Staff.objects.filter(department=dept, role=Role.CUSTOMER_MANAGER).order_by("pk").first()
    shop = (
        Retailer.objects.filter(customer_manager=cm, status=RetailerStatus.OPEN)
        .annotate(
            n=Count("allowances", filter=Q(allowances__week=week, allowances__quantity__gt=0)),
            cartons=Sum("allowances__quantity", filter=Q(allowances__week=week)),
        )
        .order_by("-n", "-cartons", "licence_no")
        .first()
    )
    if shop is None:
        return "nobody (no open retailer)"
    do_create_login(retailer=shop, username=PORTAL_USERNAME, password=DEMO_PASSWORD, by=director)
    return f"{shop.licence_no} {shop.name}"


def _demands(dept: MarketingDepartment, today: date, seed: int) -> tuple[int, int, int]:
    """Yesterday the first customer managers wrote down what a few of their retailers asked
    for; the area's market manager verified most of it, and today orders were placed."""
    rng = np.random.default_rng(seed + 4)
    month = str(Month.containing(today))
    yesterday = today - timedelta(days=1)
    managers = Staff.objects.filter(
        department=dept, role=Role.CUSTOMER_MANAGER, user__is_active=True
    ).order_by("user__username")[:DEMAND_MANAGERS]
    recorded = verified = ordered = 0
    for manager in managers:
        market_manager = Staff.objects.filter(
            area_id=manager.area_id, role=Role.MARKET_MANAGER
        ).first()
        room = MonthlyQuota.objects.filter(
            month=month,
            retailer__customer_manager=manager,
            retailer__status=RetailerStatus.OPEN,
        )
        candidates = [
            q.retailer
            for q in room.select_related("retailer").order_by("retailer_id")
            if q.remaining >= MIN_ROOM
        ][:DEMANDS_PER_MANAGER]
        for k, retailer in enumerate(candidates):
            lines = _usual_lines(retailer, today, rng)
            if not lines:
                continue
            demand = do_record_demand(
                retailer=retailer, recorded_by=manager, lines=lines, on=yesterday
            )
            recorded += 1
            if market_manager is None or k >= len(candidates) - LEFT_PENDING:
                continue
            do_verify_demand(demand=demand, verified_by=market_manager)
            verified += 1
            if k % 2 == 0 and _order_from(demand, manager, today):
                ordered += 1
    return recorded, verified, ordered


def _usual_lines(retailer: Retailer, today: date, rng: np.random.Generator) -> dict[str, int]:
    """A few of the plain SKUs the retailer bought in the last four weeks, 1–5 条 each."""
    bought = list(
        OrderLine.objects.filter(
            order__retailer=retailer,
            order__order_date__gte=today - timedelta(weeks=4),
            order__order_date__lt=today,
            sku__scarce=False,
            sku__active=True,
        )
        .exclude(order__status=OrderStatus.CANCELLED)
        .values_list("sku__code")
        .annotate(q=Sum("quantity"))
        .order_by("-q", "sku__code")[:DEMAND_SKUS]
    )
    return {code: int(rng.integers(1, 6)) for code, _ in bought}


def _order_from(demand: DemandRecord, manager: Staff, today: date) -> bool:
    try:
        submit_order(
            retailer=demand.retailer,
            lines=[{"sku": code, "quantity": qty} for code, qty in sorted(demand.lines.items())],
            entered_by=manager.user,
            channel=Channel.VISIT,
            demand_record_id=demand.pk,
            on=today,
        )
    except JinyeError:
        return False
    return True
