"""Rows → typed records plus every problem found, per import kind. Pure: the database's
facts arrive as plain dictionaries in ``Lookups``; nothing here reads or writes it.

A record's ``values`` hold only what the file decides: an optional column that is absent,
or a blank status/flag cell, leaves that field as it is (or at its default for a new row).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from jinye.dataio import schemas as s
from jinye.periods import Week
from jinye.retailers.models import licence_problem
from jinye.sheets import cells
from jinye.sheets.readers import Cell, RawRow, Table

CUSTOMER_MANAGER = "customer_manager"


@dataclass(frozen=True)
class RowError:
    row: int | None  # spreadsheet row (header = 1); None for a problem with the whole file
    column: str
    value: str
    message: str


@dataclass
class Record:
    """One retailer or SKU: its natural key and the field values the file sets."""

    row: int
    key: str
    values: dict[str, Any]


@dataclass
class LineRecord:
    row: int
    sku_id: int
    quantity: int
    unit_price: Decimal | None  # None: keep the stored line's price, or the wholesale price
    wholesale_price: Decimal


@dataclass
class OrderRecord:
    row: int  # the order's first row
    key: str  # order_no
    values: dict[str, Any]  # retailer_id, order_date, week, channel, maybe status
    lines: list[LineRecord] = field(default_factory=list)
    line_rows: dict[int, int] = field(default_factory=dict)  # sku_id → row


@dataclass(frozen=True)
class Lookups:
    areas: dict[str, int | None] = field(default_factory=dict)  # code/name → id; None: ambiguous
    managers: dict[str, tuple[int, str, int | None]] = field(default_factory=dict)
    brands: dict[str, int] = field(default_factory=dict)  # code or name → id
    barcodes: dict[str, str] = field(default_factory=dict)  # stored barcode → its SKU code
    retailers: dict[str, int] = field(default_factory=dict)  # licence → id
    skus: dict[str, tuple[int, Decimal]] = field(default_factory=dict)  # code → id, price
    foreign: set[str] = field(default_factory=set)  # area codes / employee nos of others
    usernames: dict[str, str] = field(default_factory=dict)  # user name → employee no ("")


@dataclass
class Checked:
    records: list[Any]
    errors: list[RowError]


def week_of(day: date) -> date:
    """The Monday of ``day``'s ISO week, as ``Order.week``."""
    return Week.containing(day).first


def map_headers(
    headers: list[str], columns: tuple[s.Column, ...]
) -> tuple[dict[str, int], list[RowError]]:
    """Column index per field, and the header's problems (unknown, repeated, missing)."""
    names: dict[str, s.Column] = {}
    for col in columns:
        for name in (col.header, col.field, *col.aliases):
            names[cells.normalise_header(name)] = col
    index: dict[str, int] = {}
    errors = []
    for i, header in enumerate(headers):
        if not header:
            continue
        found = names.get(cells.normalise_header(header))
        if found is None:
            errors.append(RowError(1, header, header, _("Unknown column.")))
        elif found.field in index:
            errors.append(RowError(1, header, header, _("This column appears twice.")))
        elif not found.informational:
            index[found.field] = i
    for col in columns:
        if col.required and col.field not in index:
            errors.append(RowError(1, col.header, "", _("Required column is missing.")))
    return index, errors


BAD = object()


class Row:
    """One raw row with its column index; collects the row's errors."""

    def __init__(
        self, raw: RawRow, index: dict[str, int], headers: list[str], errors: list[RowError]
    ):
        self.raw, self.index, self.headers, self.errors = raw, index, headers, errors
        self.ok = True

    def has(self, name: str) -> bool:
        return name in self.index

    def cell(self, name: str) -> Cell:
        i = self.index.get(name)
        return self.raw.cells[i] if i is not None and i < len(self.raw.cells) else None

    def blank(self, name: str) -> bool:
        return cells.is_blank(self.cell(name))

    def error(self, name: str, message: str) -> None:
        header = self.headers[self.index[name]]
        self.errors.append(RowError(self.raw.number, header, cells.shown(self.cell(name)), message))
        self.ok = False

    def get(self, name: str, parse: Callable[..., Any], *args: Any, required: bool = True) -> Any:
        """The parsed cell; ``BAD`` after recording an error. A blank optional cell is None."""
        if self.blank(name):
            if required:
                self.error(name, _("Required; the cell is empty."))
                return BAD
            return None
        try:
            return parse(self.cell(name), *args)
        except cells.CellError as exc:
            self.error(name, str(exc))
            return BAD


