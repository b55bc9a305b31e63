"""Reads: plans, completion and YoY at department, area and customer-manager level; survey
results."""

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import polars as pl
from django.conf import settings
from django.db.models import Q, QuerySet, Sum

from jinye import access
from jinye.engines import inventory
from jinye.engines.analysis import CARTONS_PER_CASE, Period, cases, pct_change, ratio_pct
from jinye.engines.targets import split_integer, split_month_into_weeks
from jinye.orders.models import OrderLine, OrderStatus
from jinye.org.models import MarketArea, MarketingDepartment, Role, Staff
from jinye.periods import Month, Quarter
from jinye.retailers.models import Retailer
from jinye.targets.models import AnnualTarget, InventorySurvey, MonthTarget, StockCount

LOW_STOCK_BOUNDS: tuple[int, ...] = getattr(settings, "JINYE_LOW_STOCK_BOUNDS", (50, 100))
FEW_SKU_BOUNDS: tuple[int, ...] = getattr(settings, "JINYE_FEW_SKU_BOUNDS", (20, 10))


def _months(period: Period) -> list[tuple[int, int]]:
    out, m = [], Month.containing(period.first)
    while m.first <= period.last:
        out.append((m.year, m.month))
        m = m.next()
    return out


def plan_cases(
    department: MarketingDepartment, period: Period, *, area: MarketArea | None = None
) -> int | None:
    """Planned 箱 for the months of ``period`` (whole months), or ``None`` without a target."""
    cells = MonthTarget.objects.filter(target__department=department)
    if area is not None:
        cells = cells.filter(area=area)
    months = Q()
    for year, month in _months(period):
        months |= Q(target__year=year, month=month)
    # One sum over every month's cells: NULL (no cell in any month) is "no target".
    return cells.filter(months).aggregate(v=Sum("volume_cases"))["v"]


def _in_period(period: Period) -> Q:
    return Q(order__order_date__gte=period.first, order__order_date__lte=period.last)


def sold_cartons(retailers: QuerySet[Retailer], period: Period) -> int:
    return (
        OrderLine.objects.filter(_in_period(period), order__retailer__in=retailers)
        .exclude(order__status=OrderStatus.CANCELLED)
        .aggregate(v=Sum("quantity"))["v"]
        or 0
    )


@dataclass(frozen=True)
class Completion:
    """Plan completion and YoY for one unit (department, area or customer manager)."""

    name: str
    plan: int | None
    actual_cartons: int
    before_cartons: int

    @property
    def actual(self) -> Decimal:
        return cases(self.actual_cartons)

    @property
    def before(self) -> Decimal:
        return cases(self.before_cartons)

    @property
    def completion_pct(self) -> Decimal | None:
        """From the raw cartons, rounded once (not from the rounded 箱)."""
        return ratio_pct(self.actual_cartons, self.plan * CARTONS_PER_CASE) if self.plan else None

    @property
    def yoy_pct(self) -> Decimal | None:
        return pct_change(self.actual_cartons, self.before_cartons)


def to_date(period: Period, today: date) -> Period:
    """The part of ``period`` up to ``today``: actuals and YoY of a running period compare
    like with like (the same days last year), while the plan stays the whole period's."""
    return Period(period.first, min(period.last, max(today, period.first)))


def completion_rows(
    department: MarketingDepartment,
    period: Period,
    *,
    retailers: QuerySet[Retailer],
    today: date | None = None,
) -> list[Completion]:
    """Department, then each area, then each customer manager, within ``retailers`` (the
    reader's scope). A manager's plan is their share by :func:`manager_plans`.
    Plans are for the whole ``period``; actuals and last year's figures stop at ``today``."""
    plan_period = period
    if today is not None:
        period = to_date(period, today)
    units = set(retailers.order_by().values_list("area", "customer_manager").distinct())
    sold = _sold_by_unit(retailers, period)

    def total(area_id: int | None = None) -> tuple[int, int]:
        figures = [v for (a, _), v in sold.items() if area_id is None or a == area_id]
        return sum(v[0] for v in figures), sum(v[1] for v in figures)

    rows = [Completion(str(department), plan_cases(department, plan_period), *total())]
    managers = Staff.objects.filter(
        area__department=department, role=Role.CUSTOMER_MANAGER
    ).order_by("employee_no")
    for area in department.areas.order_by("code"):
        if not any(a == area.pk for a, _ in units):
            continue
        area_plan = plan_cases(department, plan_period, area=area)
        rows.append(Completion(str(area), area_plan, *total(area.pk)))
        plans = manager_plans(department, area, plan_period) or {}
        for m in managers:
            if m.area_id == area.pk and (area.pk, m.pk) in units:
                now, before = sold.get((area.pk, m.pk), (0, 0))
                rows.append(Completion(f"· {m.name}", plans.get(m.pk), now, before))
    return rows


