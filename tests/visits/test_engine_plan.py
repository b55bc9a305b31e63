"""Plan engine: policy met, capacity, working days, even spread, reproducible sample."""

from collections import Counter
from datetime import date

import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jinye.engines import visit_plan as vp

RULES = {
    "5S2": vp.StarRule(1, vp.Period.WEEK, 1),
    "5S1": vp.StarRule(1, vp.Period.WEEK, 1),
    "4S2": vp.StarRule(1, vp.Period.WEEK, 1),
    "4S1": vp.StarRule(1, vp.Period.WEEK, 1),
    "3S": vp.StarRule(4, vp.Period.MONTH, 0),
    "2S": vp.StarRule(2, vp.Period.MONTH, 0),
    "1S": vp.StarRule(1, vp.Period.MONTH, 0),
    "NEW": vp.StarRule(4, vp.Period.MONTH, 0),
}
WEEKLY = [s for s, r in RULES.items() if r.cm_period == vp.Period.WEEK]


def frame(stars: list[str], seed: int = 0) -> pl.DataFrame:
    n = len(stars)
    return pl.DataFrame(
        {
            "retailer_id": list(range(1, n + 1)),
            "star": stars,
            "latitude": [32.0 + ((i * 37 + seed) % 100) / 1000 for i in range(n)],
            "longitude": [110.0 + ((i * 53 + seed) % 100) / 1000 for i in range(n)],
        }
    )


def test_working_days_mon_to_sat_without_holidays():
    days = vp.working_days(date(2026, 12, 1), holidays=[date(2026, 12, 25)])
    assert all(d.weekday() != 6 for d in days)
    assert date(2026, 12, 25) not in days
    assert date(2026, 12, 26) in days  # a Saturday
    # December 2026: 31 days, 4 Sundays (6, 13, 20, 27), one holiday
    assert len(days) == 31 - 4 - 1


def test_weekly_rule_counts_calendar_weeks_with_working_days():
    days = vp.working_days(date(2026, 12, 1))
    out = vp.required_visits(frame(["5S2", "1S", "3S"]), RULES, days)
    # Dec 2026 starts on a Tuesday and ends on a Thursday: Thursdays 3 … 31 Dec = 5
    assert out["required"].to_list() == [5, 1, 4]


def test_market_manager_counts_are_monthly_and_may_be_zero():
    days = vp.working_days(date(2026, 12, 1))
    out = vp.required_visits(frame(["5S2", "1S"]), RULES, days, role="market_manager")
    assert out["required"].to_list() == [1, 0]


def owned_iso_weeks(days: list[date]) -> set[tuple[int, int]]:
    """The ISO weeks (year, week) of ``days`` whose Thursday lies in the days' month."""
    return {
        d.isocalendar()[:2]
        for d in days
        if date.fromisocalendar(*d.isocalendar()[:2], 4).month == d.month
    }


@pytest.mark.parametrize(
    ("month", "weekly_weeks"),
    [
        # Nov 2026 opens on a Sunday (week of Thu 29 Oct: October's) and ends on Monday 30 Nov
        # (week of Thu 3 Dec: December's): owned weeks 2–7, 9–14, 16–21, 23–28 Nov
        (date(2026, 11, 1), 4),
        # Dec 2026: Tue 1 … Thu 31; Thursdays 3, 10, 17, 24, 31 Dec
        (date(2026, 12, 1), 5),
        # Mar 2027: Mon 1 … Wed 31; 29–31 Mar belong to the week of Thu 1 Apr
        (date(2027, 3, 1), 4),
        # Apr 2027 opens on a Thursday: 1–3 Apr are April's (Thursday 1 Apr); Thursdays 1, 8,
        # 15, 22, 29 Apr
        (date(2027, 4, 1), 5),
        # Oct 2027 opens on a Friday: 1–2 Oct belong to the week of Thu 30 Sep; Thursdays 7,
        # 14, 21, 28 Oct (25–30 Oct closes it)
        (date(2027, 10, 1), 4),
    ],
)
def test_weekly_rule_counts_the_weeks_whose_thursday_is_in_the_month(month, weekly_weeks):
    days = vp.working_days(month)
    out = vp.required_visits(frame(["4S1", "5S2", "1S"]), RULES, days)
    assert out["required"].to_list() == [
        weekly_weeks * RULES["4S1"].cm_visits,
        weekly_weeks * RULES["5S2"].cm_visits,
        1,
    ]


def test_a_month_ending_on_a_monday_does_not_pile_weekly_visits_on_that_day():
    """The demo failure (Nov 2026, manager QX0005): more weekly retailers than one day holds;
    30 Nov, a Monday, used to be a week of its own needing every weekly retailer."""
    days = vp.working_days(date(2026, 11, 1))
    assert days[-1] == date(2026, 11, 30)
    stars = ["4S1"] * 60 + ["3S"] * 20
    req = vp.required_visits(frame(stars), RULES, days)
    plan = vp.plan_month(req, days=days, base=(32.05, 110.05), capacity=35, weekly_stars=WEEKLY)
    weekly = plan.filter(pl.col("retailer_id") <= 60)
    assert weekly.filter(pl.col("day") == date(2026, 11, 30)).height == 0
    for rid in range(1, 61):
        mine = weekly.filter(pl.col("retailer_id") == rid)["day"].to_list()
        assert sorted(d.isocalendar()[1] for d in mine) == [45, 46, 47, 48]


