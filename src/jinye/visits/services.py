"""Writes of the visit service: rules, plans, the visit log and month closing."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import polars as pl
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinye import access, limits
from jinye.catalog.models import Sku
from jinye.engines import visit_plan as engine
from jinye.engines.reasons import Refusal
from jinye.engines.routing import order_stops
from jinye.errors import Invalid, Problem
from jinye.org.models import MarketingDepartment, Role, Staff
from jinye.periods import Month
from jinye.progress import ProgressFn, no_progress
from jinye.retailers.models import Retailer, RetailerStatus
from jinye.visits import explain, selectors
from jinye.visits.models import (
    ClosedMonth,
    PlanDay,
    PlanStop,
    Visit,
    VisitPlan,
    VisitRule,
    VisitRuleChange,
    VisitSettings,
    VisitSkuInfo,
)


def do_update_visit_rule(
    *,
    user: User,
    rule: VisitRule,
    cm_visits: int,
    cm_period: str,
    mm_visits: int,
) -> VisitRule:
    """Change a star's rule (director only), recording who, when, old and new."""
    access.require(user, "change_visit_rules")
    old = {"cm_visits": rule.cm_visits, "cm_period": rule.cm_period, "mm_visits": rule.mm_visits}
    new = {"cm_visits": cm_visits, "cm_period": cm_period, "mm_visits": mm_visits}
    if old == new:
        return rule
    for field, value in new.items():
        setattr(rule, field, value)
    rule.full_clean()
    with transaction.atomic():
        rule.save()
        VisitRuleChange.objects.create(rule=rule, changed_by=user, old=old, new=new)
    return rule


def do_close_month(*, user: User, month: str) -> ClosedMonth:
    """Close ``month`` (YYYY-MM) for the director's department: no more visits dated in it."""
    staff = access.require(user, "close_visit_month")
    label = str(Month.parse(month))
    closed, _created = ClosedMonth.objects.get_or_create(
        department=staff.department, month=label, defaults={"closed_by": user}
    )
    return closed


@dataclass(frozen=True)
class _Computed:
    staff: Staff
    base: tuple[float, float]
    days: list[tuple[date, int, str, list[tuple[int, str]]]]  # day, metres, method, stops


def _retailer_frame(retailers: Sequence[Retailer], stars: dict[int, Any]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "retailer_id": [r.pk for r in retailers],
            "star": [str(stars[r.pk]) for r in retailers],
            "latitude": [r.latitude for r in retailers],
            "longitude": [r.longitude for r in retailers],
        },
        schema={
            "retailer_id": pl.Int64,
            "star": pl.String,
            "latitude": pl.Float64,
            "longitude": pl.Float64,
        },
    )


def _compute_plan(
    staff: Staff, retailers: list[Retailer], sample: set[int], month: date, cfg: VisitSettings
) -> _Computed:
    rules = selectors.engine_rules()
    days = engine.working_days(month, weekdays=cfg.weekday_set(), holidays=cfg.holiday_dates())
    frame = _retailer_frame(retailers, selectors.stars_of([r.pk for r in retailers]))
    role = "market_manager" if staff.role == Role.MARKET_MANAGER else "customer_manager"
    frame = engine.required_visits(frame, rules, days, role=role)
    if sample:
        frame = frame.with_columns(
            (pl.col("required") + pl.col("retailer_id").is_in(list(sample)).cast(pl.Int64)),
            pl.when(pl.col("retailer_id").is_in(list(sample)))
            .then(pl.lit("sample"))
            .otherwise(pl.lit("policy"))
            .alias("reason"),
        )
    base = selectors.base_of(staff, retailers)
    weekly = [s for s, rule in rules.items() if rule.cm_period == engine.Period.WEEK]
    placed = engine.plan_month(
        frame,
        days=days,
        base=base,
        capacity=cfg.daily_capacity,
        weekly_stars=weekly if role == "customer_manager" else (),
    )
    coords = {r.pk: (r.latitude or base[0], r.longitude or base[1]) for r in retailers}
    out = []
    for (day,), group in placed.group_by(["day"], maintain_order=True):
        ids = group["retailer_id"].to_list()
        reasons = group["reason"].to_list()
        route = order_stops(base, [coords[i] for i in ids], time_limit=cfg.route_seconds)
        stops = [(ids[i], reasons[i]) for i in route.order]
        out.append((day, route.length_m, route.method, stops))
    return _Computed(staff=staff, base=base, days=out)


