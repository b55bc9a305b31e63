"""Month ('2026-12') and ISO week ('2026-W49') labels used by quotas and allocation runs."""

import calendar
import re
from datetime import date, timedelta

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_month(label: str) -> str:
    """Validate and normalise a month label 'YYYY-MM'; ValueError with the reason otherwise."""
    m = _MONTH.match(label.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"month {label!r} is not of the form YYYY-MM (e.g. 2026-12)")
    return f"{m.group(1)}-{m.group(2)}"


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of a 'YYYY-MM' month."""
    year, mon = int(month[:4]), int(month[5:])
    return date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])


def previous_months(month: str, n: int) -> list[str]:
    """The ``n`` months before ``month``, oldest first."""
    year, mon = int(month[:4]), int(month[5:])
    out = []
    for _ in range(n):
        mon -= 1
        if mon == 0:
            year, mon = year - 1, 12
        out.append(f"{year:04d}-{mon:02d}")
    return out[::-1]


def parse_week(label: str) -> date:
    """The Monday of an ISO week label 'YYYY-Www' (or of the week of a 'YYYY-MM-DD' date)."""
    text = label.strip()
    m = _WEEK.match(text)
    if m:
        try:
            return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError as exc:
            raise ValueError(f"week {label!r}: {exc}") from exc
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"week {label!r} is not of the form YYYY-Www (e.g. 2026-W49)") from exc
    return monday_of(day)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_label(monday: date) -> str:
    iso = monday.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"
