"""Month labels (``2026-11``) and three-month assessment windows (``2026Q3``)."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_WINDOW_RE = re.compile(r"^(\d{4})Q([1-4])$")


def parse_month(text: str) -> date:
    """``"2026-11"`` → date(2026, 11, 1); anything else raises ValueError saying why."""
    m = _MONTH_RE.match((text or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or not 2000 <= int(m.group(1)) <= 2100:
        raise ValueError(f"invalid month {text!r}: expected YYYY-MM, e.g. 2026-11")
    return date(int(m.group(1)), int(m.group(2)), 1)


def month_label(day: date) -> str:
    return day.strftime("%Y-%m")


@dataclass(frozen=True)
class Window:
    """A three-month assessment window (测评期): a calendar quarter."""

    year: int
    quarter: int

    @classmethod
    def parse(cls, text: str) -> "Window":
        m = _WINDOW_RE.match((text or "").strip().upper())
        if not m or not 2000 <= int(m.group(1)) <= 2100:
            raise ValueError(f"invalid window {text!r}: expected YYYYQn, e.g. 2026Q3")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def containing(cls, day: date) -> "Window":
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def months(self) -> list[str]:
        first = 3 * self.quarter - 2
        return [f"{self.year}-{m:02d}" for m in range(first, first + 3)]

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        nxt = date(self.year + self.quarter // 4, self.quarter % 4 * 3 + 1, 1)
        return nxt - timedelta(days=1)

    def previous(self) -> "Window":
        return Window(self.year - (self.quarter == 1), (self.quarter - 2) % 4 + 1)