def do_generate_month_plans(
    *,
    department: MarketingDepartment,
    month: str,
    progress: ProgressFn = no_progress,
) -> list[VisitPlan]:
    """Build every active customer and market manager's plan for ``month`` (YYYY-MM).

    All plans are computed first, then written in one transaction: for each manager the
    month's stops not yet visited are replaced; visited stops are kept."""
    this = Month.parse(month)
    first, label = this.first, str(this)
    cfg = VisitSettings.current()
    managers = list(
        Staff.objects.filter(
            department=department,
            active=True,
            role__in=[Role.CUSTOMER_MANAGER, Role.MARKET_MANAGER],
        ).select_related("area")
    )
    open_retailers = list(
        Retailer.objects.filter(area__department=department, status=RetailerStatus.OPEN)
    )
    computed = []
    for n, staff in enumerate(managers, start=1):
        if staff.role == Role.CUSTOMER_MANAGER:
            mine = [r for r in open_retailers if r.customer_manager_id == staff.pk]
            sample: set[int] = set()
        else:
            mine = [r for r in open_retailers if r.area_id == staff.area_id]
            sample = set(
                engine.sample_retailers(
                    [r.pk for r in mine],
                    month=label,
                    area=staff.area.code if staff.area else "",
                    share=float(cfg.sample_share),
                )
            )
        try:
            computed.append(_compute_plan(staff, mine, sample, first, cfg))
        except ValueError as exc:  # the engine's reason the month cannot hold the visits
            message = _("%(name)s (%(no)s): %(reason)s") % {
                "name": staff.name,
                "no": staff.employee_no,
                "reason": explain.plan_refusal(exc),
            }
            problems = [Problem("plan_impossible", message)]
            if isinstance(exc, Refusal) and exc.code == "frequency_unmet":
                problems += [
                    Problem("visits_short", line)
                    for line in explain.short_retailers(exc.params["retailers"], mine)
                ]
            raise Invalid(message, code="plan_impossible", problems=problems) from exc
        progress(n, len(managers), f"visit plans {label}")
    with transaction.atomic():
        return [_store_plan(c, label) for c in computed]


def _store_plan(c: _Computed, label: str) -> VisitPlan:
    plan, _created = VisitPlan.objects.update_or_create(
        staff=c.staff,
        month=label,
        defaults={"base_latitude": c.base[0], "base_longitude": c.base[1]},
    )
    PlanStop.objects.filter(plan_day__plan=plan, visit__isnull=True).delete()
    done = set(
        PlanStop.objects.filter(plan_day__plan=plan).values_list("retailer_id", "plan_day__day")
    )
    PlanDay.objects.filter(plan=plan, stops__isnull=True).delete()
    existing = {d.day: d for d in PlanDay.objects.filter(plan=plan)}
    new_stops: list[PlanStop] = []
    for day, metres, method, stops in c.days:
        plan_day = existing.get(day)
        if plan_day is None:
            plan_day = PlanDay.objects.create(plan=plan, day=day, distance_m=metres, method=method)
        else:
            plan_day.distance_m, plan_day.method = metres, method
            plan_day.save(update_fields=["distance_m", "method"])
        new_stops.extend(
            PlanStop(plan_day=plan_day, seq=seq, retailer_id=rid, reason=reason)
            for seq, (rid, reason) in enumerate(stops, start=1)
            if (rid, day) not in done
        )
    PlanStop.objects.bulk_create(new_stops)
    return plan


@dataclass(frozen=True)
class SkuSeen:
    sku_id: int
    stock: int
    retail_price: Decimal | None = None


VISIT_YEARS = (2000, 2100)  # a check-in outside these years is a typo or a broken clock
# A phone's clock may run a little ahead of the server's; later than this is in the future.
CLOCK_SKEW = timedelta(minutes=10)
# Two check-ins of one person at one retailer closer than this are one visit logged twice
# (each visit counts towards the visit and market-information KPIs).
DUPLICATE_WITHIN = timedelta(minutes=30)


@dataclass(frozen=True)
class VisitIn:
    """One visit as a customer manager logs it (the form, or a phone syncing a day's log)."""

    retailer_id: int
    checked_in_at: datetime
    guidance: bool = False
    guidance_content: str = ""
    observations: str = ""
    complaints: str = ""
    skus: Sequence[SkuSeen] = ()


