"""Writes: set and edit targets, create survey rounds, record and import stock counts."""

import math
import random
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.files import File
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from jinye import access, limits
from jinye.catalog.models import Sku
from jinye.engines.targets import split_integer, split_year
from jinye.errors import Forbidden, Invalid, Problem
from jinye.orders.models import OrderLine, OrderStatus
from jinye.org.models import MarketingDepartment, Staff
from jinye.retailers.models import Retailer, RetailerStatus
from jinye.sheets.cells import CellError, is_blank, quantity, shown
from jinye.sheets.readers import read_table
from jinye.targets.models import AnnualTarget, InventorySurvey, MonthTarget, StockCount

User = AbstractBaseUser | AnonymousUser


def _actor(by: User) -> Any:
    """The account to record as author (anonymous users are recorded as nobody)."""
    return by if by.is_authenticated else None


def _last_year_cells(
    department: MarketingDepartment, year: int, field: str
) -> dict[tuple[int, int], int]:
    """(area id, month) → last year's cartons or fen, cancelled orders excluded."""
    rows = (
        OrderLine.objects.filter(
            order__retailer__area__department=department, order__order_date__year=year - 1
        )
        .exclude(order__status=OrderStatus.CANCELLED)
        .annotate(m=ExtractMonth("order__order_date"))
        .values("order__retailer__area", "m")
        .annotate(v=Sum(field))
    )
    scale = 100 if field == "amount" else 1
    return {(r["order__retailer__area"], r["m"]): int(r["v"] * scale) for r in rows}


def _matrix(total: int, areas: list[int], cells: Mapping[tuple[int, int], int]) -> dict:
    """Split ``total`` to months, then each month to areas; every sum exact."""
    monthly = [sum(cells.get((a, m), 0) for a in areas) for m in range(1, 13)]
    months = split_year(total, monthly)
    return {
        (a, m): part
        for m, month_total in zip(range(1, 13), months, strict=True)
        for a, part in zip(
            areas, split_integer(month_total, [cells.get((a, m), 0) for a in areas]), strict=True
        )
    }


@transaction.atomic
def do_set_annual_target(
    *,
    department: MarketingDepartment,
    year: int,
    volume_cases: int,
    revenue: int,
    basis: str,
    by: User,
) -> AnnualTarget:
    """Store the year's targets and replace their decomposition to areas × months.

    A revenue of 0 means the department plans volume only (no revenue target)."""
    access.require(by, "change_targets", department)
    return _set_annual(department, year, volume_cases, revenue, basis, _actor(by))


def do_import_annual_target(
    *, department: MarketingDepartment, year: int, volume_cases: int, revenue: int, by: User | None
) -> bool:
    """A year's targets from a file (inside the caller's transaction), split by last year's
    shape; True if they changed (the same totals again keep the stored split)."""
    if by is not None:
        access.require(by, "change_targets", department)
    stored = AnnualTarget.objects.filter(department=department, year=year).first()
    if stored is not None and (stored.volume_cases, stored.revenue) == (volume_cases, revenue):
        return False
    basis = AnnualTarget.Basis.LAST_YEAR
    _set_annual(department, year, volume_cases, revenue, basis, None if by is None else _actor(by))
    return True


def _set_annual(
    department: MarketingDepartment,
    year: int,
    volume_cases: int,
    revenue: int,
    basis: str,
    actor: Any,
) -> AnnualTarget:
    if volume_cases <= 0 or revenue < 0:
        raise Invalid(_("Targets must be positive whole numbers."), code="not_positive")
    limits.TARGET_CASES.check(volume_cases, field="volume_cases", label=_("Volume target"))
    if revenue:
        limits.TARGET_REVENUE.check(revenue, field="revenue", label=_("Revenue target"))
    areas = list(department.areas.order_by("code").values_list("pk", flat=True))
    if not areas:
        raise Invalid(_("The department has no market areas to share the target."), code="no_areas")
    even = basis == AnnualTarget.Basis.EVEN
    vol_cells = {} if even else _last_year_cells(department, year, "quantity")
    rev_cells = {} if even else _last_year_cells(department, year, "amount")
    target, _created = AnnualTarget.objects.update_or_create(
        department=department,
        year=year,
        defaults={
            "volume_cases": volume_cases,
            "revenue": revenue,
            "basis": basis,
            "updated_by": actor,
        },
    )
    vol = _matrix(volume_cases, areas, vol_cells)
    rev = _matrix(revenue, areas, rev_cells)
    target.months.all().delete()
    MonthTarget.objects.bulk_create(
        MonthTarget(
            target=target, area_id=a, month=m, volume_cases=vol[(a, m)], revenue=rev[(a, m)]
        )
        for (a, m) in vol
    )
    return target


MonthCell = tuple[int, int, int, int, int]  # year, month, area id, cases, yuan (0: none)


