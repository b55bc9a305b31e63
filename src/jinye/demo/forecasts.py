"""The demo's forecast activity, through the real services.

Last month: a round (a random third of retailers, the department's best-selling SKUs) that
the customer managers filled in before its deadline (each value the month's actual orders with
noise, as if the retailer guessed well but not exactly), a market manager's corrections, the
director's submission, a statistical run and the month scored, so the accuracy page compares
collected with statistical. This month: a statistical run over every SKU, so the quota review
shows each retailer's whole-month forecast beside its total. Next month: a round open for
entry with some values entered. Deterministic for a seed.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

import numpy as np
from django.db.models import Sum
from django.utils import timezone

from jinye.engines.forecast import ForecastConfig, month_end
from jinye.forecasts.models import CollectedForecast, ForecastRound
from jinye.forecasts.scoring import do_score_month, months_back
from jinye.forecasts.services import (
    Entry,
    do_correct_forecast,
    do_enter_forecasts,
    do_open_round,
    do_review_round,
    do_run_statistical_forecast,
    do_submit_round,
)
from jinye.orders.models import OrderLine, OrderStatus
from jinye.org.models import MarketingDepartment, Role, Staff
from jinye.progress import ProgressFn, no_progress

ROUND_SKUS = 5
NOISE_SIGMA = 0.35  # log-normal noise on a collected value
CORRECTIONS_PER_AREA = 3
OPEN_ROUND_ENTRY_SHARE = 0.5  # customer managers who have started on next month's round
DEADLINE_DAY = 25
# Cheaper than the engine's default (which takes ~45 s on the whole demo county): three
# SKU×area candidates without AutoETS, two intermittent models on the last 26 weeks, and only
# the round's SKUs are forecast (so collected and statistical are scored on the same SKUs).
DEMO_CONFIG = ForecastConfig(
    area_models=("Theta", "WindowAverage", "Naive"),
    retailer_models=("CrostonSBA", "ADIDA"),
    retailer_history_weeks=26,
)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _top_skus(dept: MarketingDepartment, before: date) -> list[int]:
    """The department's ``ROUND_SKUS`` best sellers over the three months before ``before``."""
    rows = (
        OrderLine.objects.filter(
            order__retailer__area__department=dept,
            order__order_date__gte=months_back(before, 3),
            order__order_date__lt=before,
        )
        .exclude(order__status=OrderStatus.CANCELLED)
        .values("sku")
        .annotate(q=Sum("quantity"))
        .order_by("-q", "sku")[:ROUND_SKUS]
    )
    return [r["sku"] for r in rows]


def _sales(rnd: ForecastRound, first: date, last: date) -> dict[tuple[int, int], int]:
    """条 per (retailer, SKU) of the round's retailers and SKUs ordered from first to last."""
    rows = (
        OrderLine.objects.filter(
            order__retailer__in=rnd.members.values("retailer_id"),
            sku__in=rnd.skus.all(),
            order__order_date__gte=first,
            order__order_date__lte=last,
        )
        .exclude(order__status=OrderStatus.CANCELLED)
        .values_list("order__retailer_id", "sku_id")
        .annotate(q=Sum("quantity"))
        .order_by()
    )
    return {(r, s): int(q) for r, s, q in rows}


def _enter(
    rnd: ForecastRound,
    basis: dict[tuple[int, int], int],
    rng: np.random.Generator,
    now: datetime,
    managers: set[int] | None = None,
) -> int:
    """Each customer manager enters noisy ``basis`` values for their round retailers."""
    by_manager: dict[int, list[Entry]] = defaultdict(list)
    members = rnd.members.filter(retailer__customer_manager__isnull=False).values_list(
        "retailer_id", "retailer__customer_manager_id"
    )
    skus = sorted(rnd.skus.values_list("pk", flat=True))
    for retailer_id, manager_id in members.order_by("retailer_id"):
        for sku_id in skus:
            base = basis.get((retailer_id, sku_id), 0)
            noise = rng.lognormal(0.0, NOISE_SIGMA)
            if managers is None or manager_id in managers:
                by_manager[manager_id].append(Entry(retailer_id, sku_id, int(round(base * noise))))
    staff = Staff.objects.select_related("user").in_bulk(list(by_manager))
    entered = 0
    for manager_id in sorted(by_manager):
        entered += do_enter_forecasts(
            round=rnd, user=staff[manager_id].user, entries=by_manager[manager_id], now=now
        )
    return entered