def _sold_by_unit(
    retailers: QuerySet[Retailer], period: Period
) -> dict[tuple[int, int | None], tuple[int, int]]:
    """条 bought in ``period`` and in the same days a year before, by (area id, customer
    manager id) of the buying retailer, cancelled orders excluded: one grouped query per
    period (one query over both is slower: its OR of date ranges defeats the date index)."""
    now, before = (
        {
            (r["order__retailer__area"], r["order__retailer__customer_manager"]): r["v"] or 0
            for r in OrderLine.objects.filter(_in_period(p), order__retailer__in=retailers)
            .exclude(order__status=OrderStatus.CANCELLED)
            .values("order__retailer__area", "order__retailer__customer_manager")
            .annotate(v=Sum("quantity"))
            .order_by()
        }
        for p in (period, period.year_before())
    )
    return {unit: (now.get(unit, 0), before.get(unit, 0)) for unit in now.keys() | before.keys()}


def next_period_targets(
    department: MarketingDepartment,
    period: Period,
    *,
    plan: Callable[[Period], int | None] | None = None,
) -> list[dict]:
    """Month and week targets (箱) of ``period``'s months: the 下一步目标 breakdown. ``plan``
    gives a month's plan in the reader's scope (e.g. :func:`scope_plan`); default: the
    department's."""
    out = []
    for year, month in _months(period):
        m = Month(year, month)
        total = plan(m.span) if plan else plan_cases(department, m.span)
        if total is None:
            continue
        weeks = split_month_into_weeks(total, year, month)
        out.append({"year": year, "month": month, "cases": total, "weeks": weeks})
    return out


def current_target(department: MarketingDepartment, year: int) -> AnnualTarget | None:
    return AnnualTarget.objects.filter(department=department, year=year).first()


@dataclass
class SurveySummary:
    survey: InventorySurvey
    surveyed: int
    total_cartons: int
    previous_cartons: int | None
    sales_cartons: int
    ratio: Decimal | None
    ratio_upper: Decimal
    skus: list[inventory.SkuStock]
    sku_names: dict[int, str]
    class_ratios: dict[int, Decimal | None]
    low_stock: dict[int, int]
    few_skus: dict[int, int]
    scarce_ids: set[int]

    @property
    def change_pct(self) -> Decimal | None:
        return pct_change(self.total_cartons, self.previous_cartons or 0)

    @property
    def ratio_excess(self) -> Decimal | None:
        return self.ratio - self.ratio_upper if self.ratio is not None else None

    def scarce(self) -> list[inventory.SkuStock]:
        return [s for s in self.skus if s.sku_id in self.scarce_ids]


def _stock_frame(survey: InventorySurvey, retailers: QuerySet[Retailer] | None) -> pl.DataFrame:
    rows = list(_scoped_counts(survey, retailers).values_list("retailer", "sku", "cartons"))
    return pl.DataFrame(
        rows,
        schema={"retailer_id": pl.Int64, "sku_id": pl.Int64, "cartons": pl.Int64},
        orient="row",
    )


def survey_summary(
    survey: InventorySurvey, *, retailers: QuerySet[Retailer] | None = None
) -> SurveySummary:
    """Results of a round against the month before its date (sales of the surveyed retailers).

    With ``retailers`` (a reader's scope), only the surveyed retailers among them count: their
    stock, their sales, their low-stock counts."""
    from jinye.catalog.models import Sku

    surveyed_rs = survey.retailers.all()
    if retailers is not None:
        surveyed_rs = surveyed_rs.filter(pk__in=retailers.values("pk"))
    stock = _stock_frame(survey, retailers)
    month = Period(survey.taken_on - timedelta(days=30), survey.taken_on - timedelta(days=1))
    sales_rows = (
        OrderLine.objects.filter(
            order__retailer__in=surveyed_rs,
            order__order_date__gte=month.first,
            order__order_date__lte=month.last,
        )
        .exclude(order__status=OrderStatus.CANCELLED)
        .values("sku")
        .annotate(c=Sum("quantity"))
    )
    sales = pl.DataFrame(
        [(r["sku"], r["c"]) for r in sales_rows],
        schema={"sku_id": pl.Int64, "cartons": pl.Int64},
        orient="row",
    )
    surveyed = surveyed_rs.count()
    per_sku = inventory.per_sku(stock, sales, surveyed=surveyed)
    info = {s.pk: s for s in Sku.objects.filter(pk__in=[r.sku_id for r in per_sku])}
    by_class: dict[int, list[int]] = {}
    for r in per_sku:
        acc = by_class.setdefault(info[r.sku_id].price_class, [0, 0])
        acc[0] += r.cartons
        acc[1] += r.sales
    breadth = inventory.retailer_breadth(stock)
    held = dict(zip(breadth["retailer_id"], breadth["cartons"], strict=True))
    kinds = dict(zip(breadth["retailer_id"], breadth["skus"], strict=True))
    ids = list(surveyed_rs.values_list("pk", flat=True))
    prev = (
        InventorySurvey.objects.filter(department=survey.department, taken_on__lt=survey.taken_on)
        .order_by("-taken_on")
        .first()
    )
    total = int(stock["cartons"].sum() or 0)
    sold = int(sales["cartons"].sum() or 0)
    return SurveySummary(
        survey=survey,
        surveyed=surveyed,
        total_cartons=total,
        previous_cartons=(
            _scoped_counts(prev, retailers).aggregate(v=Sum("cartons"))["v"] or 0 if prev else None
        ),
        sales_cartons=sold,
        ratio=inventory.stock_to_sales(total, sold),
        ratio_upper=survey.ratio_upper,
        skus=per_sku,
        sku_names={pk: s.name for pk, s in info.items()},
        class_ratios={c: inventory.stock_to_sales(v[0], v[1]) for c, v in sorted(by_class.items())},
        low_stock={b: sum(1 for i in ids if held.get(i, 0) < b) for b in LOW_STOCK_BOUNDS},
        few_skus={b: sum(1 for i in ids if kinds.get(i, 0) < b) for b in FEW_SKU_BOUNDS},
        scarce_ids={pk for pk, s in info.items() if s.scarce},
    )


