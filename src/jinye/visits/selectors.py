"""Reads of the visit service: rules, bases, plans in scope, closed months and coverage."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from jinye.engines import visit_plan as engine
from jinye.engines.stars import StarLevel
from jinye.org.models import Role, Staff
from jinye.periods import Month
from jinye.ratings.selectors import current_stars
from jinye.retailers.models import Retailer
from jinye.visits.models import (
    ClosedMonth,
    ManagerBase,
    PlanStop,
    Star,
    Visit,
    VisitPlan,
    VisitRule,
    VisitSkuInfo,
)


def engine_rules() -> dict[str, engine.StarRule]:
    """The stored visit rules as the plan engine's ``StarRule`` per star code."""
    return {
        r.star: engine.StarRule(r.cm_visits, engine.Period(r.cm_period), r.mm_visits)
        for r in VisitRule.objects.all()
    }


def stars_of(retailer_ids: Iterable[int]) -> dict[int, StarLevel]:
    """Current stars from the ratings app (NEW for a retailer never rated)."""
    return current_stars(retailer_ids)


def base_of(staff: Staff, retailers: Sequence[Retailer]) -> tuple[float, float]:
    """The manager's stored base, else the centroid of their retailers with coordinates,
    else (0, 0) when nothing is known."""
    stored = ManagerBase.objects.filter(staff=staff).first()
    if stored is not None:
        return (stored.latitude, stored.longitude)
    points = [(r.latitude, r.longitude) for r in retailers if r.latitude is not None]
    if not points:
        return (0.0, 0.0)
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points if p[1] is not None) / len(points),
    )


def is_month_closed(department_id: int, day: date) -> bool:
    return ClosedMonth.objects.filter(
        department_id=department_id, month=day.strftime("%Y-%m")
    ).exists()


@dataclass(frozen=True)
class DayView:
    day: date
    distance_km: float
    method: str
    stops: list[PlanStop]


def plan_days(plan: VisitPlan) -> list[DayView]:
    """The plan's days in order, each with its stops in route order."""
    stops = (
        PlanStop.objects.filter(plan_day__plan=plan)
        .select_related("retailer", "plan_day", "visit")
        .order_by("plan_day__day", "seq")
    )
    by_day: dict[int, list[PlanStop]] = defaultdict(list)
    for stop in stops:
        by_day[stop.plan_day_id].append(stop)
    return [
        DayView(d.day, round(d.distance_m / 1000, 1), d.method, by_day.get(d.pk, []))
        for d in plan.days.order_by("day")
    ]


@dataclass(frozen=True)
class CoverageRow:
    key: str
    label: str
    planned: int
    done_planned: int
    visits: int

    @property
    def rate(self) -> float | None:
        return round(100 * self.done_planned / self.planned, 1) if self.planned else None


@dataclass(frozen=True)
class BelowRow:
    retailer: Retailer
    star: StarLevel
    required: int
    visits: int

    @property
    def star_label(self) -> str:
        return star_label(self.star)


def star_label(star: StarLevel) -> str:
    """The star level's name in the active language."""
    return str(Star(star.value).label)


@dataclass(frozen=True)
class Coverage:
    start: date
    end: date
    by_manager: list[CoverageRow]
    by_star: list[CoverageRow]
    by_area: list[CoverageRow]
    below: list[BelowRow]
    retailers: int
    unvisited: list[Retailer]  # not visited at all within the period


def required_in_period(rule: VisitRule, start: date, end: date) -> int:
    """Customer-manager visits a retailer under ``rule`` needs in [start, end]: the weekly
    count per calendar week the period owns (its Thursday in the period, the plan's rule:
    :func:`jinye.engines.visit_plan.week_thursday`), or the monthly count per calendar month
    touched, scaled by the share of the month covered (rounded, at least 1 for any whole month)."""
    days = (end - start).days + 1
    if rule.cm_period == "week":
        thursdays = {engine.week_thursday(start + timedelta(days=i)) for i in range(days)}
        return rule.cm_visits * sum(1 for t in thursdays if start <= t <= end)
    total = 0.0
    cursor = start
    while cursor <= end:
        month = Month.containing(cursor)
        last = min(end, month.last)
        span = (last - cursor).days + 1
        total += max(rule.cm_visits, 1) * span / month.days
        cursor = last + timedelta(days=1)
    return max(1, round(total)) if days >= 28 else round(total)


