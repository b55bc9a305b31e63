"""Reads: a retailer's quota and allowances, allocation runs, and the monthly quota review."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import polars as pl
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet, Sum

from jinye.catalog.models import Sku
from jinye.engines import quota as quota_engine
from jinye.orders.models import Order, OrderLine, OrderStatus
from jinye.org.models import MarketingDepartment
from jinye.periods import Month, Week
from jinye.retailers.models import Retailer
from jinye.supply import explain
from jinye.supply.models import (
    AllocationRun,
    Allowance,
    DemandRecord,
    MonthlyQuota,
    QuotaPolicy,
    RunStatus,
    WeeklySupply,
)


@dataclass(frozen=True)
class RetailerSupply:
    """What a retailer may order: the month's quota and this week's published allowances."""

    retailer: Retailer
    month: str
    week: date
    quota: MonthlyQuota | None
    allowances: list[Allowance]


def retailer_supply(retailer: Retailer, on: date) -> RetailerSupply:
    month, week = str(Month.containing(on)), Week.containing(on).first
    quota = MonthlyQuota.objects.filter(retailer=retailer, month=month).first()
    allowances = list(
        Allowance.objects.filter(retailer=retailer, week=week, run__status=RunStatus.PUBLISHED)
        .select_related("sku")
        .order_by("sku__code")
    )
    return RetailerSupply(retailer, month, week, quota, allowances)


RECENT_WEEKS = 13  # "what you usually order" looks back a quarter


@dataclass(frozen=True)
class OrderableSku:
    code: str
    name: str
    brand: str
    price: Decimal  # wholesale, per 条
    scarce: bool
    left: int | None  # a scarce SKU's allowance left this week (0: none published)
    recent: int  # 条 the retailer ordered in the last RECENT_WEEKS weeks

    @property
    def closed(self) -> bool:
        """A scarce SKU with nothing left this week cannot be ordered."""
        return self.scarce and not self.left


def orderable_skus(retailer: Retailer, on: date) -> list[OrderableSku]:
    """Every active SKU; first those the retailer ordered in the last 13 weeks (most first),
    then the rest brand by brand. Scarce ones carry what this week's allowance leaves."""
    left = {a.sku_id: a.remaining for a in retailer_supply(retailer, on).allowances}
    recent = dict(
        OrderLine.objects.filter(
            order__retailer=retailer,
            order__order_date__gte=on - timedelta(weeks=RECENT_WEEKS),
            order__order_date__lte=on,
        )
        .exclude(order__status=OrderStatus.CANCELLED)
        .values_list("sku_id")
        .annotate(n=Sum("quantity"))
    )
    rows = [
        OrderableSku(
            s.code,
            s.name,
            s.brand.name,
            s.wholesale_price,
            s.scarce,
            left.get(s.pk, 0) if s.scarce else None,
            int(recent.get(s.pk, 0)),
        )
        for s in Sku.objects.filter(active=True)
        .select_related("brand")
        .order_by("brand__code", "code")
    ]
    return sorted(rows, key=lambda r: -r.recent)  # stable: the rest keep brand order


def runs_for(department: MarketingDepartment) -> QuerySet[AllocationRun]:
    return AllocationRun.objects.filter(department=department).select_related("sku")


def run_allowances(run: AllocationRun, retailers: QuerySet[Retailer]) -> QuerySet[Allowance]:
    """The run's allowances for the retailers the reader may see, largest first."""
    return (
        run.allowances.filter(retailer__in=retailers)
        .select_related("retailer")
        .order_by("-quantity", "retailer__licence_no")
    )


def tier_totals(run: AllocationRun) -> list[dict[str, int]]:
    """Requested and allocated 条 per tier (the run page's chart)."""
    rows = (
        run.allowances.values("tier")
        .annotate(requested=Sum("request"), allocated=Sum("quantity"))
        .order_by("tier")
    )
    return [
        {"tier": r["tier"], "requested": r["requested"] or 0, "allocated": r["allocated"] or 0}
        for r in rows
    ]


@dataclass(frozen=True)
class QuotaReviewRow:
    quota: MonthlyQuota
    flag: str
    flag_label: str
    reason: str
    forecast: int | None = None  # the month's forecast, 条 over all SKUs (None: no forecast)
    forecast_source: str = ""  # collected, statistical or both


def month_forecasts(retailer_ids: list[int], month: str) -> dict[int, tuple[int, str]]:
    """Per retailer: the month's forecast summed over SKUs (a submitted round's collected
    value where there is one, else the statistical forecast) and where it came from."""
    from jinye.forecasts.selectors import next_month_forecast

    start = Month.parse(month).first
    totals: dict[int, int] = {}
    sources: dict[int, set[str]] = {}
    for (rid, _sku), f in next_month_forecast(retailer_ids, start).items():
        totals[rid] = totals.get(rid, 0) + f.qty
        sources.setdefault(rid, set()).add(str(f.source))
    return {
        rid: (n, "both" if len(sources[rid]) > 1 else next(iter(sources[rid])))
        for rid, n in totals.items()
    }


def quota_policy(department: MarketingDepartment) -> QuotaPolicy:
    """The department's quota policy; until one is saved, the defaults, unsaved (a read
    writes nothing)."""
    return QuotaPolicy.objects.filter(department=department).first() or QuotaPolicy(
        department=department
    )