def _scoped_counts(
    survey: InventorySurvey, retailers: QuerySet[Retailer] | None
) -> QuerySet[StockCount]:
    counts = StockCount.objects.filter(survey=survey)
    return counts if retailers is None else counts.filter(retailer__in=retailers)


def latest_survey(department: MarketingDepartment, on_or_before: date) -> InventorySurvey | None:
    return (
        InventorySurvey.objects.filter(department=department, taken_on__lte=on_or_before)
        .order_by("-taken_on")
        .first()
    )


def stock_counts_entered(staff: Staff, first: date, last: date) -> int:
    """How many social-inventory stock counts ``staff`` entered for surveys taken from
    ``first`` to ``last`` (both included)."""
    return StockCount.objects.filter(
        entered_by=staff.user, survey__taken_on__gte=first, survey__taken_on__lte=last
    ).count()


def area_managers(area: MarketArea) -> list[Staff]:
    """The active customer managers who share ``area``'s plan, in employee-number order."""
    return list(
        Staff.objects.filter(area=area, role=Role.CUSTOMER_MANAGER, active=True).order_by(
            "employee_no"
        )
    )


def split_bases(managers: list[Staff], year: int) -> dict[int, int]:
    """The weight of each of ``managers`` (by staff id) in their area's plan of ``year``: the
    cartons their current retailers bought in the whole year before (cancelled orders
    excluded), in one grouped query."""
    last_year = Period(date(year - 1, 1, 1), date(year - 1, 12, 31))
    rows = (
        OrderLine.objects.filter(
            _in_period(last_year), order__retailer__customer_manager__in=managers
        )
        .exclude(order__status=OrderStatus.CANCELLED)
        .values("order__retailer__customer_manager")
        .annotate(v=Sum("quantity"))
        .order_by()
    )
    got = {r["order__retailer__customer_manager"]: r["v"] or 0 for r in rows}
    return {m.pk: got.get(m.pk, 0) for m in managers}


def manager_plans(
    department: MarketingDepartment,
    area: MarketArea,
    period: Period,
    *,
    bases: dict[int, int] | None = None,
) -> dict[int, int] | None:
    """The one split of an area's plan among its customer managers (箱, by staff id).

    Rule (docs/targets.md): the area's plan for ``period`` (its whole months) is shared among
    the area's active customer managers in proportion to what each one's *current* retailers
    bought in the whole calendar year before ``period``'s year; largest remainder, so the
    shares sum to the area's plan; evenly when nobody bought anything last year. The weights
    are the same for every period of a year, so a manager's month, quarter and year plans
    follow one proportion. ``None`` when the area has no plan for ``period``; an empty dict
    when it has no active customer manager. Used by the dashboard, the targets page's
    completion table and the KPI inputs alike. ``bases``: :func:`split_bases` of the area's
    managers for ``period``'s year, when the caller already has them (several periods)."""
    area_plan = plan_cases(department, period, area=area)
    if area_plan is None:
        return None
    managers = area_managers(area)
    if not managers:
        return {}
    if bases is None:
        bases = split_bases(managers, period.first.year)
    base = [bases.get(m.pk, 0) for m in managers]
    return dict(zip((m.pk for m in managers), split_integer(area_plan, base), strict=True))


def manager_plan_cases(
    department: MarketingDepartment, manager: Staff, period: Period
) -> int | None:
    """A customer manager's plan (箱) for ``period`` by :func:`manager_plans`; ``None`` when
    their area has no plan for the period, or they have no area or are not in its split."""
    return manager_plans_cases(department, manager, [period])[0]