def coverage(retailers: QuerySet[Retailer], start: date, end: date) -> Coverage:
    """Plan vs done for ``retailers`` (already scoped) in [start, end], by manager, star and
    area; retailers below their rule's frequency; retailers with no visit at all.

    planned = plan stops on days in the period; done_planned = of those, the ones linked to a
    recorded visit; visits = all recorded visits (planned or not) in the period."""
    ids = list(retailers.values_list("pk", flat=True))
    stars = stars_of(ids)
    rules = {r.star: r for r in VisitRule.objects.all()}
    stops = list(
        PlanStop.objects.filter(
            retailer_id__in=ids, plan_day__day__gte=start, plan_day__day__lte=end
        ).values_list(
            "retailer_id",
            "plan_day__plan__staff_id",
            "plan_day__plan__staff__name",
            "visit__id",
        )
    )
    tz = timezone.get_current_timezone()
    lo = timezone.make_aware(datetime.combine(start, time.min), tz)
    hi = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    visits = list(
        Visit.objects.filter(
            retailer_id__in=ids, checked_in_at__gte=lo, checked_in_at__lt=hi
        ).values_list("retailer_id", "staff_id", "staff__name", "staff__role")
    )
    info = {r.pk: r for r in retailers.select_related("area").order_by("licence_no")}
    counters: dict[str, dict[str, list[int]]] = {"m": {}, "s": {}, "a": {}}
    labels: dict[str, dict[str, str]] = {"m": {}, "s": {}, "a": {}}

    def bump(kind: str, key: str, label: str, slot: int) -> None:
        labels[kind][key] = label
        counters[kind].setdefault(key, [0, 0, 0])[slot] += 1

    for rid, staff_id, staff_name, visit_id in stops:
        keys = _keys(info[rid], stars[rid], str(staff_id), staff_name)
        for kind, key, label in keys:
            bump(kind, key, label, 0)
            if visit_id is not None:
                bump(kind, key, label, 1)
    cm_visits: dict[int, int] = defaultdict(int)
    visited: set[int] = set()
    for rid, staff_id, staff_name, role in visits:
        for kind, key, label in _keys(info[rid], stars[rid], str(staff_id), staff_name):
            bump(kind, key, label, 2)
        visited.add(rid)
        if role == Role.CUSTOMER_MANAGER:
            cm_visits[rid] += 1
    below = []
    for rid, retailer in info.items():
        rule = rules.get(str(stars[rid]))
        need = required_in_period(rule, start, end) if rule else 1
        if cm_visits[rid] < need:
            below.append(BelowRow(retailer, stars[rid], need, cm_visits[rid]))

    def rows(kind: str, order: list[str] | None = None) -> list[CoverageRow]:
        keys = order if order is not None else sorted(counters[kind], key=lambda k: labels[kind][k])
        return [
            CoverageRow(k, labels[kind][k], *counters[kind][k]) for k in keys if k in counters[kind]
        ]

    return Coverage(
        start=start,
        end=end,
        by_manager=rows("m"),
        by_star=rows("s", [s.value for s in StarLevel]),
        by_area=rows("a"),
        below=below,
        retailers=len(info),
        unvisited=[r for rid, r in info.items() if rid not in visited],
    )


def _keys(
    retailer: Retailer, star: StarLevel, staff_key: str, staff_name: str
) -> list[tuple[str, str, str]]:
    return [
        ("m", staff_key, staff_name),
        ("s", star.value, star_label(star)),
        ("a", str(retailer.area_id), retailer.area.name),
    ]


def visits_of(retailers: QuerySet[Retailer]) -> QuerySet[Visit]:
    """Recorded visits to ``retailers`` (already scoped), newest first."""
    return Visit.objects.filter(retailer__in=retailers).select_related("retailer", "staff")


def staff_visits(staff: Staff, first: date, last: date) -> QuerySet[Visit]:
    """The visits ``staff`` checked in from day ``first`` to day ``last`` (both included,
    local time)."""
    tz = timezone.get_current_timezone()
    return Visit.objects.filter(
        staff=staff,
        checked_in_at__gte=timezone.make_aware(datetime.combine(first, time.min), tz),
        checked_in_at__lt=timezone.make_aware(
            datetime.combine(last + timedelta(days=1), time.min), tz
        ),
    )


def sku_info_of(visits: QuerySet[Visit] | list[int]) -> QuerySet[VisitSkuInfo]:
    """The SKU stock and price records taken on ``visits`` (visits or their ids)."""
    return VisitSkuInfo.objects.filter(visit__in=visits)


def planned_stops(staff: Staff, first: date, last: date) -> QuerySet[PlanStop]:
    """The stops of ``staff``'s visit plans on days ``first`` to ``last`` (both included)."""
    return PlanStop.objects.filter(
        plan_day__plan__staff=staff, plan_day__day__gte=first, plan_day__day__lte=last
    )


def logged_checkins(staff_ids: Iterable[int]) -> set[tuple[int, int, datetime]]:
    """(staff, retailer, check-in time) of every visit the given staff logged: what an
    imported visit history is matched against, so that importing it again adds nothing."""
    return set(
        Visit.objects.filter(staff_id__in=list(staff_ids)).values_list(
            "staff_id", "retailer_id", "checked_in_at"
        )
    )