def lookup(row: Row, name: str, table: dict[str, Any], unknown: str) -> Any:
    key = row.get(name, cells.text, 100)
    if key is BAD:
        return BAD
    if key not in table:
        row.error(name, unknown)
        return BAD
    if table[key] is None:
        row.error(name, _("Several market areas have this name; use the area code instead."))
        return BAD
    return table[key]


def duplicate(row: Row, name: str, key: Any, seen: dict[Any, int], message: str) -> None:
    if key is BAD or key == "":
        return
    if key in seen:
        row.error(name, message % {"row": seen[key]})
    else:
        seen[key] = row.raw.number


def _retailer(row: Row, lookups: Lookups, seen: dict[Any, int]) -> dict[str, Any]:
    v: dict[str, Any] = {}
    v["licence_no"] = licence = row.get("licence_no", cells.text, 20)
    if licence is not BAD and (problem := licence_problem(licence)) is not None:
        row.error("licence_no", problem)
    duplicate(row, "licence_no", licence, seen, _("Duplicate licence number: also in row %(row)d."))
    v["name"] = row.get("name", cells.text, 100)
    v["owner"] = row.get("owner", cells.text, 50)
    for name, length in (("phone", 20), ("address", 200)):
        if row.has(name):
            v[name] = row.get(name, cells.text, length, required=False) or ""
    for name, limit in (("longitude", 180), ("latitude", 90)):
        if row.has(name):
            v[name] = row.get(name, cells.coordinate, limit, required=False)
    v["area_id"] = area = lookup(row, "area", lookups.areas, _("Unknown market area."))
    v["business_format"] = row.get("business_format", cells.choice, s.BUSINESS_FORMATS)
    v["location_type"] = row.get("location_type", cells.choice, s.LOCATION_TYPES)
    if row.has("status") and not row.blank("status"):
        v["status"] = row.get("status", cells.choice, s.RETAILER_STATUSES)
    if row.has("customer_manager"):
        v["customer_manager_id"] = None
        if not row.blank("customer_manager"):
            staff = lookup(row, "customer_manager", lookups.managers, _("Unknown employee number."))
            if staff is not BAD:
                staff_id, role, staff_area = staff
                if role != CUSTOMER_MANAGER:
                    row.error("customer_manager", _("This employee is not a customer manager."))
                elif area is not BAD and staff_area != area:
                    row.error(
                        "customer_manager",
                        _("This customer manager works in another market area."),
                    )
                v["customer_manager_id"] = staff_id
    v["opened_on"] = row.get("opened_on", cells.day)
    return v


def _sku(row: Row, lookups: Lookups, seen: dict[Any, int]) -> dict[str, Any]:
    v: dict[str, Any] = {}
    v["code"] = code = row.get("code", cells.text, 20)
    duplicate(row, "code", code, seen, _("Duplicate SKU code: also in row %(row)d."))
    v["barcode"] = barcode = row.get("barcode", cells.text, 20)
    if barcode is not BAD:
        if not barcode.isdigit():
            row.error("barcode", _("A barcode has digits only."))
        elif lookups.barcodes.get(barcode, code) != code:
            row.error(
                "barcode",
                _("Barcode already belongs to SKU %(code)s.") % {"code": lookups.barcodes[barcode]},
            )
        duplicate(
            row, "barcode", ("barcode", barcode), seen, _("Duplicate barcode: also in row %(row)d.")
        )
    brand = row.get("brand", cells.text, 50)
    if brand is not BAD:
        if brand in lookups.brands:
            v["brand_id"] = lookups.brands[brand]
        else:  # created with the SKUs; the import's summary names it
            v["new_brand"] = brand
    v["name"] = row.get("name", cells.text, 100)
    if row.has("transfer_price"):
        v["transfer_price"] = row.get("transfer_price", cells.money, required=False)
    v["wholesale_price"] = row.get("wholesale_price", cells.money)
    v["retail_price"] = row.get("retail_price", cells.money)
    for name in ("scarce", "active"):
        if row.has(name) and not row.blank(name):
            v[name] = row.get(name, cells.flag)
    return v


