from datetime import date, timedelta

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from jinye.engines.analysis import Period
from jinye.errors import Invalid
from jinye.periods import MAX_YEAR, MIN_YEAR, Month, Quarter, Week, Year, weeks_in

# Leave a year of room at both ends so next/previous/year_before stay inside the range.
years = st.integers(MIN_YEAR + 1, MAX_YEAR - 1)
days = st.dates(date(MIN_YEAR + 1, 1, 1), date(MAX_YEAR - 1, 12, 31))
months = st.builds(Month, years, st.integers(1, 12))
quarters = st.builds(Quarter, years, st.integers(1, 4))
weeks = days.map(Week.containing)
whole_years = st.builds(Year, years)
periods = st.one_of(months, quarters, weeks, whole_years)

FULL_WIDTH = str.maketrans("0123456789-QWqw", "０１２３４５６７８９－ＱＷｑｗ")


@given(periods)
def test_parse_reads_back_its_own_label(p):
    assert type(p).parse(str(p)) == p


@given(periods)
def test_parse_reads_full_width_digits(p):
    assert type(p).parse(str(p).translate(FULL_WIDTH)) == p


@given(periods, st.integers(-30, 30))
def test_previous_undoes_next(p, n):
    assert p.next().previous() == p
    assert p.next(n).previous(n) == p


@given(periods)
def test_consecutive_periods_cover_each_day_once(p):
    nxt = p.next()
    assert p.first <= p.last
    assert nxt.first == p.last + timedelta(days=1)
    assert p < nxt
    assert p.days == (p.last - p.first).days + 1


@given(days, st.sampled_from([Month, Quarter, Week, Year]))
def test_containing_holds_the_day(day, kind):
    p = kind.containing(day)
    assert day in p
    assert p.first in p and p.last in p
    assert p.first - timedelta(days=1) not in p


@given(st.one_of(months, quarters, whole_years))
def test_year_before_is_the_same_period_a_year_earlier(p):
    before = p.year_before()
    assert before.first == p.first.replace(year=p.first.year - 1)
    assert before.last.year == p.last.year - 1 and before.last.month == p.last.month
    assert type(p).containing(before.first) == before


@given(weeks)
def test_week_year_before_keeps_the_week_number(w):
    before = w.year_before()
    assert before.year == w.year - 1
    assert before.week == min(w.week, weeks_in(w.year - 1))
    assert before.first.weekday() == 0


@given(st.one_of(quarters, whole_years))
def test_months_tile_the_period(p):
    ms = p.months()
    assert ms[0].first == p.first and ms[-1].last == p.last
    assert all(a.next() == b for a, b in zip(ms, ms[1:], strict=False))


@given(periods)
def test_span_is_the_engines_period(p):
    assert p.span == Period(p.first, p.last)


def test_examples_accepted_today():
    assert Month.parse(" 2026-3 ") == Month(2026, 3)
    assert Month.parse("２０２６-１２") == Month(2026, 12)
    assert Quarter.parse("2026q3") == Quarter.parse("2026Q3") == Quarter(2026, 3)
    assert Week.parse("2026-W49") == Week(2026, 49)
    assert Week.parse("2026-12-02") == Week(2026, 49)
    assert Week.parse("2026-12-02").first == date(2026, 11, 30)
    assert Week.parse("2027-01-01") == Week(2026, 53)
    assert Year.parse("2026") == Year(2026)
    assert str(Quarter(2026, 3)) == "2026Q3" and str(Week(2026, 9)) == "2026-W09"


def test_display_labels():
    assert Month(2026, 12).label() == "2026年12月"
    assert Quarter(2026, 1).label() == "2026年一季度"
    assert Week(2026, 49).label() == "2026年第49周"
    with translation.override("en"):
        assert Month(2026, 12).label() == "December 2026"
        assert Quarter(2026, 3).label() == "Q3 2026"
        assert Year(2026).label() == "year 2026"


@pytest.mark.parametrize(
    ("kind", "text", "code"),
    [
        (Month, "0000-01", "bad_month"),
        (Month, "9999-12", "bad_month"),
        (Month, "2026-13", "bad_month"),
        (Month, "2026-00", "bad_month"),
        (Month, "abc", "bad_month"),
        (Month, None, "bad_month"),
        (Week, "2026-W54", "bad_week"),
        (Week, "2025-W53", "bad_week"),
        (Week, "2026-02-30", "bad_week"),
        (Week, "1999-12-31", "bad_week"),
        (Quarter, "2026Q5", "bad_quarter"),
        (Quarter, "1999Q4", "bad_quarter"),
        (Year, "abc", "bad_year"),
        (Year, "2101", "bad_year"),
    ],
)
def test_refusals_name_the_field_the_form_and_the_range(kind, text, code):
    with pytest.raises(Invalid) as caught:
        kind.parse(text, field="period")
    assert caught.value.code == code
    assert caught.value.field == "period"
    assert "2000" in str(caught.value) and "2100" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_refusal_message_is_translated():
    with pytest.raises(Invalid) as caught:
        Month.parse("9999-12")
    assert caught.value.field == "month"
    assert str(caught.value).startswith("“9999-12”不是有效的月份")
    with translation.override("en"), pytest.raises(Invalid) as caught:
        Quarter.parse("2026Q9")
    assert "YYYYQn" in str(caught.value) and "2000 to 2100" in str(caught.value)
