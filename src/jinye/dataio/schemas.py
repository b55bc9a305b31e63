"""The columns of each import kind and the parsers of single cells. Pure: no database.

A file's header may use the Chinese column name (what templates and exports write) or the
English field name; full-width brackets and spaces are ignored. Enum cells accept the Chinese
label (as exported) or the stored English value.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jinye.dataio.readers import Cell


class CellError(ValueError):
    """A cell's value is unusable; the message says why, in the user's language."""


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the Chinese header written by templates and exports
    help: str | Promise = ""
    required: bool = False
    informational: bool = False  # written by exports for people; ignored on import
    aliases: tuple[str, ...] = ()
    values: tuple[str, ...] = ()  # the cell values accepted, as exported; the first is the default


Choices = dict[str, tuple[str, ...]]

# Chinese labels as exported (fixed, whatever the UI language), plus accepted synonyms.
BUSINESS_FORMATS: Choices = {
    "grocery": ("食杂店",),
    "convenience": ("便利店",),
    "supermarket": ("超市",),
    "tobacco_liquor": ("烟酒商店", "烟酒店"),
    "entertainment": ("娱乐服务类", "娱乐服务"),
    "mall": ("商场",),
    "other": ("其他",),
}
LOCATION_TYPES: Choices = {"urban": ("城镇", "城市", "城"), "rural": ("乡村", "农村", "乡")}
RETAILER_STATUSES: Choices = {
    "open": ("营业",),
    "suspended": ("歇业", "暂停营业"),
    "cancelled": ("注销",),
}
CHANNELS: Choices = {
    "online": ("网上订货", "网上", "网订"),
    "phone": ("电话", "电话订货"),
    "visit": ("拜访",),
}
ORDER_STATUSES: Choices = {
    "submitted": ("已提交", "提交"),
    "confirmed": ("已确认", "确认"),
    "delivered": ("已送达", "已送货", "送达"),
    "cancelled": ("已取消", "取消"),
}


_BLANK_UNCHANGED = gettext_lazy("Blank: unchanged; a new row gets the first value.")


def _labels(choices: Choices) -> tuple[str, ...]:
    return tuple(labels[0] for labels in choices.values())


RETAILER_COLUMNS = (
    Column("licence_no", "许可证号", gettext_lazy("Tobacco retail licence number; the key."), True),
    Column("name", "店名", gettext_lazy("Shop name."), True),
    Column("owner", "负责人", gettext_lazy("Owner (licence holder)."), True),
    Column("phone", "电话", gettext_lazy("Phone number.")),
    Column("address", "地址", gettext_lazy("Address.")),
    Column("longitude", "经度", gettext_lazy("Longitude, decimal degrees.")),
    Column("latitude", "纬度", gettext_lazy("Latitude, decimal degrees.")),
    Column(
        "area",
        "市场部",
        gettext_lazy("Market area: name or code."),
        True,
        aliases=("客户服务部", "area_code"),
    ),
    Column(
        "business_format",
        "业态",
        gettext_lazy("Business format."),
        True,
        values=_labels(BUSINESS_FORMATS),
    ),
    Column(
        "location_type",
        "城乡",
        gettext_lazy("Urban or rural."),
        True,
        values=_labels(LOCATION_TYPES),
    ),
    Column("status", "状态", _BLANK_UNCHANGED, values=_labels(RETAILER_STATUSES)),
    Column(
        "customer_manager",
        "客户经理工号",
        gettext_lazy("Employee number of the customer manager; blank: none."),
    ),
    Column("opened_on", "开业日期", gettext_lazy("Date opened, e.g. 2020-03-15."), True),
)
SKU_COLUMNS = (
    Column("code", "品规编码", gettext_lazy("SKU code; the key."), True),
    Column("barcode", "条码", gettext_lazy("Carton barcode (digits)."), True),
    Column("brand", "品牌", gettext_lazy("Brand name or code; the brand must exist."), True),
    Column("name", "品规名称", gettext_lazy("SKU name."), True),
    Column(
        "transfer_price",
        "调拨价",
        gettext_lazy("Transfer price per carton (tax-exclusive); may be blank."),
    ),
    Column("wholesale_price", "批发价", gettext_lazy("Wholesale price per carton."), True),
    Column("retail_price", "建议零售价", gettext_lazy("Suggested retail price per carton."), True),
    Column(
        "price_class",
        "价类",
        gettext_lazy("Price class; derived, ignored on import."),
        informational=True,
    ),
    Column("scarce", "紧俏", _BLANK_UNCHANGED, values=("否", "是")),
    Column("active", "在销", _BLANK_UNCHANGED, values=("是", "否")),
)
ORDER_COLUMNS = (
    Column(
        "order_no",
        "订单号",
        gettext_lazy("Order number; rows with the same number form one order."),
        True,
    ),
    Column("licence_no", "许可证号", gettext_lazy("The retailer's licence number."), True),
    Column(
        "retailer_name", "店名", gettext_lazy("Shop name; ignored on import."), informational=True
    ),
    Column("order_date", "订货日期", gettext_lazy("Order date, e.g. 2026-01-05."), True),
    Column("channel", "渠道", gettext_lazy("Order channel."), True, values=_labels(CHANNELS)),
    Column("status", "订单状态", _BLANK_UNCHANGED, values=_labels(ORDER_STATUSES)),
    Column("sku", "品规编码", gettext_lazy("SKU code."), True),
    Column(
        "sku_name", "品规名称", gettext_lazy("SKU name; ignored on import."), informational=True
    ),
    Column(
        "quantity",
        "数量(条)",
        gettext_lazy("Cartons: a whole number, at least 1."),
        True,
        aliases=("数量",),
    ),
    Column(
        "unit_price", "单价", gettext_lazy("Price per carton; blank: the SKU's wholesale price.")
    ),
    Column("amount", "金额", gettext_lazy("Quantity × unit price; checked when given.")),
)
COLUMNS: dict[str, tuple[Column, ...]] = {
    "retailers": RETAILER_COLUMNS,
    "skus": SKU_COLUMNS,
    "orders": ORDER_COLUMNS,
}

_TRUE = {"是", "y", "yes", "true", "1", "√", "紧俏", "在销"}
_FALSE = {"否", "n", "no", "false", "0", "×", "x"}


def normalise_header(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")").lower()


def label_of(choices: Choices, value: str) -> str:
    """The Chinese label an export writes for stored ``value``."""
    return choices[value][0]


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def shown(cell: Cell) -> str:
    """A cell as an error report shows it."""
    if cell is None:
        return ""
    if isinstance(cell, datetime) and not (cell.hour or cell.minute or cell.second):
        return cell.date().isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def text(cell: Cell, max_length: int) -> str:
    """A text cell; numbers typed into Excel (licences, phones, barcodes) read as digits."""
    if is_blank(cell):
        return ""
    value = shown(cell)
    if len(value) > max_length:
        raise CellError(_("Longer than %(n)d characters.") % {"n": max_length})
    return value


def money(cell: Cell) -> Decimal:
    """A positive amount of 元 with at most two decimals."""
    try:
        value = Decimal(shown(cell).replace(",", ""))
    except InvalidOperation as exc:
        raise CellError(_("Not a number.")) from exc
    if not value.is_finite():
        raise CellError(_("Not a number."))
    if value <= 0:
        raise CellError(_("Must be greater than 0."))
    if value != value.quantize(Decimal("0.01")):
        raise CellError(_("At most two decimal places."))
    if value >= Decimal("1e6"):
        raise CellError(_("Too large."))
    return value.quantize(Decimal("0.01"))


def quantity(cell: Cell) -> int:
    """A whole, positive number of 条."""
    try:
        value = Decimal(shown(cell).replace(",", ""))
    except InvalidOperation as exc:
        raise CellError(_("Not a number.")) from exc
    if not value.is_finite():
        raise CellError(_("Not a number."))
    if value < 0:
        raise CellError(_("Quantity cannot be negative."))
    if value != value.to_integral_value():
        raise CellError(_("Quantity must be a whole number of cartons (条)."))
    if value == 0:
        raise CellError(_("Quantity must be at least 1."))
    if value > 100_000:
        raise CellError(_("Too large."))
    return int(value)


def coordinate(cell: Cell, limit: int) -> float | None:
    if is_blank(cell):
        return None
    try:
        value = float(shown(cell))
    except ValueError as exc:
        raise CellError(_("Not a number.")) from exc
    if not -limit <= value <= limit:
        raise CellError(_("Must be between -%(n)d and %(n)d.") % {"n": limit})
    return value


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


def day(cell: Cell) -> date:
    """A date: an Excel date cell, or text such as 2026-01-05, 2026/1/5, 20260105, 2026年1月5日."""
    if isinstance(cell, datetime):
        value = cell.date()
    elif isinstance(cell, date):
        value = cell
    else:
        raw = shown(cell)
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2} 00:00(:00)?", raw):
            raw = raw.split(" ")[0]
        for fmt in _DATE_FORMATS:
            try:
                value = datetime.strptime(raw, fmt).date()
                break
            except ValueError:
                continue
        else:
            raise CellError(_("Not a date; write it as YYYY-MM-DD, e.g. 2026-01-05."))
    if not date(1980, 1, 1) <= value <= date(2100, 12, 31):
        raise CellError(_("Date out of range (1980–2100)."))
    return value


def choice(cell: Cell, choices: Choices) -> str:
    """The stored value for a Chinese label, synonym or stored value."""
    raw = shown(cell)
    for value, labels in choices.items():
        if raw == value or raw in labels:
            return value
    allowed = "、".join(labels[0] for labels in choices.values())
    raise CellError(_("Not one of: %(allowed)s.") % {"allowed": allowed})


def flag(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return cell
    raw = shown(cell).lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise CellError(_("Write 是 (yes) or 否 (no)."))


def flag_label(value: bool) -> str:
    return "是" if value else "否"