def _order_line(row: Row, lookups: Lookups, orders: dict[str, OrderRecord]) -> OrderRecord | None:
    order_no = row.get("order_no", cells.text, 30)
    head: dict[str, Any] = {
        "retailer_id": lookup(row, "licence_no", lookups.retailers, _("Unknown retailer licence.")),
        "order_date": row.get("order_date", cells.day),
        "channel": row.get("channel", cells.choice, s.CHANNELS),
    }
    if row.has("status") and not row.blank("status"):
        head["status"] = row.get("status", cells.choice, s.ORDER_STATUSES)
    sku = lookup(row, "sku", lookups.skus, _("Unknown SKU code."))
    qty = row.get("quantity", cells.quantity)
    price = row.get("unit_price", cells.money, required=False) if row.has("unit_price") else None
    if (
        row.has("amount")
        and not row.blank("amount")
        and qty is not BAD
        and price not in (None, BAD)
    ):
        amount = row.get("amount", cells.money)
        if amount is not BAD and amount != price * qty:
            row.error(
                "amount", _("Amount is not quantity × unit price (%(x)s).") % {"x": price * qty}
            )
    if order_no is BAD:
        return None
    order = orders.get(order_no)
    if order is None:
        if BAD not in head.values():
            head["week"] = week_of(head["order_date"])
        order = orders[order_no] = OrderRecord(row.raw.number, order_no, head)
    else:
        for name, value in head.items():
            field_name = {"retailer_id": "licence_no"}.get(name, name)
            if value is not BAD and order.values.get(name, value) not in (value, BAD):
                row.error(
                    field_name,
                    _("Differs from row %(row)d of the same order.") % {"row": order.row},
                )
    if sku is not BAD:
        sku_id, wholesale = sku
        if sku_id in order.line_rows:
            row.error(
                "sku",
                _("This SKU is already in the same order at row %(row)d.")
                % {"row": order.line_rows[sku_id]},
            )
        else:
            order.line_rows[sku_id] = row.raw.number
            if qty is not BAD and price is not BAD:
                order.lines.append(LineRecord(row.raw.number, sku_id, qty, price, wholesale))
    return order


RowCheck = Callable[["Row", Lookups, dict[Any, int]], dict[str, Any]]


def validate_records(
    kind: str,
    table: Table,
    lookups: Lookups,
    check: RowCheck,
    key_field: str,
    rows: Iterable[RawRow] | None = None,
) -> Checked:
    """Check every row of ``table`` with ``check``; a record per good row, keyed by the
    value ``check`` puts under ``key_field``. Nothing is returned but errors if any row fails."""
    index, errors = map_headers(table.headers, s.COLUMNS[kind])
    if errors:
        return Checked([], errors)
    if not table.rows:
        return Checked([], [RowError(None, "", "", _("The file has no data rows."))])
    seen: dict[Any, int] = {}
    records: list[Any] = []
    for raw in table.rows if rows is None else rows:
        row = Row(raw, index, table.headers, errors)
        values = check(row, lookups, seen)
        if row.ok:
            records.append(Record(raw.number, values.pop(key_field), values))
    errors.sort(key=lambda e: e.row or 0)
    return Checked(records if not errors else [], errors)


def validate(
    kind: str, table: Table, lookups: Lookups, rows: Iterable[RawRow] | None = None
) -> Checked:
    """Check every row of ``table`` as ``kind`` ("retailers", "skus" or "orders").

    ``rows`` defaults to ``table.rows``; pass a wrapper of them to follow progress.
    """
    if kind == "retailers":
        return validate_records(kind, table, lookups, _retailer, "licence_no", rows)
    if kind == "skus":
        return validate_records(kind, table, lookups, _sku, "code", rows)
    index, errors = map_headers(table.headers, s.COLUMNS[kind])
    if errors:
        return Checked([], errors)
    if not table.rows:
        return Checked([], [RowError(None, "", "", _("The file has no data rows."))])
    orders: dict[str, OrderRecord] = {}
    for raw in table.rows if rows is None else rows:
        _order_line(Row(raw, index, table.headers, errors), lookups, orders)
    errors.sort(key=lambda e: e.row or 0)
    return Checked(list(orders.values()) if not errors else [], errors)
