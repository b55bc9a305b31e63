"""Export retailers and order lines to .xlsx, and write empty import templates.

Exports use the importer's Chinese headers and labels, so an exported file imports back
unchanged. Callers pass querysets already narrowed to what the reader may see
(``access.retailers``); nothing here widens a scope.
"""

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jinye import access
from jinye.access import staff_of
from jinye.dataio import schemas as s
from jinye.errors import Invalid
from jinye.orders.models import OrderLine
from jinye.retailers.models import Retailer
from jinye.sheets.cells import label_of
from jinye.sheets.xlsx import write_xlsx

MAX_ROWS = 1_048_575  # an .xlsx sheet holds 1,048,576 rows, one of them the header
WIDTHS = {"许可证号": 16, "店名": 24, "地址": 36, "订单号": 20, "品规名称": 22, "开业日期": 12}
TEXT_COLUMNS = {"许可证号", "电话", "条码", "订单号", "品规编码", "客户经理工号"}


def _headers(kind: str) -> list[str]:
    return [c.header for c in s.COLUMNS[kind]]


def _check_size(count: int) -> None:
    """Invalid (code ``export_too_large``) when there are more rows than one sheet holds."""
    if count > MAX_ROWS:
        raise Invalid(
            _("%(n)s rows are more than one Excel sheet holds (%(max)s); narrow the dates.")
            % {"n": f"{count:,}", "max": f"{MAX_ROWS:,}"},
            code="export_too_large",
        )


def retailer_rows(retailers: QuerySet[Retailer]) -> Iterable[list[Any]]:
    qs = retailers.select_related("area", "customer_manager").order_by("licence_no")
    for r in qs.iterator(chunk_size=2000):
        yield [
            r.licence_no,
            r.name,
            r.owner,
            r.phone,
            r.address,
            r.longitude,
            r.latitude,
            r.area.name,
            label_of(s.BUSINESS_FORMATS, r.business_format),
            label_of(s.LOCATION_TYPES, r.location_type),
            label_of(s.RETAILER_STATUSES, r.status),
            r.customer_manager.employee_no if r.customer_manager else "",
            r.opened_on,
        ]


def export_retailers(retailers: QuerySet[Retailer], target: Path | IO[bytes]) -> int:
    """The retailer list as the retailers import takes it."""
    _check_size(retailers.count())
    return write_xlsx(target, _headers("retailers"), retailer_rows(retailers), "零售客户", WIDTHS)


def order_lines(
    retailers: QuerySet[Retailer], *, first: date | None = None, last: date | None = None
) -> QuerySet[OrderLine]:
    """Order lines of ``retailers``' orders, dated ``first``…``last`` (inclusive) if given."""
    qs = OrderLine.objects.filter(order__retailer__in=retailers.values("pk"))
    if first is not None:
        qs = qs.filter(order__order_date__gte=first)
    if last is not None:
        qs = qs.filter(order__order_date__lte=last)
    return qs


_LINE_FIELDS = (
    "order__order_no",
    "order__retailer__licence_no",
    "order__retailer__name",
    "order__order_date",
    "order__channel",
    "order__status",
    "sku__code",
    "sku__name",
    "quantity",
    "unit_price",
    "amount",
)


def order_line_rows(lines: QuerySet[OrderLine]) -> Iterable[list[Any]]:
    qs = lines.order_by("order__order_date", "order__order_no", "sku__code").values_list(
        *_LINE_FIELDS
    )
    for no, licence, name, day, channel, status, sku, sku_name, qty, price, amount in qs.iterator(
        chunk_size=5000
    ):
        yield [
            no,
            licence,
            name,
            day,
            label_of(s.CHANNELS, channel),
            label_of(s.ORDER_STATUSES, status),
            sku,
            sku_name,
            qty,
            price,
            amount,
        ]


def export_order_lines(lines: QuerySet[OrderLine], target: Path | IO[bytes]) -> int:
    """Order lines as the orders import takes them (one row per line)."""
    _check_size(lines.count())
    return write_xlsx(target, _headers("orders"), order_line_rows(lines), "订单明细", WIDTHS)


def write_template(kind: str, target: Path | IO[bytes]) -> None:
    """An empty import file for ``kind``: the header row, then a sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = {"retailers": "零售客户", "skus": "品规", "orders": "订单明细"}[kind]
    sheet.append(_headers(kind))
    sheet.freeze_panes = "A2"
    for i, col in enumerate(s.COLUMNS[kind], start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = WIDTHS.get(col.header, 12)
        if col.header in TEXT_COLUMNS:
            # Text format keeps leading zeros and long digit strings as typed.
            for row in range(2, 1001):
                sheet.cell(row=row, column=i).number_format = "@"
    notes = book.create_sheet(pgettext("dataio", "Notes"))
    notes.append(
        [
            pgettext("dataio", "Column"),
            pgettext("dataio", "Required"),
            pgettext("dataio", "Meaning"),
        ]
    )
    for col in s.COLUMNS[kind]:
        meaning = " ".join([str(col.help), " / ".join(col.values)]).strip()
        notes.append([col.header, pgettext("dataio", "yes") if col.required else "", meaning])
    notes.column_dimensions["C"].width = 70
    book.save(target)


def export_for_cli(kind: str, path: Path, *, username: str | None = None) -> int:
    """Export ``kind`` ("retailers" or "order-lines") to ``path``; what ``username`` may see,
    or everything without one. Raises LookupError for an unknown user or one without a
    staff record."""
    if username is None:
        retailers = Retailer.objects.all()
    else:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise LookupError(f"No user named “{username}”.")
        if staff_of(user) is None:
            raise LookupError(f"User “{username}” has no active staff record, so sees no data.")
        retailers = access.retailers(user)
    if kind == "retailers":
        return export_retailers(retailers, path)
    if kind == "order-lines":
        return export_order_lines(order_lines(retailers), path)
    raise ValueError(f"unknown export kind {kind!r}; expected retailers or order-lines")