def _band_of(quota: MonthlyQuota, config: quota_engine.QuotaConfig) -> float:
    """The band ``quota``'s total was set with: stored with the total, or for a total stored
    before bands were per scale the department's single band of the day; failing both,
    today's band of its scale (medium when even the scale is unknown)."""
    inputs = quota.inputs or {}
    for band in (inputs.get("band"), (inputs.get("config") or {}).get("band")):
        if isinstance(band, int | float):
            return float(band)
    return config.bands.get(str(inputs.get("scale")), config.bands["medium"])


def quota_review(
    retailers: QuerySet[Retailer],
    month: str,
    *,
    department: MarketingDepartment,
    today: date | None = None,
) -> list[QuotaReviewRow]:
    """Each visible retailer's quota for ``month`` with the review flag from the engine.
    While the month runs (``today`` inside it) nobody is flagged too large yet."""
    config = quota_policy(department).engine_config()
    start, end = Month.parse(month).bounds
    quotas = list(
        MonthlyQuota.objects.filter(month=month, retailer__in=retailers)
        .select_related("retailer")
        .order_by("retailer__licence_no")
    )
    if not quotas:
        return []
    ids = [q.retailer_id for q in quotas]
    daily: dict[int, list[tuple[int, int]]] = {}
    for rid, day, qty in (
        OrderLine.objects.filter(order__retailer_id__in=ids, order__order_date__range=(start, end))
        .exclude(order__status=OrderStatus.CANCELLED)
        .values_list("order__retailer_id", "order__order_date")
        .annotate(q=Sum("quantity"))
        .order_by("order__retailer_id", "order__order_date")
    ):
        daily.setdefault(rid, []).append((day.day, int(qty)))
    early, reached = [], []
    for q in quotas:
        days = daily.get(q.retailer_id, [])
        early.append(sum(n for d, n in days if d <= config.surge_days))
        running, hit = 0, None
        for d, n in days:
            running += n
            if hit is None and running >= q.ceiling * config.exhaust_share:
                hit = d
        reached.append(hit)
    bands = [_band_of(q, config) for q in quotas]
    usage = pl.DataFrame(
        {
            "retailer_id": ids,
            "agreed": [q.agreed for q in quotas],
            "band": bands,
            "ceiling": [q.ceiling for q in quotas],
            "used": [q.ordered for q in quotas],
            "early": early,
            "reached_on": reached,
        },
        schema_overrides={"reached_on": pl.Int64},
    )
    days_in_month = Month.containing(start).days
    flags = quota_engine.review(usage, days_in_month=days_in_month, config=config)
    running_month = today is not None and start <= today <= end
    forecasts = month_forecasts(ids, month)
    out = []
    policy = {
        "surge_days": config.surge_days,
        "surge_pct": round(config.surge_share * 100),
        "exhaust_pct": round(config.exhaust_share * 100),
    }
    rows = zip(
        quotas,
        bands,
        early,
        reached,
        flags.select("flag", "reason", "days_left").iter_rows(),
        strict=True,
    )
    for q, band, first_days, reached_on, (flag, code, days_left) in rows:
        if running_month and flag == quota_engine.FLAG_TOO_LARGE:
            flag, code = quota_engine.FLAG_OK, explain.REASON_RUNNING
        params = {
            **policy,
            "band_pct": round(band * 100),
            "early": first_days,
            "ceiling": q.ceiling,
            "used": q.ordered,
            "agreed": q.agreed,
            "reached_on": reached_on,
            "days_left": days_left,
        }
        reason = explain.review_reason(code, params)
        fc, source = forecasts.get(q.retailer_id, (None, ""))
        out.append(QuotaReviewRow(q, flag, explain.flag_label(flag), reason, fc, source))
    return out


def demands_visible(retailers: QuerySet[Retailer]) -> QuerySet[DemandRecord]:
    """Recorded demand of the retailers the reader may see, newest first."""
    return DemandRecord.objects.filter(retailer__in=retailers).select_related(
        "retailer", "recorded_by", "verified_by", "rejected_by", "order"
    )


def pending_demands(retailers: QuerySet[Retailer]) -> QuerySet[DemandRecord]:
    """Recorded demand still waiting for a market manager's verification or rejection."""
    return demands_visible(retailers).filter(verified_at__isnull=True, rejected_at__isnull=True)


def orders_entered_by(user: AbstractBaseUser | AnonymousUser, *, limit: int) -> list[Order]:
    """The ``limit`` orders ``user`` entered last, newest first, with their cancellation if
    any and ``cartons`` (their lines' total).

    Two statements on purpose: the newest orders first (the (entered_by, created_at) index
    stops the scan at ``limit``), then the cartons of those orders only. Summing the lines in
    the first statement grouped every order the person ever entered before it could sort and
    cut: 2.8 s for a clerk with 60,000 phone orders (``bench/order_entry_page.py``)."""
    orders = list(
        Order.objects.filter(entered_by_id=user.pk)
        .select_related("retailer", "cancellation__cancelled_by")
        .order_by("-created_at", "-pk")[:limit]
    )
    cartons = dict(
        OrderLine.objects.filter(order_id__in=[o.pk for o in orders])
        .values_list("order_id")
        .annotate(n=Sum("quantity"))
        .order_by()
    )
    for o in orders:
        o.cartons = int(cartons.get(o.pk, 0))  # type: ignore[attr-defined]
    return orders


def week_supplied_skus(monday: date) -> list[Sku]:
    """The SKUs with a supply recorded for the week of ``monday``, by code."""
    return [
        row.sku
        for row in WeeklySupply.objects.filter(week=monday)
        .select_related("sku")
        .order_by("sku__code")
    ]
