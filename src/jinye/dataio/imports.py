"""Import retailers, SKUs or orders from a spreadsheet: all-or-nothing and idempotent.

``import_file`` reads the file, checks every row (``validate``) against the database's
facts, and only when no row has a problem writes everything in one transaction, upserting by
natural key (licence number, SKU code, order number). Re-importing the same file finds every
record unchanged and writes nothing. Reading and checking happen before that transaction
opens, so the write lock is held only while writing (issue 15 item 8); the checks that the
stored rows decide (a licence of another department, an order number already used) run again
inside it, and a row that vanished meanwhile fails the write, which is undone.

Imported orders count against the supply limits like orders taken by intake: in the same
transaction the months' totals and the weeks' allowances they touch are recounted from the
stored orders, and a file that would push one past its limit is refused, naming the row.

A refused file raises :class:`jinye.errors.Invalid` (code ``import_rejected``) with a
problem per row and column (``field`` the column's header, ``extra["value"]`` the cell); an
unreadable file raises the reader's Invalid; a file that races another writer raises
:class:`jinye.errors.Conflict` (``data_changed``). Nothing is written in each case.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _

from jinye.catalog.models import Brand, PriceClass, Sku
from jinye.dataio import org_writers, writers
from jinye.dataio.org_rows import validate_org
from jinye.dataio.org_writers import Login
from jinye.dataio.validate import Checked, Lookups, OrderRecord, Record, RowError, validate
from jinye.dataio.visit_history import validate_visits, write_visits
from jinye.dataio.writers import CHUNK, chunks
from jinye.errors import Conflict, Invalid, Problem
from jinye.orders.models import Order
from jinye.org.models import MarketArea, MarketingDepartment, Staff
from jinye.periods import Month, Week
from jinye.progress import ProgressFn, no_progress
from jinye.retailers.models import Retailer
from jinye.sheets.readers import read_table
from jinye.supply import services as supply_services
from jinye.supply.services import OverLimit
from jinye.targets import services as target_services

# In the order a department moving in imports its files.
KINDS = ("areas", "staff", "skus", "retailers", "orders", "targets", "visits")
ORG_KINDS = ("areas", "staff", "targets")  # written for one department: it must be known
READ = "Reading the file"
CHECK = "Checking rows"


@dataclass(frozen=True)
class DerivedClass:
    code: str
    name: str
    wholesale_price: Decimal
    price_class: int

    @property
    def class_label(self) -> str:
        return str(PriceClass(self.price_class).label)


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    encoding: str = ""
    new_brands: list[str] = field(default_factory=list)
    # SKUs of the file without a transfer price: their class was derived from the wholesale
    # price (issue 16 item 4), so the user can supply the 调拨价.
    derived_classes: list[DerivedClass] = field(default_factory=list)
    # New staff logins with their one-time passwords: shown or written once, never stored.
    logins: list[Login] = field(default_factory=list)


def rejected(errors: list[RowError]) -> Invalid:
    """The refusal of a file with ``errors``: a problem per row and column."""
    problems = [
        Problem("invalid_cell", e.message, e.column, e.row, {"value": e.value}) for e in errors
    ]
    return Invalid(_("Nothing was imported."), code="import_rejected", problems=problems)


def _areas(department: MarketingDepartment | None) -> dict[str, int | None]:
    qs = MarketArea.objects.all()
    if department is not None:
        qs = qs.filter(department=department)
    out: dict[str, int | None] = {}
    rows = list(qs.values_list("id", "code", "name"))
    for pk, _code, name in rows:
        out[name] = None if name in out and out[name] != pk else pk
    for pk, code, _name in rows:
        out[code] = pk
    return out


def _org_lookups(kind: str, department: MarketingDepartment) -> Lookups:
    if kind == "areas":
        others = MarketArea.objects.exclude(department=department)
        return Lookups(foreign=set(others.values_list("code", flat=True)))
    if kind == "targets":
        return Lookups(areas=_areas(department))
    colleagues_elsewhere = Staff.objects.exclude(department=department)
    return Lookups(
        areas=_areas(department),
        foreign=set(colleagues_elsewhere.values_list("employee_no", flat=True)),
        usernames={
            name: no or ""
            for name, no in User.objects.values_list("username", "staff__employee_no")
        },
    )


def load_lookups(kind: str, department: MarketingDepartment | None) -> Lookups:
    """The database facts ``validate`` needs for ``kind``, within ``department`` if given."""
    if kind in ORG_KINDS:
        assert department is not None  # import_file resolves it
        return _org_lookups(kind, department)
    if kind == "retailers":
        staff = Staff.objects.all()
        if department is not None:
            staff = staff.filter(department=department)
        return Lookups(
            areas=_areas(department),
            managers={
                no: (pk, role, area)
                for no, pk, role, area in staff.values_list("employee_no", "id", "role", "area_id")
            },
        )
    if kind == "skus":
        brands: dict[str, int] = {}
        for pk, code, name in Brand.objects.values_list("id", "code", "name"):
            brands[name] = brands[code] = pk
        return Lookups(brands=brands, barcodes=dict(Sku.objects.values_list("barcode", "code")))
    retailers = Retailer.objects.all()
    if department is not None:
        retailers = retailers.filter(area__department=department)
    if kind == "visits":
        staff = Staff.objects.all()
        if department is not None:
            staff = staff.filter(department=department)
        return Lookups(
            retailers=dict(retailers.values_list("licence_no", "id")),
            managers={
                no: (pk, role, area)
                for no, pk, role, area in staff.values_list("employee_no", "id", "role", "area_id")
            },
        )
    return Lookups(
        retailers=dict(retailers.values_list("licence_no", "id")),
        skus={
            code: (pk, price)
            for pk, code, price in Sku.objects.values_list("id", "code", "wholesale_price")
        },
    )


def _conflicts(
    kind: str, records: list[Any], department: MarketingDepartment | None
) -> list[RowError]:
    """Problems that only the stored rows reveal: another department's licence, an order
    number already used for another retailer."""
    errors: list[RowError] = []
    if kind == "retailers" and department is not None:
        by_key: dict[str, Record] = {r.key: r for r in records}
        for part in chunks(list(by_key)):
            foreign = (
                Retailer.objects.filter(licence_no__in=part)
                .exclude(area__department=department)
                .values_list("licence_no", flat=True)
            )
            for licence in foreign:
                msg = _("This licence belongs to another marketing department's retailer.")
                errors.append(RowError(by_key[licence].row, "许可证号", licence, msg))
    if kind == "orders":
        orders: dict[str, OrderRecord] = {r.key: r for r in records}
        for part in chunks(list(orders)):
            for no, retailer_id in Order.objects.filter(order_no__in=part).values_list(
                "order_no", "retailer_id"
            ):
                if retailer_id != orders[no].values["retailer_id"]:
                    msg = _("This order number already belongs to another retailer's order.")
                    errors.append(RowError(orders[no].row, "订单号", no, msg))
    return sorted(errors, key=lambda e: e.row or 0)


def _counted(iterable: Iterable[Any], progress: ProgressFn, total: int) -> Iterator[Any]:
    for done, item in enumerate(iterable, start=1):
        if done % CHUNK == 0:
            progress(done, total, CHECK)
        yield item


def import_file(
    kind: str,
    source: Path | IO[bytes],
    *,
    filename: str | None = None,
    department: MarketingDepartment | None = None,
    user: AbstractBaseUser | None = None,
    progress: ProgressFn = no_progress,
) -> ImportResult:
    """Import ``source`` (a path, or an open binary file named ``filename``) as ``kind``.

    ``department`` limits areas, staff, retailers and orders to one department (the web
    page passes the importer's); ``user`` is recorded as who entered new orders. With any
    problem nothing is written and Invalid names every one (see the module's docstring).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {', '.join(KINDS)}")
    if kind in ORG_KINDS and department is None:
        department = only_department()
    result = ImportResult(kind)
    progress(0, 1, READ)
    table = read_table(source, filename)
    result.rows, result.encoding = len(table.rows), table.encoding
    progress(1, 1, READ)
    # Every row is checked before the write transaction opens: on SQLite that transaction
    # holds the database's one write lock, which orders taken meanwhile wait for.
    checked = _check(kind, table, department, progress)
    if checked.errors:
        raise rejected(checked.errors)
    if kind == "skus":
        result.new_brands = sorted(
            {r.values["new_brand"] for r in checked.records if "new_brand" in r.values}
        )
    try:
        with transaction.atomic():
            conflicts = _conflicts(kind, checked.records, department)
            if conflicts:
                raise rejected(conflicts)
            touched = _order_days(checked.records) if kind == "orders" else set()
            if kind in ORG_KINDS:
                assert department is not None
                counts = _write_org(kind, checked.records, department, user, result)
            elif kind == "visits":
                counts, refused = write_visits(checked.records)
                if refused:  # leaving the block by the exception undoes the writes
                    raise rejected(refused)
            else:
                counts = writers.write(kind, checked.records, user=user, progress=progress)
            if kind == "orders":
                over = supply_services.do_recount_ordered(retailer_days=touched)
                if over:  # leaving the block by the exception undoes the writes
                    raise rejected(_over_limit_errors(over, checked.records))
    except (IntegrityError, DataError) as exc:
        msg = _("The data changed while this file was imported; nothing was imported. Try again.")
        raise Conflict(msg, code="data_changed") from exc
    result.created, result.updated, result.unchanged = counts
    if kind == "skus":
        result.derived_classes = derived_classes([r.key for r in checked.records])
    return result


def only_department() -> MarketingDepartment:
    """The one department, for a file of areas, staff or targets given without one."""
    departments = list(MarketingDepartment.objects.order_by("code")[:2])
    if not departments:
        msg = _("There is no marketing department yet: create it first with `jinye setup`.")
        raise Invalid(msg, code="no_department", field="department")
    if len(departments) > 1:
        msg = _("There are several marketing departments: name one (its code).")
        raise Invalid(msg, code="department_required", field="department")
    return departments[0]


def _write_org(
    kind: str,
    records: list[Record],
    department: MarketingDepartment,
    user: AbstractBaseUser | None,
    result: ImportResult,
) -> tuple[int, int, int]:
    if kind == "areas":
        return org_writers.write_areas(records, department)
    if kind == "staff":
        counts, result.logins = org_writers.write_staff(records, department)
        return counts
    annual = [r.values for r in records if r.values["month"] is None]
    monthly = [r.values for r in records if r.values["month"] is not None]
    cells = [
        (v["year"], v["month"], v["area_id"], v["volume_cases"], v["revenue"]) for v in monthly
    ]
    created, updated, unchanged = target_services.do_import_month_targets(
        department=department, cells=cells, by=user
    )
    for v in annual:
        changed = target_services.do_import_annual_target(
            department=department,
            year=v["year"],
            volume_cases=v["volume_cases"],
            revenue=v["revenue"],
            by=user,
        )
        updated += changed
        unchanged += not changed
    return created, updated, unchanged


def derived_classes(codes: list[str]) -> list[DerivedClass]:
    """The SKUs among ``codes`` whose price class comes from the wholesale price."""
    rows = Sku.objects.filter(transfer_price__isnull=True).order_by("code")
    found: list[DerivedClass] = []
    for part in chunks(codes):
        found.extend(
            DerivedClass(code, name, price, cls)
            for code, name, price, cls in rows.filter(code__in=part).values_list(
                "code", "name", "wholesale_price", "price_class"
            )
        )
    return sorted(found, key=lambda d: d.code)


def _order_days(records: list[OrderRecord]) -> set[tuple[int, date]]:
    """(retailer, order date) of every imported order, before and after: an order whose
    date changes moves cartons between months and weeks."""
    days = {(r.values["retailer_id"], r.values["order_date"]) for r in records}
    for part in chunks([r.key for r in records]):
        days.update(
            Order.objects.filter(order_no__in=part).values_list("retailer_id", "order_date")
        )
    return days


def _over_limit_errors(over: list[OverLimit], records: list[OrderRecord]) -> list[RowError]:
    """Name, for each counter the file would overrun, the first row that adds to it."""
    errors: list[RowError] = []
    for o in over:
        if o.sku_id is None:
            rows = [
                r.row
                for r in records
                if r.values["retailer_id"] == o.retailer_id
                and str(Month.containing(r.values["order_date"])) == o.period
            ]
            msg = _(
                "The retailer's orders in %(period)s would total %(n)s cartons, above its "
                "monthly ceiling of %(limit)s."
            )
            column = "订货日期"
        else:
            rows = [
                r.line_rows[o.sku_id]
                for r in records
                if r.values["retailer_id"] == o.retailer_id
                and Week.containing(r.values["order_date"]).first.isoformat() == o.period
                and o.sku_id in r.line_rows
            ]
            msg = _(
                "The retailer's orders of this scarce SKU in the week of %(period)s would "
                "total %(n)s cartons, above its allowance of %(limit)s."
            )
            column = "数量(条)"
        text = msg % {"period": o.period, "n": o.ordered, "limit": o.limit}
        errors.append(RowError(min(rows, default=None), column, str(o.ordered), text))
    return sorted(errors, key=lambda e: e.row or 0)


def _check(
    kind: str, table: Any, department: MarketingDepartment | None, progress: ProgressFn
) -> Checked:
    lookups = load_lookups(kind, department)
    total = len(table.rows)
    progress(0, total, CHECK)
    check = validate_org if kind in ORG_KINDS else validate_visits if kind == "visits" else validate
    checked = check(kind, table, lookups, rows=_counted(table.rows, progress, total))
    progress(total, total, CHECK)
    return checked
