"""Monthly visit plans: how often each retailer is visited, and on which working days.

Pure: plain frames and parameters in, a Polars frame out. Contracts:

- ``required_visits``: a retailer's visits in a month from its star's rule; a weekly rule
  counts once per calendar week (Monday start) holding at least one working day of the month.
  Customer-manager rules are at least one a month (every retailer is visited monthly).
- ``plan_month``: every required visit lands on a working day; visits of one retailer are
  evenly spaced (a weekly rule puts one visit in each week); no day holds more than
  ``capacity`` stops; retailers close in bearing from the base share days, so routes stay short.
  Raises ``ValueError`` (the reason in English) when the month cannot hold the visits.
- ``sample_retailers``: a reproducible random share of retailers, seeded by month and area.
"""

import hashlib
import math
from calendar import monthrange
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import numpy as np
import polars as pl

DEFAULT_WORKING_WEEKDAYS = frozenset(range(6))  # Monday–Saturday
DEFAULT_CAPACITY = 35
DEFAULT_SAMPLE_SHARE = 0.10


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class StarRule:
    """Visits per ``period`` by the customer manager, and per month by the market manager."""

    cm_visits: int
    cm_period: Period
    mm_visits: int


def working_days(
    month: date,
    *,
    weekdays: Iterable[int] = DEFAULT_WORKING_WEEKDAYS,
    holidays: Iterable[date] = (),
) -> list[date]:
    """The month's working days (``weekdays``: 0 = Monday), minus ``holidays``, ascending."""
    wanted, off = set(weekdays), set(holidays)
    first = month.replace(day=1)
    days = (first + timedelta(days=i) for i in range(monthrange(first.year, first.month)[1]))
    return [d for d in days if d.weekday() in wanted and d not in off]


def _weeks(days: Sequence[date]) -> list[list[date]]:
    weeks: dict[date, list[date]] = {}
    for d in days:
        weeks.setdefault(d - timedelta(days=d.weekday()), []).append(d)
    return [weeks[k] for k in sorted(weeks)]


def required_visits(
    stars: pl.DataFrame,
    rules: Mapping[str, StarRule],
    days: Sequence[date],
    *,
    role: str = "customer_manager",
) -> pl.DataFrame:
    """``stars`` (retailer_id, star) → the same plus ``required`` for the month of ``days``.

    ``role`` is ``customer_manager`` (weekly or monthly rules, at least 1) or ``market_manager``
    (``mm_visits`` per month, may be 0)."""
    missing = set(stars["star"].to_list()) - set(rules)
    if missing:
        raise ValueError(f"no visit rule for star(s): {', '.join(sorted(missing))}")
    n_weeks = len(_weeks(days))

    def count(star: str) -> int:
        rule = rules[star]
        if role == "market_manager":
            return rule.mm_visits
        per = rule.cm_visits * (n_weeks if rule.cm_period == Period.WEEK else 1)
        return max(1, per)

    counts = {star: count(star) for star in rules}
    return stars.with_columns(
        pl.col("star").replace_strict(counts, return_dtype=pl.Int64).alias("required")
    )


def sample_retailers(
    retailer_ids: Iterable[int], *, month: str, area: str, share: float = DEFAULT_SAMPLE_SHARE
) -> list[int]:
    """A reproducible random ``share`` (rounded up) of ``retailer_ids``, seeded by ``month`` and
    ``area``; the same inputs always give the same sample, sorted ascending."""
    ids = sorted(set(retailer_ids))
    if not ids or share <= 0:
        return []
    seed = int.from_bytes(hashlib.sha256(f"{month}|{area}".encode()).digest()[:8], "big")
    size = min(len(ids), math.ceil(len(ids) * share))
    chosen = np.random.default_rng(seed).choice(len(ids), size=size, replace=False)
    return sorted(ids[i] for i in chosen)