def _correct(rnd: ForecastRound, actual: dict[tuple[int, int], int], now: datetime) -> int:
    """Each area's market manager corrects the values furthest from the actual orders."""
    corrected = 0
    for market in Staff.objects.filter(
        department=rnd.department, role=Role.MARKET_MANAGER, area__isnull=False
    ).select_related("user"):
        values = CollectedForecast.objects.filter(round=rnd, retailer__area=market.area)
        worst = sorted(
            values,
            key=lambda f: (-abs(f.qty - actual.get((f.retailer_id, f.sku_id), 0)), f.pk),
        )[:CORRECTIONS_PER_AREA]
        for fc in worst:
            do_correct_forecast(
                forecast=fc,
                qty=actual.get((fc.retailer_id, fc.sku_id), 0),
                user=market.user,
                reason="电话回访零售户核实需求",
                now=now,
            )
            corrected += 1
    return corrected


def derive_forecast_demo(
    *,
    dept: MarketingDepartment,
    today: date,
    seed: int,
    progress: ProgressFn = no_progress,
    config: ForecastConfig = DEMO_CONFIG,
) -> str:
    """Last month collected, corrected, submitted, forecast and scored; next month's round
    open with some values entered. Returns a summary line."""
    director = Staff.objects.get(department=dept, role=Role.DIRECTOR).user
    this_month = today.replace(day=1)
    last_month = months_back(this_month, 1)
    next_month = months_back(this_month, -1)
    skus = _top_skus(dept, last_month)
    rng = np.random.default_rng(seed + 5)

    collect_from = months_back(last_month, 1)
    deadline = _at(collect_from.replace(day=DEADLINE_DAY), 18)
    closed = do_open_round(
        department=dept,
        month=last_month,
        sku_ids=skus,
        deadline=deadline,
        seed=seed,
        opened_by=director,
    )
    actual = _sales(closed, last_month, month_end(last_month))
    entered = _enter(closed, actual, rng, deadline - timedelta(days=3))
    corrected = _correct(closed, actual, deadline - timedelta(days=1))
    do_review_round(round=closed, user=director)
    do_submit_round(round=closed, user=director)
    run = do_run_statistical_forecast(
        department=dept,
        month=last_month,
        run_by=director,
        config=config,
        sku_ids=skus,
        progress=progress,
    )
    do_score_month(department=dept, month=last_month, today=today)
    # Every SKU this time: the quota review sets each retailer's whole-month forecast beside
    # its total, and a sum over the round's five SKUs would read as a fraction of it.
    current = do_run_statistical_forecast(
        department=dept, month=this_month, run_by=director, config=config, progress=progress
    )

    open_deadline = _at(max(this_month.replace(day=DEADLINE_DAY), today + timedelta(days=5)), 18)
    upcoming = do_open_round(
        department=dept,
        month=next_month,
        sku_ids=skus,
        deadline=open_deadline,
        seed=seed + 1,
        opened_by=director,
    )
    recent = _sales(upcoming, last_month, month_end(last_month))
    managers = sorted(
        Staff.objects.filter(department=dept, role=Role.CUSTOMER_MANAGER).values_list(
            "pk", flat=True
        )
    )
    started = {m for m in managers if rng.random() < OPEN_ROUND_ENTRY_SHARE}
    entered_next = _enter(upcoming, recent, rng, _at(today, 9), managers=started)
    return (
        f"forecasts: {last_month:%Y-%m} round of {closed.members.count()} retailers × "
        f"{len(skus)} SKUs ({entered} values, {corrected} corrected, submitted), statistical "
        f"run of {run.forecasts.count()} series, scored; {this_month:%Y-%m} statistical run of "
        f"{current.forecasts.count()} series; "
        f"{next_month:%Y-%m} round open until {timezone.localtime(open_deadline):%m-%d} "
        f"({entered_next} values entered)"
    )
