"""Report periods from text (``2026Q1``, ``2026-03``), their labels and successors.
Django-free so the CLI can validate options before setting Django up."""

import re
from datetime import date, timedelta

from jinye.engines.analysis import Period

NUMERALS = "一二三四五六七八九十"


def parse_quarter(text: str) -> Period:
    m = re.fullmatch(r"(\d{4})[Qq]([1-4])", text.strip())
    if not m:
        raise ValueError(f"{text!r} is not a quarter like 2026Q1")
    year, q = int(m[1]), int(m[2])
    first = date(year, 3 * q - 2, 1)
    return Period(first, _month_end(date(year, 3 * q, 1)))


def parse_month(text: str) -> Period:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not m or not 1 <= int(m[2]) <= 12:
        raise ValueError(f"{text!r} is not a month like 2026-03")
    first = date(int(m[1]), int(m[2]), 1)
    return Period(first, _month_end(first))


def _month_end(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def next_period(period: Period) -> Period:
    months = (period.last.year - period.first.year) * 12 + period.last.month - period.first.month
    first = period.last + timedelta(days=1)
    last = first
    for _ in range(months):
        last = _month_end(last) + timedelta(days=1)
    return Period(first, _month_end(last))


def period_label(period: Period) -> str:
    if period.first.month == period.last.month:
        return f"{period.first.year}年{period.first.month}月"
    return f"{period.first.year}年{NUMERALS[(period.first.month - 1) // 3]}季度"
