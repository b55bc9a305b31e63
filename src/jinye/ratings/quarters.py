"""Quarter labels (``2026Q3``): parsing, date ranges and neighbours."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

_QUARTER_RE = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """``"2026Q3"`` → Quarter(2026, 3); anything else raises ValueError saying why."""
        match = _QUARTER_RE.match(text.strip().upper()) if isinstance(text, str) else None
        if not match or not 2000 <= int(match.group(1)) <= 2100:
            raise ValueError(
                f"invalid quarter {text!r}: expected YYYYQn with n 1–4 and a year "
                "2000–2100, e.g. 2026Q3"
            )
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    def next(self) -> "Quarter":
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    def year_before(self) -> "Quarter":
        return Quarter(self.year - 1, self.number)