def manager_plans_cases(
    department: MarketingDepartment, manager: Staff, periods: list[Period]
) -> list[int | None]:
    """:func:`manager_plan_cases` for each of ``periods``, the split weights read once a year."""
    if manager.area is None:
        return [None for _ in periods]
    years: dict[int, dict[int, int]] = {}
    out = []
    for period in periods:
        year = period.first.year
        if year not in years:
            years[year] = split_bases(area_managers(manager.area), year)
        plans = manager_plans(department, manager.area, period, bases=years[year])
        out.append(None if plans is None else plans.get(manager.pk))
    return out


class Scope(enum.StrEnum):
    """Whose figures a dashboard shows: the department's, a market area's, a manager's own."""

    DEPARTMENT = "department"
    AREA = "area"
    MINE = "mine"


@dataclass(frozen=True)
class DashboardFigures:
    """The reader's year to date against the annual plan of the same scope, the running
    quarter to date against the quarter's plan, and the latest survey's inventory figures for
    the same retailers. Percentages are computed from the raw
    carton totals and rounded once (two places)."""

    scope: Scope
    scope_name: str
    year: int
    actual_cartons: int
    before_cartons: int
    target_cases: int | None
    quarter: Quarter
    quarter_cartons: int
    quarter_plan_cases: int | None
    survey: SurveySummary | None

    @property
    def quarter_cases(self) -> Decimal:
        return cases(self.quarter_cartons)

    @property
    def quarter_pct(self) -> Decimal | None:
        """The running quarter to date against the whole quarter's plan, rounded once."""
        if not self.quarter_plan_cases:
            return None
        return ratio_pct(self.quarter_cartons, self.quarter_plan_cases * CARTONS_PER_CASE)

    @property
    def actual_cases(self) -> Decimal:
        return cases(self.actual_cartons)

    @property
    def completion_pct(self) -> Decimal | None:
        if not self.target_cases:
            return None
        return ratio_pct(self.actual_cartons, self.target_cases * CARTONS_PER_CASE)

    @property
    def yoy_pct(self) -> Decimal | None:
        return pct_change(self.actual_cartons, self.before_cartons)


def scope_plan(staff: Staff, period: Period) -> int | None:
    """The plan (箱) for ``period`` of what ``staff`` reads: the department's (director and
    department-wide roles), their market area's (market manager) or their own share of it
    (customer manager, by :func:`manager_plans`); ``None`` without a plan."""
    return scope_plans(staff, [period])[0]


def scope_plans(staff: Staff, periods: list[Period]) -> list[int | None]:
    """:func:`scope_plan` for each of ``periods``."""
    department = staff.department
    reach = access.reach_of(staff, "retailers")
    if reach is access.Reach.SELF:
        return manager_plans_cases(department, staff, periods)
    if reach is access.Reach.AREA:
        area = staff.area
        return [plan_cases(department, p, area=area) if area else None for p in periods]
    return [plan_cases(department, p) for p in periods]


def scope_of(staff: Staff) -> tuple[Scope, str]:
    """Whose retailers ``staff`` reads and their name: the department's, their market area's,
    or their own (named by the manager)."""
    reach = access.reach_of(staff, "retailers")
    if reach is access.Reach.SELF:
        return Scope.MINE, staff.name
    if reach is access.Reach.AREA:
        return Scope.AREA, str(staff.area) if staff.area else ""
    return Scope.DEPARTMENT, str(staff.department)


def dashboard_figures(staff: Staff, today: date) -> DashboardFigures:
    """The home dashboard's target and inventory figures in ``staff``'s read scope: the
    department (director and department-wide roles), their market area (market manager) or
    their own retailers (customer manager), each against that scope's own plans
    (:func:`scope_plan`): the year to date against the annual plan, and the running quarter
    to date against the quarter's plan."""
    department = staff.department
    year = Period(date(today.year, 1, 1), date(today.year, 12, 31))
    scope, name = scope_of(staff)
    retailers = access.retailers(staff)
    ytd = Period(year.first, today)
    quarter = Quarter.containing(today)
    survey = latest_survey(department, today)
    year_plan, quarter_plan = scope_plans(staff, [year, quarter.span])
    return DashboardFigures(
        scope=scope,
        scope_name=name,
        year=today.year,
        actual_cartons=sold_cartons(retailers, ytd),
        before_cartons=sold_cartons(retailers, ytd.year_before()),
        target_cases=year_plan,
        quarter=quarter,
        quarter_cartons=sold_cartons(retailers, Period(quarter.first, today)),
        quarter_plan_cases=quarter_plan,
        survey=survey_summary(survey, retailers=retailers) if survey else None,
    )