def do_import_month_targets(
    *, department: MarketingDepartment, cells: list[MonthCell], by: User | None
) -> tuple[int, int, int]:
    """Store area × month targets as a file gives them (inside the caller's transaction);
    each year's totals become the sum of its cells. Cells the file leaves out keep their
    value (a new year's missing cells are 0). (created, updated, unchanged) cells."""
    if by is not None:
        access.require(by, "change_targets", department)
    areas = list(department.areas.values_list("pk", flat=True))
    created = updated = 0
    for year in sorted({c[0] for c in cells}):
        target, new = AnnualTarget.objects.get_or_create(
            department=department,
            year=year,
            defaults={"volume_cases": 0, "revenue": 0, "basis": AnnualTarget.Basis.EVEN},
        )
        stored = {(m.area_id, m.month): m for m in target.months.all()}
        for _year, month, area, cases, yuan in (c for c in cells if c[0] == year):
            cell = stored.get((area, month))
            if cell is None:
                stored[(area, month)] = MonthTarget.objects.create(
                    target=target, area_id=area, month=month, volume_cases=cases, revenue=yuan
                )
                created += 1
            elif (cell.volume_cases, cell.revenue) != (cases, yuan):
                cell.volume_cases, cell.revenue = cases, yuan
                cell.save(update_fields=["volume_cases", "revenue"])
                updated += 1
        MonthTarget.objects.bulk_create(
            MonthTarget(target=target, area_id=a, month=m, volume_cases=0, revenue=0)
            for a in areas
            for m in range(1, 13)
            if (a, m) not in stored
        )
        totals = target.months.aggregate(v=Sum("volume_cases"), r=Sum("revenue"))
        label = _("Volume target of %(year)d") % {"year": year}
        limits.TARGET_CASES.check(totals["v"] or 0, field="volume_cases", label=label)
        if totals["r"]:
            label = _("Revenue target of %(year)d") % {"year": year}
            limits.TARGET_REVENUE.check(totals["r"], field="revenue", label=label)
        if (target.volume_cases, target.revenue) != (totals["v"], totals["r"]) or new:
            target.volume_cases, target.revenue = totals["v"], totals["r"]
            target.updated_by = None if by is None else _actor(by)
            target.save()
    return created, updated, len(cells) - created - updated


@transaction.atomic
def do_edit_month_target(*, cell: MonthTarget, volume_cases: int, revenue: int, by: User) -> None:
    """Change one area-month; the annual totals follow so that every sum stays exact."""
    target = AnnualTarget.objects.select_for_update().get(pk=cell.target_id)
    access.require(by, "change_targets", target.department)
    if volume_cases < 0 or revenue < 0:
        raise Invalid(_("Targets cannot be negative."), code="negative")
    limits.MONTH_TARGET_CASES.check(volume_cases, field="volume_cases", label=_("Volume"))
    limits.MONTH_TARGET_REVENUE.check(revenue, field="revenue", label=_("Revenue"))
    target.volume_cases += volume_cases - cell.volume_cases
    target.revenue += revenue - cell.revenue
    # The year is the sum of its cells: it keeps within the annual limit too.
    limits.TARGET_CASES.check(target.volume_cases, field="volume_cases", label=_("Volume target"))
    limits.TARGET_REVENUE.check(target.revenue, field="revenue", label=_("Revenue target"))
    target.updated_by = _actor(by)
    target.save()
    cell.volume_cases, cell.revenue = volume_cases, revenue
    cell.save()


@transaction.atomic
def do_create_survey(
    *,
    department: MarketingDepartment,
    name: str,
    taken_on: date,
    sample_share: Decimal,
    seed: int,
    ratio_upper: Decimal = Decimal("0.50"),
) -> InventorySurvey:
    """A survey round of a reproducible sample: the same seed and retailers give the same
    sample (open retailers by licence number, ``random.Random(seed).sample``)."""
    if not Decimal("0") < sample_share <= 1:
        raise Invalid(
            _("The sample share must be above 0 and at most 1."),
            code="out_of_range",
            field="sample_share",
        )
    survey = InventorySurvey.objects.create(
        department=department,
        name=name,
        taken_on=taken_on,
        sample_share=sample_share,
        seed=seed,
        ratio_upper=ratio_upper,
    )
    ids = list(
        Retailer.objects.filter(area__department=department, status=RetailerStatus.OPEN)
        .order_by("licence_no")
        .values_list("pk", flat=True)
    )
    k = min(len(ids), math.ceil(len(ids) * sample_share))
    survey.retailers.set(random.Random(seed).sample(ids, k))
    return survey


