"""Monthly visit plans: how often each retailer is visited, and on which working days.

Pure: plain frames and parameters in, a Polars frame out. Contracts:

- Week ownership (ISO 8601): a calendar week (Monday start) that spans two months belongs to
  the month holding its Thursday (:func:`week_thursday`, :func:`owned_weeks`). A month's
  weekly requirement counts only the weeks it owns; the window of such a week is its working
  days inside the month. The stub days of a week owned by the neighbouring month (Monday
  30 Nov 2026 for November: its week's Thursday is 3 Dec, so December owns 30 Nov–6 Dec and
  its 1–5 Dec) carry no weekly requirement; they hold monthly-rule visits. Coverage
  (:mod:`jinye.visits.selectors`) counts a period's weeks by the same rule.
- ``required_visits``: a retailer's visits in a month from its star's rule; a weekly rule
  counts in each week the month owns that holds a working day of the month, never more
  than that week's working days there (two a week, in a week with one working day, is one
  visit). Customer-manager rules are at least one a month (every retailer is visited
  monthly; a weekly retailer in a month owning no week with a working day gets one visit
  anywhere in the month).
- ``plan_month``: every required visit lands on a working day, a retailer's visits on
  distinct days, a weekly rule's visits in their owned weeks; no day holds more than
  ``capacity`` stops. Whenever such a plan exists it is found (an exact max-flow placement,
  :mod:`jinye.engines.visit_windows`); within it a retailer's visits are evenly spaced where
  there is room, and retailers close in bearing from the base share days, so routes stay
  short. Raises :class:`~jinye.engines.reasons.Refusal` (a ``ValueError`` with a code and its
  figures) when the month cannot hold the visits: ``over_capacity`` when the total exceeds
  the month's stops, ``frequency_unmet`` naming each retailer left short, by how much and in
  which window, and the full days that left them short.
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

from jinye.engines import visit_windows
from jinye.engines.reasons import Refusal

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


def week_thursday(day: date) -> date:
    """The Thursday of ``day``'s calendar week (Monday start): the month, or the period,
    holding it owns the week (ISO 8601)."""
    return day + timedelta(days=3 - day.weekday())


def owned_weeks(days: Sequence[date]) -> list[list[date]]:
    """The weeks the month of ``days`` (working days of one month, ascending) owns, each as its
    days among ``days``, ascending; days of weeks owned by a neighbouring month are left out."""
    weeks: dict[date, list[date]] = {}
    for d in days:
        thursday = week_thursday(d)
        if (thursday.year, thursday.month) == (d.year, d.month):
            weeks.setdefault(thursday, []).append(d)
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
        stars_missing = ", ".join(sorted(missing))
        raise Refusal(
            "no_visit_rule", f"no visit rule for star(s): {stars_missing}", stars=stars_missing
        )
    week_lengths = [len(week) for week in owned_weeks(days)]

    def count(star: str) -> int:
        rule = rules[star]
        if role == "market_manager":
            return rule.mm_visits
        if rule.cm_period == Period.WEEK:
            return max(1, sum(min(rule.cm_visits, n) for n in week_lengths))
        return max(1, rule.cm_visits)

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


def _weekly_counts(required: int, lengths: Sequence[int]) -> list[int]:
    """A weekly rule's ``required`` visits per week: ``min(p, working days of the week)`` for
    the smallest ``p`` that reaches ``required`` (what :func:`required_visits` counts); any
    excess comes off the latest of the fullest weeks, a shortfall goes to the last week."""
    p = 1
    while sum(min(p, n) for n in lengths) < required and p < max(lengths):
        p += 1
    counts = [min(p, n) for n in lengths]
    excess = sum(counts) - required
    for i in sorted(range(len(counts)), key=lambda i: (-counts[i], -i))[: max(0, excess)]:
        counts[i] -= 1
    counts[-1] += max(0, -excess)
    return counts


def _wants(
    required: int, offset: float, days: Sequence[date], weekly: bool
) -> list[tuple[int, range, range]]:
    """Where a retailer's visits should fall, per visit: the ideal day index, the days that
    keep its visits evenly spaced (its share of the month), the days it must fall in (its
    owned week for a weekly rule, else the month)."""
    weeks = owned_weeks(days) if weekly else []
    if weeks:
        out = []
        index = {d: i for i, d in enumerate(days)}
        for week, count in zip(
            weeks, _weekly_counts(required, [len(w) for w in weeks]), strict=True
        ):
            start = index[week[0]]
            window = range(start, start + len(week))
            for k in range(count):
                pos = min(int((k + offset) * len(week) / count), len(week) - 1)
                out.append((start + pos, window, window))
        return out
    n = len(days)
    out = []
    for k in range(required):
        lo, hi = k * n // required, max((k + 1) * n // required, k * n // required + 1)
        target = min(int((k + offset) * n / required), n - 1)
        out.append((target, range(lo, min(hi, n)), range(n)))
    return out


@dataclass(frozen=True)
class _Want:
    target: int
    retailer_id: int
    seq: int
    reason: str
    spread: range
    window: range


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
    ``reason``. ``weekly_stars``: stars whose rule is weekly (``required`` spread over the
    calendar weeks, as :func:`required_visits` counts it). Returns retailer_id, day, reason,
    sorted by day then retailer_id.

    Visits are taken in the order of their ideal day (even spacing, shifted by bearing so that
    neighbours share days), each on the free day nearest its ideal one; when its window is
    full, visits already placed move within their own windows to make room
    (:func:`jinye.engines.visit_windows.place`, exact).
    """
    if capacity < 1:
        raise Refusal("bad_capacity", "daily capacity must be at least 1")
    total = int(retailers["required"].sum()) if retailers.height else 0
    if total and not days:
        raise Refusal("no_working_days", "the month has no working days")
    if total > capacity * len(days):
        raise Refusal(
            "over_capacity",
            f"{total} visits do not fit into {len(days)} working days × {capacity} stops",
            visits=total,
            days=len(days),
            capacity=capacity,
        )
    if "reason" not in retailers.columns:
        retailers = retailers.with_columns(pl.lit("policy").alias("reason"))
    weekly = set(weekly_stars)
    offsets = _bearing_rank(retailers, base) if retailers.height else {}
    wanted: list[_Want] = []
    for row in retailers.iter_rows(named=True):
        required = int(row["required"])
        if required <= 0:
            continue
        wants = _wants(required, offsets[row["retailer_id"]], days, row["star"] in weekly)
        wanted.extend(
            _Want(target, row["retailer_id"], k, row["reason"], spread, window)
            for k, (target, spread, window) in enumerate(wants)
        )
    wanted.sort(key=lambda w: (w.target, w.retailer_id, w.seq))
    groups: dict[tuple[int, int], int] = {}
    placement = visit_windows.place(
        [
            visit_windows.Visit(
                group=groups.setdefault((w.retailer_id, w.window.start), len(groups)),
                prefer=_preference(w),
            )
            for w in wanted
        ],
        n_days=len(days),
        capacity=capacity,
    )
    placed = [d for d in placement.day if d is not None]
    if len(placed) < len(wanted):
        raise _unmet(wanted, placement, days, capacity)
    return pl.DataFrame(
        [(w.retailer_id, days[d], w.reason) for w, d in zip(wanted, placed, strict=True)],
        schema={"retailer_id": pl.Int64, "day": pl.Date, "reason": pl.String},
        orient="row",
    ).sort("day", "retailer_id")


