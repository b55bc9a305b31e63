"""Calendar periods: :class:`Month` (``2026-12``), ISO :class:`Week` (``2026-W49``),
:class:`Quarter` (``2026Q3``) and :class:`Year` (``2026``).

Every period is a small frozen value with the same interface:

- ``Kind.parse(text, field=...)`` reads what people type (full-width digits and letters
  such as ``２０２６-１２`` are read as ASCII) and raises :class:`jinye.errors.Invalid`
  (code ``bad_month`` / ``bad_week`` / ``bad_quarter`` / ``bad_year``) naming the field,
  the expected form and the allowed years (:data:`MIN_YEAR`–:data:`MAX_YEAR`);
- ``Kind.containing(day)``: the period a day falls in;
- ``str(p)``: the stable code label stored and put in URLs (``2026-12``, ``2026-W49``,
  ``2026Q3``, ``2026``); ``parse(str(p)) == p``;
- ``p.label()``: the display label in the active language (``2026年12月`` /
  ``December 2026``, ``2026年三季度`` / ``Q3 2026``);
- ``p.first`` / ``p.last``: its first and last day (inclusive), ``p.bounds`` both,
  ``p.span`` the same as the engines' :class:`jinye.engines.analysis.Period`;
- ``p.next(n)`` / ``p.previous(n)``, ``p.year_before()`` (the same period last year),
  ``p.months()`` (the months of a quarter or year).

Engines never parse text: callers parse here and hand the engines dates.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar, Self

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from jinye.errors import Invalid

if TYPE_CHECKING:
    from jinye.engines.analysis import Period

MIN_YEAR = 2000
MAX_YEAR = 2100

_MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_WEEK_RE = re.compile(r"([0-9]{4})-?W([0-9]{1,2})", re.IGNORECASE)
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_QUARTER_RE = re.compile(r"([0-9]{4})-?Q([1-4])", re.IGNORECASE)
_YEAR_RE = re.compile(r"[0-9]{4}")


def normalise(text: object) -> str:
    """``text`` with full-width digits, letters and hyphens read as ASCII, trimmed."""
    if not isinstance(text, str):
        return ""
    return unicodedata.normalize("NFKC", text).strip()


def _refuse(code: str, field: str, text: object, msgid: str) -> Invalid:
    # The CLI checks its options before it sets Django up: untranslated English then.
    message = _(msgid) if settings.configured else msgid
    values = {"value": text or "", "min": MIN_YEAR, "max": MAX_YEAR}
    return Invalid(message % values, code=code, field=field)


# msgids translated in _refuse (django's gettext_noop itself needs settings)
_BAD_MONTH = (
    "“%(value)s” is not a month: enter it as YYYY-MM, e.g. 2026-12, with a year from "
    "%(min)d to %(max)d."
)
_BAD_WEEK = (
    "“%(value)s” is not a week: enter it as YYYY-Www or a date, e.g. 2026-W49 or "
    "2026-12-02, with a year from %(min)d to %(max)d."
)
_BAD_QUARTER = (
    "“%(value)s” is not a quarter: enter it as YYYYQn with n from 1 to 4, e.g. 2026Q3, "
    "with a year from %(min)d to %(max)d."
)
_BAD_YEAR = "“%(value)s” is not a year: enter it as YYYY, e.g. 2026, from %(min)d to %(max)d."
_BAD_MONTH_OR_QUARTER = (
    "“%(value)s” is neither a quarter nor a month: enter a quarter as YYYYQn, e.g. 2026Q3, "
    "or a month as YYYY-MM, e.g. 2026-12, with a year from %(min)d to %(max)d."
)


def _in_range(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def _named(name: str, year: int) -> str:
    return pgettext("period label", "%(name)s %(year)d") % {"name": name, "year": year}


class _Period:
    """What every period offers besides its own fields."""

    @property
    def first(self) -> date:
        raise NotImplementedError

    @property
    def last(self) -> date:
        raise NotImplementedError

    @property
    def bounds(self) -> tuple[date, date]:
        """``(first, last)``, e.g. for a ``__range`` lookup."""
        return self.first, self.last

    @property
    def span(self) -> "Period":
        """The engines' inclusive date range."""
        from jinye.engines.analysis import Period

        return Period(self.first, self.last)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def __contains__(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True, order=True)
class Month(_Period):
    year: int
    month: int

    kind: ClassVar[str] = "month"

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not 1–12")

    @classmethod
    def parse(cls, text: object, *, field: str = "month") -> Self:
        """``2026-12`` (or ``2026-3``) → Month(2026, 12)."""
        m = _MONTH_RE.fullmatch(normalise(text))
        if not m or not 1 <= int(m[2]) <= 12 or not _in_range(int(m[1])):
            raise _refuse("bad_month", field, text, _BAD_MONTH)
        return cls(int(m[1]), int(m[2]))

    @classmethod
    def containing(cls, day: date) -> Self:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def label(self) -> str:
        return _named(str(_MONTH_NAMES[self.month - 1]), self.year)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return self.next().first - timedelta(days=1)

    def _index(self) -> int:
        return self.year * 12 + self.month - 1

    def next(self, n: int = 1) -> Self:
        year, month0 = divmod(self._index() + n, 12)
        return type(self)(year, month0 + 1)

    def previous(self, n: int = 1) -> Self:
        return self.next(-n)

    def year_before(self) -> Self:
        return type(self)(self.year - 1, self.month)

    def months(self) -> list["Month"]:
        return [self]