def do_record_visit(
    *,
    user: AbstractBaseUser | AnonymousUser,
    retailer_id: int,
    checked_in_at: datetime,
    guidance: bool = False,
    guidance_content: str = "",
    observations: str = "",
    complaints: str = "",
    skus: Sequence[SkuSeen] = (),
    now: datetime | None = None,
) -> Visit:
    """Record a visit by ``user`` to a retailer in their scope; linked to that day's plan stop
    when one exists. Raises Invalid (a problem per field) and stores nothing on bad input."""
    visit = VisitIn(
        retailer_id, checked_in_at, guidance, guidance_content, observations, complaints, skus
    )
    try:
        return do_record_visits(user=user, visits=[visit], now=now)[0]
    except Invalid as refused:
        raise Invalid(problems=[replace(p, row=None) for p in refused.problems]) from None


def do_record_visits(
    *,
    user: AbstractBaseUser | AnonymousUser,
    visits: Sequence[VisitIn],
    now: datetime | None = None,
) -> list[Visit]:
    """Record ``visits`` by ``user``, all or none, each linked to that day's open plan stop
    for its retailer when there is one. A visit must be to a retailer in ``user``'s scope,
    dated in a month that is not closed, describe guidance it claims, and list known SKUs
    once each with non-negative stock and price. Reads and writes a fixed number of
    statements whatever the batch size. Refused visits raise Invalid (code ``visits_refused``)
    with a problem per reason, its ``row`` the visit's 1-based place in ``visits``; nothing of
    the batch is stored then. A check-in later than ``now`` (default: the clock) is refused,
    as is a second check-in at one retailer within :data:`DUPLICATE_WITHIN`."""
    staff = access.require(user, "record_visits")
    ids = sorted({v.retailer_id for v in visits})
    retailers = {r.pk: r for r in access.retailers(staff).filter(pk__in=ids)}
    stamped = [
        v.checked_in_at
        if timezone.is_aware(v.checked_in_at)
        else timezone.make_aware(v.checked_in_at)
        for v in visits
    ]
    days = [timezone.localdate(at) for at in stamped]
    closed = set(
        ClosedMonth.objects.filter(
            department_id__in={r.area.department_id for r in retailers.values()},
            month__in={d.strftime("%Y-%m") for d in days},
        ).values_list("department_id", "month")
    )
    known = set(
        Sku.objects.filter(pk__in={s.sku_id for v in visits for s in v.skus}).values_list(
            "pk", flat=True
        )
    )
    problems: list[Problem] = []
    for n, (v, day) in enumerate(zip(visits, days, strict=True), start=1):
        retailer = retailers.get(v.retailer_id)
        if retailer is not None and not access.can(staff, "record_visits", retailer):
            message = _("You may not record visits to %(name)s.") % {"name": retailer.name}
            problems.append(Problem("not_allowed", message, "retailer", n))
            continue
        problems += [replace(p, row=n) for p in _visit_problems(v, day, retailer, closed, known)]
    if not problems:
        problems = _timing_problems(
            staff, [v.retailer_id for v in visits], stamped, now or timezone.now()
        )
    if problems:
        raise Invalid(_("The visits were not stored."), code="visits_refused", problems=problems)
    with transaction.atomic():
        open_stops: dict[tuple[date, int], list[PlanStop]] = {}
        for stop in (
            PlanStop.objects.select_for_update(of=("self",))
            .filter(
                plan_day__plan__staff=staff,
                plan_day__day__in=set(days),
                retailer_id__in=ids,
                visit__isnull=True,
            )
            .select_related("plan_day")
            .order_by("plan_day__day", "seq")
        ):
            open_stops.setdefault((stop.plan_day.day, stop.retailer_id), []).append(stop)
        stored = Visit.objects.bulk_create(
            Visit(
                staff=staff,
                retailer=retailers[v.retailer_id],
                checked_in_at=at,
                stop=_take_stop(open_stops, day, v.retailer_id),
                guidance=v.guidance,
                guidance_content=v.guidance_content.strip(),
                observations=v.observations.strip(),
                complaints=v.complaints.strip(),
            )
            for v, at, day in zip(visits, stamped, days, strict=True)
        )
        VisitSkuInfo.objects.bulk_create(
            VisitSkuInfo(visit=visit, sku_id=s.sku_id, stock=s.stock, retail_price=s.retail_price)
            for visit, v in zip(stored, visits, strict=True)
            for s in v.skus
        )
    return stored