def _check_enterer(survey: InventorySurvey, retailer: Retailer, by: User) -> None:
    if not survey.retailers.filter(pk=retailer.pk).exists():
        raise Invalid(
            _("%(licence)s: not in this survey's sample.") % {"licence": retailer.licence_no},
            code="not_in_sample",
            field="retailer",
        )
    if not access.retailers(by).filter(pk=retailer.pk).exists():
        raise Forbidden(
            _("%(licence)s: not one of your retailers.") % {"licence": retailer.licence_no},
            code="not_your_retailer",
        )
    access.require(by, "record_counts", retailer)


@transaction.atomic
def do_record_counts(
    *, survey: InventorySurvey, retailer: Retailer, counts: Mapping[Sku, int], by: User
) -> None:
    """Replace one retailer's counts in ``survey`` (SKUs not given are zero)."""
    _check_enterer(survey, retailer, by)
    bad = [s.code for s, n in counts.items() if n < 0]
    if bad:
        raise Invalid(
            _("%(codes)s: stock cannot be negative.") % {"codes": ", ".join(bad)},
            code="negative",
            field="counts",
        )
    for s, n in counts.items():
        limits.STOCK.check(n, field=f"sku-{s.pk}", label=s.name)
    StockCount.objects.filter(survey=survey, retailer=retailer).delete()
    StockCount.objects.bulk_create(
        StockCount(
            survey=survey,
            retailer=retailer,
            sku=s,
            cartons=n,
            entered_by=_actor(by),
        )
        for s, n in counts.items()
        if n > 0
    )


IMPORT_HEADER = ("licence_no", "sku_code", "cartons")


def _parse_rows(survey: InventorySurvey, fh: IO[bytes] | File, staff: Staff) -> dict:
    # The sheets kit checks the file's size, unpacked size and row count before parsing.
    table = read_table(fh, getattr(fh, "name", None) or "counts.xlsx", suffixes=(".xlsx",))
    if tuple(table.headers[:3]) != IMPORT_HEADER:
        raise Invalid(
            _("The header must be %(header)s.") % {"header": ", ".join(IMPORT_HEADER)},
            code="bad_header",
            row=1,
        )
    sample = set(survey.retailers.values_list("licence_no", flat=True))
    visible = {
        r.licence_no
        for r in access.retailers(staff).filter(licence_no__in=sample)
        if access.can(staff, "record_counts", r)
    }
    retailers = {r.licence_no: r for r in Retailer.objects.filter(licence_no__in=sample)}
    skus = {s.code: s for s in Sku.objects.all()}
    errors: list[Problem] = []
    parsed: dict = {}
    for raw in table.rows:
        n = raw.number
        licence, code, qty = (list(raw.cells) + [None] * 3)[:3]
        # Text as typed: a licence Excel turned into a number reads as its digits.
        licence, code = shown(licence), shown(code)
        if not (licence or code or not is_blank(qty)):
            continue
        if licence not in sample:
            message = _("“%(licence)s” is not in this survey's sample.") % {"licence": licence}
            errors.append(Problem("not_in_sample", message, "licence_no", n))
        elif licence not in visible:
            message = _("“%(licence)s” is not one of your retailers.") % {"licence": licence}
            errors.append(Problem("not_your_retailer", message, "licence_no", n))
        if code not in skus:
            message = _("Unknown SKU “%(code)s”.") % {"code": code}
            errors.append(Problem("unknown_sku", message, "sku_code", n))
        try:
            qty = quantity(qty, least=0, most=int(limits.STOCK.high))
        except CellError as exc:
            message = _("“%(value)s”: %(reason)s") % {"value": _shown(qty), "reason": exc}
            errors.append(Problem("bad_cartons", message, "cartons", n))
            qty = None
        key = (licence, code)
        if key in parsed:
            message = _("%(licence)s / %(code)s appears twice.") % {
                "licence": licence,
                "code": code,
            }
            errors.append(Problem("duplicate_row", message, "", n))
        elif licence in retailers and code in skus and isinstance(qty, int):
            parsed[key] = (retailers[licence], skus[code], qty)
    if errors:
        raise Invalid(
            _("The file has errors; nothing was stored."), code="import_rejected", problems=errors
        )
    return parsed


def _shown(value: object) -> str:
    return "" if value is None else str(value)


def do_import_counts(*, survey: InventorySurvey, fh: IO[bytes] | File, by: User) -> int:
    """Import counts (columns licence_no, sku_code, cartons). All-or-nothing: any bad row
    stores nothing. Idempotent: a row sets that retailer-SKU count, so re-importing the same
    file changes nothing. Returns the number of rows applied.

    Who may record counts is checked before the file is read, and the whole file is read and
    checked before the write transaction starts, so a large file holds no lock meanwhile."""
    staff = access.require(by, "record_counts")
    parsed = _parse_rows(survey, fh, staff)
    with transaction.atomic():
        for retailer, sku, qty in parsed.values():
            StockCount.objects.update_or_create(
                survey=survey,
                retailer=retailer,
                sku=sku,
                defaults={"cartons": qty, "entered_by": _actor(by)},
            )
    return len(parsed)
