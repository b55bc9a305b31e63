"""Spring Festival (春节, Chinese New Year) dates: the known event in cigarette demand.

Gift and New Year buying lifts the weeks before the festival and a slump follows it; the
date moves between 21 January and 20 February, so a fixed 52-week season misplaces it.
The table covers 2020–2030 (Gregorian date of the first day of the lunar year).
"""

from datetime import date, timedelta

SPRING_FESTIVAL = {
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
}


def spring_festival(year: int) -> date:
    """The festival's date in ``year``; ValueError outside the table."""
    try:
        return SPRING_FESTIVAL[year]
    except KeyError:
        raise ValueError(f"no Spring Festival date for {year} (table covers 2020–2030)") from None


def festival_week(year: int) -> date:
    """Monday of the ISO week holding the festival."""
    day = spring_festival(year)
    return day - timedelta(days=day.weekday())


def festival_offset(monday: date) -> int:
    """Weeks from the festival week nearest ``monday`` (negative before it, 0 the week of it)."""
    candidates = [
        y for y in (monday.year - 1, monday.year, monday.year + 1) if y in SPRING_FESTIVAL
    ]
    if not candidates:
        raise ValueError(f"{monday} is outside the Spring Festival table (2020–2030)")
    offsets = [(monday - festival_week(y)).days // 7 for y in candidates]
    return min(offsets, key=abs)