def _timing_problems(
    staff: Staff, retailer_ids: list[int], stamped: list[datetime], now: datetime
) -> list[Problem]:
    """Check-ins in the future, and a check-in within :data:`DUPLICATE_WITHIN` of another one
    of the same person at the same retailer (earlier in the batch or already stored)."""
    problems: list[Problem] = []
    for n, at in enumerate(stamped, start=1):
        if at > now + CLOCK_SKEW:
            message = _("The check-in time %(at)s is in the future; a visit is logged after it.")
            shown = timezone.localtime(at).strftime("%Y-%m-%d %H:%M")
            problems.append(Problem("future_visit", message % {"at": shown}, "checked_in_at", n))
    if problems:
        return problems
    earlier: dict[int, list[datetime]] = {}
    for visit in Visit.objects.filter(
        staff=staff,
        retailer_id__in=set(retailer_ids),
        checked_in_at__range=(min(stamped) - DUPLICATE_WITHIN, max(stamped) + DUPLICATE_WITHIN),
    ).only("retailer_id", "checked_in_at"):
        earlier.setdefault(visit.retailer_id, []).append(visit.checked_in_at)
    for n, (retailer_id, at) in enumerate(zip(retailer_ids, stamped, strict=True), start=1):
        times = earlier.setdefault(retailer_id, [])
        if any(abs(at - other) < DUPLICATE_WITHIN for other in times):
            message = _(
                "A visit to this retailer at %(at)s is already logged within %(minutes)s minutes; "
                "log each visit once."
            ) % {
                "at": timezone.localtime(at).strftime("%Y-%m-%d %H:%M"),
                "minutes": int(DUPLICATE_WITHIN.total_seconds() // 60),
            }
            problems.append(Problem("duplicate_visit", message, "checked_in_at", n))
        times.append(at)
    return problems


def _take_stop(
    open_stops: dict[tuple[date, int], list[PlanStop]], day: date, retailer_id: int
) -> PlanStop | None:
    """The day's first open stop at the retailer, used up (a second visit gets the next)."""
    stops = open_stops.get((day, retailer_id))
    return stops.pop(0) if stops else None


def _visit_problems(
    v: VisitIn,
    day: date,
    retailer: Retailer | None,
    closed: set[tuple[int, str]],
    known: set[int],
) -> list[Problem]:
    """What is wrong with one visit (the first of scope, closed month and guidance alone, as
    the form shows them; every SKU row problem)."""
    if retailer is None:
        message = _("Retailer %(id)s does not exist or is outside your scope.") % {
            "id": v.retailer_id
        }
        return [Problem("retailer_out_of_scope", message, "retailer")]
    if not VISIT_YEARS[0] <= day.year <= VISIT_YEARS[1]:
        message = _("A visit dated %(d)s is out of range (years %(a)s–%(b)s).") % {
            "d": day.isoformat(),
            "a": VISIT_YEARS[0],
            "b": VISIT_YEARS[1],
        }
        return [Problem("date_out_of_range", message, "checked_in_at")]
    if (retailer.area.department_id, day.strftime("%Y-%m")) in closed:
        message = _("Month %(m)s is closed; visits dated in it cannot be recorded.") % {
            "m": day.strftime("%Y-%m")
        }
        return [Problem("month_closed", message, "checked_in_at")]
    if v.guidance and not v.guidance_content.strip():
        message = _("Describe the business guidance given.")
        return [Problem("guidance_missing", message, "guidance_content")]
    errors: list[Problem] = []
    for n, item in enumerate(v.skus, start=1):
        if item.sku_id not in known:
            message = _("Row %(n)s: unknown SKU %(id)s.") % {"n": n, "id": item.sku_id}
            errors.append(Problem("unknown_sku", message, "skus"))
        if item.stock < 0:
            message = _("Row %(n)s: stock must be a non-negative number of cartons.") % {"n": n}
            errors.append(Problem("negative_stock", message, "skus"))
        if item.retail_price is not None and item.retail_price < 0:
            message = _("Row %(n)s: retail price must not be negative.") % {"n": n}
            errors.append(Problem("negative_price", message, "skus"))
        errors += _over_limit(n, item)
    seen_ids = [s.sku_id for s in v.skus]
    if len(set(seen_ids)) != len(seen_ids):
        errors.append(Problem("duplicate_sku", _("Each SKU may appear only once."), "skus"))
    return errors


def _over_limit(n: int, item: SkuSeen) -> list[Problem]:
    """A SKU row's stock or price above its domain limit (negatives are reported apart)."""
    label = _("Row %(n)s") % {"n": n}
    values = [(limits.STOCK, item.stock), (limits.PRICE, item.retail_price)]
    return [
        Problem(refusal[0], refusal[1], "skus")
        for limit, value in values
        if value is not None
        and value > limit.high
        and (refusal := limit.refusal(value, label=label)) is not None
    ]