@dataclass(frozen=True, order=True)
class Week(_Period):
    """An ISO 8601 week (Monday to Sunday); ``year`` is the ISO year, which differs from the
    calendar year for a few days around New Year."""

    year: int
    week: int

    kind: ClassVar[str] = "week"

    def __post_init__(self) -> None:
        if not 1 <= self.week <= weeks_in(self.year):
            raise ValueError(f"{self.year} has no ISO week {self.week}")

    @classmethod
    def parse(cls, text: object, *, field: str = "week") -> Self:
        """``2026-W49`` (or ``2026W49``), or a date ``2026-12-02`` → the week containing it."""
        clean = normalise(text)
        m = _WEEK_RE.fullmatch(clean)
        if m and _in_range(int(m[1])) and 1 <= int(m[2]) <= weeks_in(int(m[1])):
            return cls(int(m[1]), int(m[2]))
        if not m and _DATE_RE.fullmatch(clean):
            try:
                day = date.fromisoformat(clean)
            except ValueError:
                day = None
            if day is not None and _in_range(day.year):
                return cls.containing(day)
        raise _refuse("bad_week", field, text, _BAD_WEEK)

    @classmethod
    def containing(cls, day: date) -> Self:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"

    def label(self) -> str:
        return _("week %(week)d of %(year)d") % {"week": self.week, "year": self.year}

    @property
    def first(self) -> date:
        """Its Monday."""
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def last(self) -> date:
        return self.first + timedelta(days=6)

    def next(self, n: int = 1) -> Self:
        return self.containing(self.first + timedelta(weeks=n))

    def previous(self, n: int = 1) -> Self:
        return self.next(-n)

    def year_before(self) -> Self:
        """The same week number a year earlier; week 53 maps to week 52 in a 52-week year."""
        return type(self)(self.year - 1, min(self.week, weeks_in(self.year - 1)))


def weeks_in(year: int) -> int:
    """52 or 53: the ISO weeks of ``year`` (28 December is always in its last week)."""
    return date(year, 12, 28).isocalendar().week


@dataclass(frozen=True, order=True)
class Quarter(_Period):
    year: int
    number: int

    kind: ClassVar[str] = "quarter"

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"quarter {self.number} is not 1–4")

    @classmethod
    def parse(cls, text: object, *, field: str = "quarter") -> Self:
        """``2026Q3`` (or ``2026q3``, ``2026-Q3``) → Quarter(2026, 3)."""
        m = _QUARTER_RE.fullmatch(normalise(text))
        if not m or not _in_range(int(m[1])):
            raise _refuse("bad_quarter", field, text, _BAD_QUARTER)
        return cls(int(m[1]), int(m[2]))

    @classmethod
    def containing(cls, day: date) -> Self:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}Q{self.number}"

    def label(self) -> str:
        return _named(str(_QUARTER_NAMES[self.number - 1]), self.year)

    @property
    def first(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last(self) -> date:
        return self.months()[-1].last

    def next(self, n: int = 1) -> Self:
        year, number0 = divmod(self.year * 4 + self.number - 1 + n, 4)
        return type(self)(year, number0 + 1)

    def previous(self, n: int = 1) -> Self:
        return self.next(-n)

    def year_before(self) -> Self:
        return type(self)(self.year - 1, self.number)

    def months(self) -> list[Month]:
        return [Month(self.year, m) for m in range(3 * self.number - 2, 3 * self.number + 1)]


@dataclass(frozen=True, order=True)
class Year(_Period):
    year: int

    kind: ClassVar[str] = "year"

    @classmethod
    def parse(cls, text: object, *, field: str = "year") -> Self:
        """``2026`` → Year(2026)."""
        clean = normalise(text)
        if not _YEAR_RE.fullmatch(clean) or not _in_range(int(clean)):
            raise _refuse("bad_year", field, text, _BAD_YEAR)
        return cls(int(clean))

    @classmethod
    def containing(cls, day: date) -> Self:
        return cls(day.year)

    def __str__(self) -> str:
        return f"{self.year:04d}"

    def label(self) -> str:
        return _("year %(year)d") % {"year": self.year}

    @property
    def first(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last(self) -> date:
        return date(self.year, 12, 31)

    def next(self, n: int = 1) -> Self:
        return type(self)(self.year + n)

    def previous(self, n: int = 1) -> Self:
        return self.next(-n)

    def year_before(self) -> Self:
        return self.previous()

    def months(self) -> list[Month]:
        return [Month(self.year, m) for m in range(1, 13)]


AnyPeriod = Month | Week | Quarter | Year

_MONTH_NAMES = (
    pgettext_lazy("month of a year", "January"),
    pgettext_lazy("month of a year", "February"),
    pgettext_lazy("month of a year", "March"),
    pgettext_lazy("month of a year", "April"),
    pgettext_lazy("month of a year", "May"),
    pgettext_lazy("month of a year", "June"),
    pgettext_lazy("month of a year", "July"),
    pgettext_lazy("month of a year", "August"),
    pgettext_lazy("month of a year", "September"),
    pgettext_lazy("month of a year", "October"),
    pgettext_lazy("month of a year", "November"),
    pgettext_lazy("month of a year", "December"),
)
_QUARTER_NAMES = (
    pgettext_lazy("quarter of a year", "Q1"),
    pgettext_lazy("quarter of a year", "Q2"),
    pgettext_lazy("quarter of a year", "Q3"),
    pgettext_lazy("quarter of a year", "Q4"),
)


def parse_month_or_quarter(text: object, *, field: str = "period") -> "Month | Quarter":
    """``2026Q3`` → Quarter, ``2026-12`` → Month (a report's one period field); anything
    else is :class:`Invalid` (code ``bad_period``) naming both forms."""
    plain = normalise(text)
    if _QUARTER_RE.fullmatch(plain):
        return Quarter.parse(plain, field=field)
    if _MONTH_RE.fullmatch(plain):
        return Month.parse(plain, field=field)
    raise _refuse("bad_period", field, text, _BAD_MONTH_OR_QUARTER)