def _bearing_rank(frame: pl.DataFrame, base: tuple[float, float]) -> dict[int, float]:
    """Each retailer's position (0 ≤ x < 1) in the order of bearing from ``base``."""
    lat = frame["latitude"].fill_null(base[0]).to_numpy()
    lon = frame["longitude"].fill_null(base[1]).to_numpy()
    angle = np.arctan2(lat - base[0], (lon - base[1]) * math.cos(math.radians(base[0])))
    ids = frame["retailer_id"].to_list()
    order = np.lexsort((np.array(ids), angle))
    n = len(ids)
    return {ids[i]: rank / n for rank, i in enumerate(order)}


def _targets(
    required: int, offset: float, days: Sequence[date], weekly: bool
) -> list[tuple[int, range]]:
    """Where a retailer's visits would ideally fall: (day index, window of acceptable day
    indices) per visit — the visit's calendar week, or its even share of the month."""
    if weekly:
        out = []
        start = 0
        weeks = _weeks(days)
        per_week = max(1, required // len(weeks))
        for week in weeks:
            for k in range(per_week):
                pos = min(int((k + offset) * len(week) / per_week), len(week) - 1)
                out.append((start + pos, range(start, start + len(week))))
            start += len(week)
        return out
    n = len(days)
    out = []
    for k in range(required):
        lo, hi = k * n // required, max((k + 1) * n // required, k * n // required + 1)
        out.append((min(int((k + offset) * n / required), n - 1), range(lo, min(hi, n))))
    return out


def plan_month(
    retailers: pl.DataFrame,
    *,
    days: Sequence[date],
    base: tuple[float, float],
    capacity: int = DEFAULT_CAPACITY,
    weekly_stars: Iterable[str] = (),
) -> pl.DataFrame:
    """Place each retailer's ``required`` visits on ``days``.

    ``retailers``: retailer_id, star, required, latitude, longitude (nullable), and optionally
    ``reason``. ``weekly_stars``: stars whose rule is weekly (one visit per week, spread).
    Returns retailer_id, day, reason, sorted by day then retailer_id.
    """
    if capacity < 1:
        raise ValueError("daily capacity must be at least 1")
    total = int(retailers["required"].sum()) if retailers.height else 0
    if total and not days:
        raise ValueError("the month has no working days")
    if total > capacity * len(days):
        raise ValueError(
            f"{total} visits do not fit into {len(days)} working days × {capacity} stops"
        )
    if "reason" not in retailers.columns:
        retailers = retailers.with_columns(pl.lit("policy").alias("reason"))
    weekly = set(weekly_stars)
    offsets = _bearing_rank(retailers, base) if retailers.height else {}
    wanted: list[tuple[int, int, int, str, range]] = []  # target, retailer, seq, reason, window
    for row in retailers.iter_rows(named=True):
        required = int(row["required"])
        if required <= 0:
            continue
        targets = _targets(required, offsets[row["retailer_id"]], days, row["star"] in weekly)
        wanted.extend(
            (t, row["retailer_id"], k, row["reason"], window)
            for k, (t, window) in enumerate(targets)
        )
    wanted.sort()
    load = [0] * len(days)
    taken: set[tuple[int, int]] = set()
    placed: list[tuple[int, date, str]] = []
    for target, retailer_id, _, reason, window in wanted:
        day = _nearest_free(target, window, retailer_id, load, taken, capacity)
        load[day] += 1
        taken.add((retailer_id, day))
        placed.append((retailer_id, days[day], reason))
    return pl.DataFrame(
        placed,
        schema={"retailer_id": pl.Int64, "day": pl.Date, "reason": pl.String},
        orient="row",
    ).sort("day", "retailer_id")


def _nearest_free(
    target: int,
    window: range,
    retailer_id: int,
    load: list[int],
    taken: set[tuple[int, int]],
    capacity: int,
) -> int:
    """The day closest to ``target`` with room: inside ``window`` if possible, and preferably
    one where this retailer is not already planned."""
    n = len(load)
    order = sorted(range(n), key=lambda i: (i not in window, abs(i - target), i))
    for i in order:
        if load[i] < capacity and (retailer_id, i) not in taken:
            return i
    for i in order:
        if load[i] < capacity:
            return i
    raise ValueError("no day with free capacity")  # unreachable: total was checked