def _preference(want: _Want) -> tuple[int, ...]:
    """The days of the visit's window: those keeping its spacing first, nearest its ideal
    day first."""
    return tuple(sorted(want.window, key=lambda i: (i not in want.spread, abs(i - want.target), i)))


def _unmet(
    wanted: Sequence[_Want],
    placement: visit_windows.Placement,
    days: Sequence[date],
    capacity: int,
) -> Refusal:
    """The refusal when no plan meets every frequency: the most visits any plan can hold
    leaves these retailers short, in these windows; ``full_days`` are the full days their
    visits could use (empty when a window has fewer working days than visits due in it)."""
    need: dict[tuple[int, int], list[int]] = {}
    for w, d in zip(wanted, placement.day, strict=True):
        counts = need.setdefault((w.retailer_id, w.window.start), [0, 0, w.window.stop - 1])
        counts[0] += 1
        counts[1] += d is None
    retailers = [
        {
            "retailer_id": rid,
            "short": short,
            "need": due,
            "first": days[start].isoformat(),
            "last": days[last].isoformat(),
        }
        for (rid, start), (due, short, last) in sorted(need.items())
        if short
    ]
    short = placement.day.count(None)
    full = [days[i].isoformat() for i in placement.full_days]
    text = (
        f"{short} of {len(wanted)} visits cannot be planned without missing a retailer's "
        f"frequency (at most {capacity} stops a day); short: "
        + "; ".join(
            f"retailer {r['retailer_id']} {r['short']} of {r['need']} "
            f"from {r['first']} to {r['last']}"
            for r in retailers
        )
        + (f"; full days from {full[0]} to {full[-1]}" if full else "")
    )
    return Refusal(
        "frequency_unmet",
        text,
        short=short,
        visits=len(wanted),
        capacity=capacity,
        retailers=retailers,
        full_days=full,
    )
