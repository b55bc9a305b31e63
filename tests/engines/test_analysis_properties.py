"""Every figure of the operation analysis against an independent computation from raw lines.

Hypothesis generates SKUs (price classes 1–5, brands, suggested retail prices around the
high-end band's edges) and order lines in the current quarter, the same quarter a year before
and outside both; the engine's figures are then checked one by one against a plain
computation written here: Python integers summed from the lines, exact ``Fraction``
arithmetic, and **one** rounding to two places, half-up (ties away from zero), which is the
engine's documented rule (module docstring of ``jinye.engines.analysis``):

- a share is ``round(part × 100 / whole)``; 一二类 is the share of their summed raw totals;
- a change in points is ``round(share_now − share_before)`` of the unrounded shares;
- a growth rate is ``round((now − before) × 100 / before)`` of the unrounded values;
- a difference (箱) is ``round((cartons_now − cartons_before) / 250)``.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from jinye.engines.analysis import Analysis, Period, analyse, pct_change, total_change

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
Q1_BEFORE = Period(date(2025, 1, 1), date(2025, 3, 31))
BRANDS = ["黄鹤楼", "红金龙", "中华", "芙蓉王", "利群"]
PRICES = [80_00, 250_00, 399_99, 400_00, 650_00, 799_99, 800_00, 1000_00]


def r2(x: Fraction | int) -> Decimal:
    """Half-up (ties away from zero) to two places, from an exact value, once."""
    n = Fraction(x) * 100
    whole, rest = divmod(abs(n.numerator), n.denominator)
    if 2 * rest >= n.denominator:
        whole += 1
    return Decimal(-whole if n < 0 else whole) / 100


def share(part: int, whole: int) -> Fraction:
    return Fraction(part * 100, whole) if whole else Fraction(0)


def growth(now: Fraction | int, before: Fraction | int) -> Decimal | None:
    return r2((Fraction(now) - before) * 100 / before) if before else None


@dataclass
class Line:
    day: date
    retailer: int
    sku: int
    quantity: int
    fen: int


@dataclass
class Sku:
    sku_id: int
    brand: str
    price_class: int
    retail_price_fen: int


@st.composite
def skus(draw: st.DrawFn) -> list[Sku]:
    n = draw(st.integers(1, 8))
    return [
        Sku(
            i + 1,
            draw(st.sampled_from(BRANDS)),
            draw(st.integers(1, 5)),
            draw(st.sampled_from(PRICES)),
        )
        for i in range(n)
    ]


@st.composite
def lines(draw: st.DrawFn, n_skus: int) -> list[Line]:
    out = []
    for _ in range(draw(st.integers(0, 30))):
        where = draw(st.sampled_from(["now", "before", "outside"]))
        start = {"now": Q1.first, "before": Q1_BEFORE.first, "outside": date(2025, 6, 1)}[where]
        quantity = draw(st.integers(1, 3000))
        unit = draw(st.sampled_from([0, 1, 37_00, 50_00, 123_45, 400_00, 999_99]))
        out.append(
            Line(
                start + timedelta(days=draw(st.integers(0, 89))),
                draw(st.integers(1, 6)),
                draw(st.integers(1, n_skus)),
                quantity,
                quantity * unit + draw(st.integers(0, 99)),
            )
        )
    return out


@st.composite
def cases_(draw: st.DrawFn) -> tuple[list[Sku], list[Line], Decimal | None]:
    catalog = draw(skus())
    plan = draw(st.one_of(st.none(), st.integers(1, 500).map(Decimal)))
    return catalog, draw(lines(len(catalog))), plan


def frames(catalog: list[Sku], rows: list[Line]) -> tuple[pl.DataFrame, pl.DataFrame]:
    sku_frame = pl.DataFrame(
        {
            "sku_id": [s.sku_id for s in catalog],
            "sku_name": [f"{s.brand}({s.sku_id})" for s in catalog],
            "brand": [s.brand for s in catalog],
            "price_class": [s.price_class for s in catalog],
            "retail_price_fen": [s.retail_price_fen for s in catalog],
        }
    )
    line_frame = pl.DataFrame(
        {
            "order_date": [r.day for r in rows],
            "retailer_id": [r.retailer for r in rows],
            "sku_id": [r.sku for r in rows],
            "quantity": [r.quantity for r in rows],
            "amount_fen": [r.fen for r in rows],
        },
        schema={
            "order_date": pl.Date,
            "retailer_id": pl.Int64,
            "sku_id": pl.Int64,
            "quantity": pl.Int64,
            "amount_fen": pl.Int64,
        },
    )
    return line_frame, sku_frame


class Raw:
    """Sums of the raw lines of one period, keyed as needed."""

    def __init__(self, catalog: list[Sku], rows: list[Line], period: Period) -> None:
        by_id = {s.sku_id: s for s in catalog}
        mine = [r for r in rows if period.first <= r.day <= period.last]
        self.days = (period.last - period.first).days + 1
        self.cartons = sum(r.quantity for r in mine)
        self.fen = sum(r.fen for r in mine)
        self.retailers = len({r.retailer for r in mine})
        self.class_cartons = {pc: 0 for pc in range(1, 6)}
        self.class_fen = {pc: 0 for pc in range(1, 6)}
        self.high_end = 0
        self.brand = {s.brand: 0 for s in catalog}
        self.sku = {s.sku_id: 0 for s in catalog}
        for r in mine:
            s = by_id[r.sku]
            self.class_cartons[s.price_class] += r.quantity
            self.class_fen[s.price_class] += r.fen
            self.brand[s.brand] += r.quantity
            self.sku[s.sku_id] += r.quantity
            if 400_00 <= s.retail_price_fen < 800_00:
                self.high_end += r.quantity

    def group(self, classes: tuple[int, ...]) -> tuple[int, int]:
        return (
            sum(self.class_cartons[c] for c in classes),
            sum(self.class_fen[c] for c in classes),
        )


def check_movers(movers, now: dict, before: dict, names: dict, *, up: bool) -> None:
    keys = [k for k in now if (now[k] - before[k] > 0 if up else now[k] - before[k] < 0)]
    keys.sort(key=lambda k: (-(now[k] - before[k]) if up else now[k] - before[k], names[k]))
    keys = keys[:5]
    assert [m.name for m in movers] == [names[k] for k in keys]
    for m, k in zip(movers, keys, strict=True):
        assert m.cases_now == r2(Fraction(now[k], 250))
        assert m.cases_before == r2(Fraction(before[k], 250))
        assert m.change == r2(Fraction(now[k] - before[k], 250))
    assert total_change(movers) == r2(Fraction(sum(now[k] - before[k] for k in keys), 250))


def check_everything(a: Analysis, catalog: list[Sku], rows: list[Line], plan: Decimal | None):
    now, before = Raw(catalog, rows, Q1), Raw(catalog, rows, Q1_BEFORE)
    # totals and prices
    assert a.now.cases == r2(Fraction(now.cartons, 250))
    assert a.before.cases == r2(Fraction(before.cartons, 250))
    assert a.now.revenue == Decimal(now.fen) / 100
    for t, raw in ((a.now, now), (a.before, before)):
        assert t.retailers == raw.retailers
        assert t.per_case == (
            r2(Fraction(raw.fen * 250, raw.cartons * 100)) if raw.cartons else None
        )
        assert t.per_carton == (r2(Fraction(raw.fen, raw.cartons * 100)) if raw.cartons else None)
    assert a.completion_pct == (
        r2(Fraction(now.cartons, 250) * 100 / Fraction(plan)) if plan else None
    )
    assert a.weekly_cases_now == r2(Fraction(now.cartons * 7, 250 * now.days))
    assert a.weekly_cases_before == r2(Fraction(before.cartons * 7, 250 * before.days))
    # growth rates and differences from exact values
    assert pct_change(a.now.exact_cases, a.before.exact_cases) == growth(
        now.cartons, before.cartons
    )
    if now.cartons and before.cartons:
        assert pct_change(a.now.exact_per_case or 0, a.before.exact_per_case or 0) == growth(
            Fraction(now.fen, now.cartons), Fraction(before.fen, before.cartons)
        )
    # each class, and 一二类 combined
    rows_by_class = {c.price_class: c for c in a.classes}
    assert sorted(rows_by_class) == [1, 2, 3, 4, 5]
    groups = [((pc,), rows_by_class[pc]) for pc in range(1, 6)]
    groups.append(((1, 2), a.high_structure()))
    for classes, row in groups:
        c_now, f_now = now.group(classes)
        c_before, f_before = before.group(classes)
        assert row.cases_now == r2(Fraction(c_now, 250))
        assert row.cases_before == r2(Fraction(c_before, 250))
        assert row.revenue_now == Decimal(f_now) / 100
        assert row.revenue_before == Decimal(f_before) / 100
        assert row.volume_share_now == r2(share(c_now, now.cartons))
        assert row.volume_share_before == r2(share(c_before, before.cartons))
        assert row.revenue_share_now == r2(share(f_now, now.fen))
        assert row.revenue_share_before == r2(share(f_before, before.fen))
        assert row.volume_share_pp == r2(
            share(c_now, now.cartons) - share(c_before, before.cartons)
        )
        assert row.revenue_share_pp == r2(share(f_now, now.fen) - share(f_before, before.fen))
    # high-end band, brands and movers
    assert a.high_end_now.cartons == now.high_end
    assert a.high_end_before.cartons == before.high_end
    active = [b for b in now.brand if now.brand[b] or before.brand[b]]
    assert a.brands_selling == sum(1 for b in active if now.brand[b] > 0)
    assert a.brands_up == sum(1 for b in active if now.brand[b] > before.brand[b])
    assert a.brands_down == sum(1 for b in active if now.brand[b] < before.brand[b])
    brand_names = {b: b for b in now.brand}
    check_movers(a.top_brands_up, now.brand, before.brand, brand_names, up=True)
    check_movers(a.top_brands_down, now.brand, before.brand, brand_names, up=False)
    sku_names = {s.sku_id: f"{s.brand}({s.sku_id})" for s in catalog}
    check_movers(a.top_skus_up, now.sku, before.sku, sku_names, up=True)
    check_movers(a.top_skus_down, now.sku, before.sku, sku_names, up=False)


@settings(max_examples=300, deadline=None)
@given(cases_())
def test_every_figure_equals_one_rounding_of_the_raw_totals(case):
    catalog, rows, plan = case
    line_frame, sku_frame = frames(catalog, rows)
    a = analyse(line_frame, sku_frame, current=Q1, plan_cases=plan)
    check_everything(a, catalog, rows, plan)


# The issue's case: 一二类 1,434 of 4,644 箱 is 30.88%; the classes rounded separately
# (9.21% + 21.66%) summed to 30.87%.
ISSUE_CATALOG = [Sku(1, "黄鹤楼", 1, 650_00), Sku(2, "中华", 2, 900_00), Sku(3, "红金龙", 3, 80_00)]
ISSUE_LINES = [
    Line(date(2026, 1, 5), 1, 1, 106_979, 106_979 * 400_00),
    Line(date(2026, 1, 6), 2, 2, 251_521, 251_521 * 300_00),
    Line(date(2026, 1, 7), 3, 3, 4644 * 250 - 1434 * 250, 1),
    Line(date(2025, 1, 7), 3, 3, 1000, 1000 * 50_00),
]


def test_the_issues_combined_share():
    line_frame, sku_frame = frames(ISSUE_CATALOG, ISSUE_LINES)
    a = analyse(line_frame, sku_frame, current=Q1)
    hs = a.high_structure()
    assert hs.cases_now == Decimal("1434.00") and a.now.cases == Decimal("4644.00")
    assert hs.volume_share_now == Decimal("30.88")
    assert a.classes[0].volume_share_now + a.classes[1].volume_share_now == Decimal("30.87")
    assert hs.volume_share_pp == Decimal("30.88")  # from 0% a year before
    check_everything(a, ISSUE_CATALOG, ISSUE_LINES, None)


# Year to date: the second quarter, with lines earlier in the year, in the quarter, in the
# same quarter a year before and after the quarter (which never count).
Q2 = Period(date(2026, 4, 1), date(2026, 6, 30))
YTD_STARTS = {
    "earlier": date(2026, 1, 1),
    "now": Q2.first,
    "before": date(2025, 4, 1),
    "later": date(2026, 7, 1),
    "last_year_q1": date(2025, 1, 1),
}


@st.composite
def year_cases(draw: st.DrawFn) -> tuple[list[Line], Decimal | None, Decimal | None]:
    rows = []
    for _ in range(draw(st.integers(0, 30))):
        start = YTD_STARTS[draw(st.sampled_from(sorted(YTD_STARTS)))]
        quantity = draw(st.integers(1, 5000))
        rows.append(
            Line(
                start + timedelta(days=draw(st.integers(0, 89))),
                draw(st.integers(1, 6)),
                1,
                quantity,
                quantity * 100_00,
            )
        )
    plan = draw(st.one_of(st.none(), st.integers(1, 500).map(Decimal)))
    year_plan = draw(st.one_of(st.none(), st.integers(0, 3000).map(Decimal)))
    return rows, plan, year_plan


@settings(max_examples=200, deadline=None)
@given(year_cases())
def test_year_to_date_progress_equals_one_rounding_of_the_raw_lines(case):
    rows, plan, year_plan = case
    catalog = [Sku(1, "黄鹤楼", 1, 650_00)]
    line_frame, sku_frame = frames(catalog, rows)
    # what the caller sums in SQL: 1 January to the day before the quarter
    earlier = sum(r.quantity for r in rows if date(2026, 1, 1) <= r.day < Q2.first)
    a = analyse(
        line_frame,
        sku_frame,
        current=Q2,
        plan_cases=plan,
        year_plan_cases=year_plan,
        earlier_cartons=earlier,
    )
    ytd = sum(r.quantity for r in rows if date(2026, 1, 1) <= r.day <= date(2026, 6, 30))
    quarter = sum(r.quantity for r in rows if Q2.first <= r.day <= Q2.last)
    assert a.ytd_cartons == ytd
    assert a.ytd_cases == r2(Fraction(ytd, 250))
    assert a.ytd_pct == (r2(Fraction(ytd, 250) * 100 / Fraction(year_plan)) if year_plan else None)
    assert a.completion_pct == (r2(Fraction(quarter, 250) * 100 / Fraction(plan)) if plan else None)
