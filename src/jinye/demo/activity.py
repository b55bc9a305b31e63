"""The demo's derived activity: what the department would have done with the county's orders.

Runs the real services on the freshly built county, so every page has something to show:
the last four quarters' classification, this year's target, last month's social-inventory
survey (10% sample), this month's visit plans with the visits already made up to yesterday,
supply (last and this month's quotas, this week's published scarce-SKU allocation, collected
demand), forecasts (last month's round collected, submitted and scored; this month's
statistical forecast; next month's round open) and people (last month's visits, KPIs, the
last quarter's career window, experts, 135 documents).
Deterministic for a seed: stock counts and which planned visits happened come from ``seed``.
"""

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from django.contrib.auth.models import User
from django.db.models import Sum

from jinye.catalog.models import Sku
from jinye.demo.forecasts import derive_forecast_demo
from jinye.demo.people import derive_people_demo
from jinye.demo.supply import derive_supply_demo
from jinye.demo.visits import record_demo_visits
from jinye.orders.models import CARTONS_PER_CASE, OrderLine, OrderStatus
from jinye.org.models import MarketingDepartment, Role, Staff
from jinye.progress import ProgressFn, no_progress

TARGET_GROWTH = Decimal("1.03")  # this year's target: last year's volume and revenue + 3%
SURVEY_SHARE = Decimal("0.10")


def quarters_before(today: date, n: int) -> list[str]:
    """The ``n`` complete quarters before ``today``'s, oldest first (``2026Q3`` style)."""
    year, q = today.year, (today.month - 1) // 3 + 1
    labels = []
    for _ in range(n):
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
        labels.append(f"{year}Q{q}")
    return labels[::-1]


def derive_demo_activity(
    *, seed: int, today: date, progress: ProgressFn = no_progress
) -> list[str]:
    """Run classification, targets, a survey, this month's visits, supply, forecasts and the
    people app (KPIs, careers, experts, 135 documents; last month's visits too); return
    summary lines."""
    lines = []
    for dept in MarketingDepartment.objects.order_by("code"):
        director = Staff.objects.get(department=dept, role=Role.DIRECTOR).user
        lines.append(_classify(dept, today, progress))
        lines.append(_target(dept, today, director))
        lines.append(_survey(dept, today, seed))
        lines.append(record_demo_visits(dept, today.replace(day=1), today, seed + 1, progress))
        lines.append(derive_supply_demo(dept=dept, today=today, seed=seed, progress=progress))
        lines.append(derive_forecast_demo(dept=dept, today=today, seed=seed, progress=progress))
        lines.append(derive_people_demo(dept=dept, today=today, seed=seed, progress=progress))
    return lines


def _classify(dept: MarketingDepartment, today: date, progress: ProgressFn) -> str:
    from jinye.ratings.services import do_classify_quarter

    labels = quarters_before(today, 4)
    for label in labels:
        do_classify_quarter(quarter=label, department=dept, progress=progress)
    return f"classified {', '.join(labels)}"


def _target(dept: MarketingDepartment, today: date, director: User) -> str:
    from jinye.targets.services import do_set_annual_target

    last_year = OrderLine.objects.filter(
        order__retailer__area__department=dept,
        order__order_date__year=today.year - 1,
    ).exclude(order__status=OrderStatus.CANCELLED)
    totals = last_year.aggregate(cartons=Sum("quantity"), revenue=Sum("amount"))
    volume = int(Decimal(totals["cartons"] or 0) / CARTONS_PER_CASE * TARGET_GROWTH)
    revenue = int(Decimal(totals["revenue"] or 0) * TARGET_GROWTH)
    do_set_annual_target(
        department=dept,
        year=today.year,
        volume_cases=volume,
        revenue=revenue,
        basis="last_year",
        by=director,
    )
    return f"{today.year} target {volume:,} 箱, {revenue:,} 元 (last year + 3%)"


def _survey(dept: MarketingDepartment, today: date, seed: int) -> str:
    """A 10% survey on the last day of last month; each sampled retailer holds about two
    weeks of what it bought in the four weeks before, per SKU, with noise."""
    from jinye.targets.services import do_create_survey, do_record_counts

    taken_on = today.replace(day=1) - timedelta(days=1)
    survey = do_create_survey(
        department=dept,
        name=f"{taken_on:%Y年%m月}社会库存抽样",
        taken_on=taken_on,
        sample_share=SURVEY_SHARE,
        seed=seed,
    )
    rng = np.random.default_rng(seed)
    sampled = survey.retailers.select_related("customer_manager__user").order_by("pk")
    for retailer in sampled:
        bought = (
            OrderLine.objects.filter(
                order__retailer=retailer,
                order__order_date__gt=taken_on - timedelta(days=28),
                order__order_date__lte=taken_on,
            )
            .exclude(order__status=OrderStatus.CANCELLED)
            .values("sku")
            .annotate(q=Sum("quantity"))
        )
        skus = Sku.objects.in_bulk([row["sku"] for row in bought])
        counts = {skus[row["sku"]]: int(round(row["q"] * rng.uniform(0.2, 0.8))) for row in bought}
        by = retailer.customer_manager.user if retailer.customer_manager else None
        if by is not None:
            do_record_counts(survey=survey, retailer=retailer, counts=counts, by=by)
    return f"survey of {taken_on}: {sampled.count()} retailers"