def test_unknown_star_is_a_clear_error():
    with pytest.raises(ValueError, match="9S"):
        vp.required_visits(frame(["9S"]), RULES, vp.working_days(date(2026, 12, 1)))


def test_capacity_overflow_is_a_clear_error():
    days = vp.working_days(date(2026, 12, 1))
    req = vp.required_visits(frame(["3S"] * 30), RULES, days)
    with pytest.raises(ValueError, match="do not fit"):
        vp.plan_month(req, days=days, base=(32.0, 110.0), capacity=4)


@st.composite
def months_and_stars(draw):
    month = date(draw(st.integers(2024, 2028)), draw(st.integers(1, 12)), 1)
    stars = draw(st.lists(st.sampled_from(sorted(RULES)), min_size=1, max_size=120))
    weekdays = draw(st.sets(st.integers(0, 6), min_size=4, max_size=7))
    capacity = draw(st.integers(12, 40))
    return month, stars, weekdays, capacity


@settings(max_examples=60, deadline=None)
@given(months_and_stars())
def test_plan_meets_policy_capacity_and_working_days(case):
    month, stars, weekdays, capacity = case
    days = vp.working_days(month, weekdays=weekdays)
    req = vp.required_visits(frame(stars), RULES, days)
    plan = vp.plan_month(
        req, days=days, base=(32.05, 110.05), capacity=capacity, weekly_stars=WEEKLY
    )
    per_retailer = Counter(plan["retailer_id"].to_list())
    n_weeks = len(owned_iso_weeks(days))
    for rid, star in enumerate(stars, start=1):
        rule = RULES[star]
        expected = rule.cm_visits * (n_weeks if rule.cm_period == vp.Period.WEEK else 1)
        assert per_retailer[rid] == expected >= 1
    per_day = Counter(plan["day"].to_list())
    assert max(per_day.values()) <= capacity
    assert set(per_day) <= set(days)
    assert all(d.weekday() in weekdays for d in per_day)


@settings(max_examples=40, deadline=None)
@given(st.integers(2024, 2028), st.integers(1, 12), st.integers(1, 60))
def test_weekly_retailers_get_one_visit_in_every_week_when_room(year, month, n):
    days = vp.working_days(date(year, month, 1))
    owned = owned_iso_weeks(days)
    shortest_week = min(
        Counter(d.isocalendar()[:2] for d in days if d.isocalendar()[:2] in owned).values()
    )
    assume(n <= 35 * shortest_week)
    req = vp.required_visits(frame(["4S1"] * n), RULES, days)
    plan = vp.plan_month(req, days=days, base=(32.05, 110.05), capacity=35, weekly_stars=WEEKLY)
    for rid in range(1, n + 1):
        mine = plan.filter(pl.col("retailer_id") == rid)["day"].to_list()
        assert sorted(d.isocalendar()[:2] for d in mine) == sorted(owned)


def test_monthly_visits_are_evenly_spaced():
    days = vp.working_days(date(2026, 12, 1))  # 26 working days
    req = vp.required_visits(frame(["3S"]), RULES, days)
    plan = vp.plan_month(req, days=days, base=(32.0, 110.0))
    idx = sorted(days.index(d) for d in plan["day"].to_list())
    gaps = [b - a for a, b in zip(idx, idx[1:], strict=False)]
    assert len(idx) == 4 and min(gaps) >= len(days) // 4 - 1 and max(gaps) <= len(days) // 4 + 1


def test_sample_is_reproducible_and_ten_percent():
    ids = list(range(1000, 1137))
    a = vp.sample_retailers(ids, month="2026-12", area="A1")
    assert a == vp.sample_retailers(list(reversed(ids)), month="2026-12", area="A1")
    assert len(a) == 14  # ceil(137 × 0.1)
    assert set(a) <= set(ids) and len(set(a)) == len(a)


def test_sample_changes_with_month_and_area():
    ids = list(range(500))
    base = vp.sample_retailers(ids, month="2026-12", area="A1")
    assert base != vp.sample_retailers(ids, month="2027-01", area="A1")
    assert base != vp.sample_retailers(ids, month="2026-12", area="A2")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(1, 10**6), min_size=1, max_size=300, unique=True), st.text(max_size=5))
def test_sample_property(ids, area):
    s1 = vp.sample_retailers(ids, month="2026-05", area=area)
    assert s1 == vp.sample_retailers(ids, month="2026-05", area=area)
    assert len(s1) == -(-len(ids) // 10)
    assert set(s1) <= set(ids)
