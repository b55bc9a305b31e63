"""Parse and show single spreadsheet cells (as :mod:`jinye.sheets.readers` returns them).

Pure: no database. Each parser returns the value or raises :class:`CellError` with a message
in the reader's language. Headers compare after :func:`normalise_header` (full-width
brackets and spaces ignored); a choice cell accepts a label, a synonym or the stored value.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from jinye import limits
from jinye.sheets.readers import Cell


class CellError(ValueError):
    """A cell's value is unusable; the message says why, in the user's language."""


Choices = dict[str, tuple[str, ...]]


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
    if value > limits.PRICE.high:
        raise CellError(_("At most %(most)s yuan (元).") % {"most": f"{limits.PRICE.high:,}"})
    return value.quantize(Decimal("0.01"))


MAX_QUANTITY = int(limits.STOCK.high)  # 条 on one line of a sheet: far beyond any retailer's month


def quantity(cell: Cell, *, least: int = 1, most: int = MAX_QUANTITY) -> int:
    """A whole number of 条 from ``least`` to ``most``; CellError saying which limit it breaks."""
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
    if value < least:
        raise CellError(_("Quantity must be at least 1."))
    if value > most:
        raise CellError(_("Quantity must be at most %(most)s cartons.") % {"most": f"{most:,}"})
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


def whole_number(cell: Cell, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``; the message states that range."""
    try:
        value = Decimal(shown(cell).replace(",", ""))
    except InvalidOperation as exc:
        raise CellError(_("Not a number.")) from exc
    if not value.is_finite() or value != value.to_integral_value() or not low <= value <= high:
        raise CellError(
            _("Must be a whole number from %(low)s to %(high)s.")
            % {"low": f"{low:,}", "high": f"{high:,}"}
        )
    return int(value)


def moment(cell: Cell) -> datetime:
    """A date and time: an Excel date-time cell, or text such as 2026-01-05 14:30; a date
    alone reads as 09:00 that day."""
    if isinstance(cell, datetime):
        return cell.replace(second=0, microsecond=0, tzinfo=None)
    raw = shown(cell)
    match = re.fullmatch(r"(.+?)[ T](\d{1,2}):(\d{2})(?::\d{2})?", raw)
    if match is None:
        return datetime.combine(day(cell), datetime.min.time()).replace(hour=9)
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        raise CellError(_("Not a time; write it as YYYY-MM-DD HH:MM, e.g. 2026-01-05 14:30."))
    return datetime.combine(day(match.group(1)), datetime.min.time()).replace(
        hour=hour, minute=minute
    )
