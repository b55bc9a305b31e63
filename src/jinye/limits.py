"""The domain limits of every number people type, and the one reader of typed whole numbers.

Each quantity, price or amount a form, API field, import column or command option accepts
has a named :class:`Limit` here: its least and greatest value and its unit. Forms, API
schemas, the sheets kit and services read the bounds from these names, so a page, the API
and an import refuse the same values with the same sentence, and no stored figure can make
a sum overflow (100,000 条 × every retailer and SKU of a county stays far below 2⁶³).

:func:`whole` reads what people type: full-width digits, commas and signs (``１２０``,
``１，２００``) are read as ASCII once, here; any other character that looks like a digit
(``①``, ``²``, Arabic-Indic digits) is refused with a message naming it, as is a value outside
the limit (the message states the limit in the reader's language).
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from jinye.errors import Invalid

CARTONS = pgettext_lazy("unit", "cartons (条)")
CASES = pgettext_lazy("unit", "cases (箱)")
YUAN = pgettext_lazy("unit", "yuan (元)")
YUAN_PER_CARTON = pgettext_lazy("unit", "yuan per carton (元/条)")


@dataclass(frozen=True)
class Limit:
    """The allowed values ``low``–``high`` (inclusive) of one kind of number, in ``unit``."""

    low: int | Decimal
    high: int | Decimal
    unit: str | Promise = ""

    def shown(self) -> str:
        """``0–100,000 cartons (条)`` in the reader's language."""
        return f"{self.low:,}–{self.high:,} {self.unit}".strip()

    def check(
        self, value: int | Decimal, *, field: str = "", label: str = "", typed: str = ""
    ) -> int | Decimal:
        """``value`` if it is within the limit, else :class:`Invalid` stating the limit
        (``typed``: the text as the person typed it, shown instead of ``value``)."""
        refusal = self.refusal(value, label=label, typed=typed)
        if refusal is not None:
            raise Invalid(refusal[1], code=refusal[0], field=field)
        return value

    def refusal(
        self, value: int | Decimal, *, label: str = "", typed: str = ""
    ) -> tuple[str, str] | None:
        """``(code, message)`` when ``value`` is outside the limit (``too_large`` /
        ``too_small``), None when it is within."""
        words = {"field": _named(label), "value": clip(typed or str(value))}
        if value > self.high:
            message = _("%(field)s: %(value)s is too large; at most %(high)s %(unit)s.")
            return "too_large", message % {**words, "high": f"{self.high:,}", "unit": self.unit}
        if value < self.low:
            message = _("%(field)s: %(value)s is too small; at least %(low)s %(unit)s.")
            return "too_small", message % {**words, "low": f"{self.low:,}", "unit": self.unit}
        return None

    def form_bounds(self) -> dict[str, Any]:
        """Keyword arguments for a Django form number field: the bounds, and messages that
        state them with the unit (e.g. “at most 100,000 cartons (条)”)."""
        return {
            "min_value": self.low,
            "max_value": self.high,
            "error_messages": {
                "max_value": _lazy_text(self.at_most),
                "min_value": _lazy_text(self.at_least),
            },
        }

    def at_most(self) -> str:
        """``At most 100,000 cartons (条).``"""
        return _("At most %(high)s %(unit)s.") % {"high": f"{self.high:,}", "unit": self.unit}

    def at_least(self) -> str:
        """``At least 0 cartons (条).``"""
        return _("At least %(low)s %(unit)s.") % {"low": f"{self.low:,}", "unit": self.unit}


_lazy_text = lazy(lambda f: f(), str)

# 条 of one SKU held by one shop (survey counts, stock seen on a visit): far beyond any shop.
STOCK = Limit(0, 100_000, CARTONS)
# 条 of one SKU a retailer is forecast (collected) to want in a month.
FORECAST = Limit(0, 100_000, CARTONS)
# 条 of one SKU on one order line or demand line: 40 箱, beyond any retailer's week.
ORDER_LINE = Limit(1, 10_000, CARTONS)
# 条 of one scarce SKU a retailer is allowed in a week.
ALLOWANCE = Limit(0, 10_000, CARTONS)
# 条 of one SKU the department receives in a week, to allocate.
WEEKLY_SUPPLY = Limit(0, 10_000_000, CARTONS)
# 条 a retailer may order in a month in all (the agreed total and its ceiling).
MONTH_TOTAL = Limit(0, 100_000, CARTONS)
# A department's annual volume target, and one area's month of it.
TARGET_CASES = Limit(1, 10_000_000, CASES)
MONTH_TARGET_CASES = Limit(0, 10_000_000, CASES)
# A department's annual revenue target (whole 元), and one area's month of it.
TARGET_REVENUE = Limit(1, 100_000_000_000, YUAN)
MONTH_TARGET_REVENUE = Limit(0, 100_000_000_000, YUAN)
# A price per 条 (wholesale, transfer, suggested retail, seen on a visit).
PRICE = Limit(Decimal("0"), Decimal("999999.99"), YUAN_PER_CARTON)
# The number of a stored record typed or posted (a demand record, a decision): a 32-bit key.
RECORD_NUMBER = Limit(1, 2_147_483_647)

_WIDE = {
    **{chr(0xFF10 + n): str(n) for n in range(10)},
    "，": ",",
    "－": "-",
    "＋": "+",
    "\u3000": " ",
}
_WHOLE_RE = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})*|[+-]?[0-9]+", re.ASCII)
_MAX_DIGITS = 30  # longer input is refused as too large before Python converts it


def _named(label: str) -> str:
    return label or pgettext("typed number", "Value")


def clip(text: str, most: int = 24) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def ascii_digits(text: str, *, field: str = "", label: str = "") -> str:
    """``text`` with full-width digits, commas, signs and spaces as ASCII, trimmed; Invalid
    (code ``not_a_digit``) naming any other character that reads as a number (``①``, ``²``)."""
    out = []
    for ch in text:
        ch = _WIDE.get(ch, ch)
        if not ch.isascii() and unicodedata.numeric(ch, None) is not None:
            raise Invalid(
                _("%(field)s: “%(char)s” in “%(value)s” is not a digit; type the digits 0–9.")
                % {"field": _named(label), "char": ch, "value": clip(text)},
                code="not_a_digit",
                field=field,
            )
        out.append(ch)
    return "".join(out).strip()


def whole(raw: object, limit: Limit, *, field: str = "", label: str = "") -> int:
    """The whole number typed in ``raw`` (``1,200`` and full-width digits accepted), within
    ``limit``; Invalid naming ``label``, what was typed and the limit otherwise."""
    if isinstance(raw, bool):
        raw = str(raw)
    if isinstance(raw, int):
        return int(limit.check(raw, field=field, label=label))
    text = ascii_digits(str(raw if raw is not None else ""), field=field, label=label)
    if not _WHOLE_RE.fullmatch(text):
        raise Invalid(
            _("%(field)s: “%(value)s” is not a whole number; enter one from %(limit)s.")
            % {"field": _named(label), "value": clip(text), "limit": limit.shown()},
            code="not_whole",
            field=field,
        )
    digits = text.replace(",", "")
    if len(digits.lstrip("+-")) > _MAX_DIGITS:  # Python refuses to convert very long text
        digits = digits[: _MAX_DIGITS + 1]
    return int(limit.check(int(digits), field=field, label=label, typed=text))


def record_number(raw: object) -> int | None:
    """A posted record number (a primary key) as an int, or None when it cannot be one:
    the caller answers as for an unknown record (404), never a 500."""
    try:
        return whole(raw, RECORD_NUMBER)
    except Invalid:
        return None
