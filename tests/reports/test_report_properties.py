"""The report's figures (tables, the 一二类 prose, the xlsx) against raw lines, for random data.

The report is built from the engine's result with the builder's section functions (no
database: they read only the analysis), in Chinese, and rendered to xlsx. Every figure is
compared with an independent computation from the raw lines in
``tests/engines/test_analysis_properties.py`` (exact sums, one half-up rounding to two places).
"""

import io
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction

import polars as pl
from django.utils import translation
from django.utils.translation import pgettext
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from jinye.engines.analysis import analyse
from jinye.periods import Quarter
from jinye.reports import builder
from jinye.reports.render import render_xlsx
from jinye.targets.selectors import Scope
from tests.engines.test_analysis_properties import (
    ISSUE_CATALOG,
    ISSUE_LINES,
    Q1,
    Q1_BEFORE,
    Raw,
    cases_,
    frames,
    growth,
    r2,
)

NUMBER = r"(-?[\d,]+(?:\.\d+)?)"


def dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def fig(x: Fraction | int) -> str:
    """How the report writes an exact value: rounded once, thousands separators, no .00."""
    return builder.num(r2(x))


def row(name: str, now: Fraction | None, before: Fraction | None) -> list[str]:
    if now is None or before is None:
        return [name, fig(now or 0), fig(before or 0), "—", "—"]
    pct = growth(now, before)
    return [name, fig(now), fig(before), fig(now - before), "—" if pct is None else fig(pct) + "%"]


def signed(verb: str | None, magnitude: str | None) -> Decimal:
    if verb is None or magnitude is None:  # 同比持平
        return Decimal(0)
    return -dec(magnitude) if verb in ("减少", "下降") else dec(magnitude)


class Flat:
    """The rate of a 持平 phrase: 0, or none at all when both figures are 0 (no base)."""

    def __eq__(self, other: object) -> bool:
        return other is None or other == 0

    __hash__ = None  # type: ignore[assignment]


def change_of(text: str, unit: str) -> tuple[Decimal, Decimal | Flat | None]:
    """The difference and the growth rate of an '增加3箱，上升2.5%' phrase (or 持平)."""
    m = re.match(rf"(增加|减少){NUMBER}{unit}(?:，(上升|下降){NUMBER}%)?", text)
    if m is None:
        assert text.startswith("持平"), text
        return Decimal(0), Flat()
    pct = signed(m[3], m[4]) if m[3] else None
    return signed(m[1], m[2]), pct


DEPARTMENT = builder.ReportScope(Scope.DEPARTMENT, "清溪县营销部")


def check_report(catalog, rows, plan, scope=DEPARTMENT, ids=None) -> None:
    """``ids``: the reader's retailers (``None``: all). The engine reads the frame narrowed as
    the selector narrows it; the expected figures come from the raw lines of those retailers."""
    line_frame, sku_frame = frames(catalog, rows)
    if ids is not None:
        line_frame = line_frame.filter(pl.col("retailer_id").is_in(sorted(ids)))
        rows = [r for r in rows if r.retailer in ids]
    year_plan = plan * 4 + 3 if plan else None
    a = analyse(line_frame, sku_frame, current=Q1, plan_cases=plan, year_plan_cases=year_plan)
    now, before = Raw(catalog, rows, Q1), Raw(catalog, rows, Q1_BEFORE)
    with translation.override("zh-hans"):
        period = Quarter.parse("2026Q1")
        overall = builder._overall(a, period.label(), scope)
        structure = builder._structure(a)
        report = builder.Report(
            "t", period.label(), period, a, None, [overall, structure], scope=scope
        )
        subject = scope.subject()
        names = {
            "cases": pgettext("report", "Sales (cases)"),
            "wan": pgettext("report", "Sales revenue (10,000 yuan)"),
            "per_case": pgettext("report", "Average price per case (yuan)"),
            "per_carton": pgettext("report", "Average price per carton (yuan)"),
            "weekly": pgettext("report", "Weekly average sales (cases)"),
            "retailers": pgettext("report", "Ordering retailers"),
        }
        class_names = [str(builder.CLASS_NAMES[pc]) for pc in range(1, 6)]
        xlsx = load_workbook(io.BytesIO(render_xlsx(report)))
    both = now.cartons and before.cartons
    expected_overall = {
        "cases": row(names["cases"], Fraction(now.cartons, 250), Fraction(before.cartons, 250)),
        "wan": row(names["wan"], Fraction(now.fen, 1_000_000), Fraction(before.fen, 1_000_000)),
        "per_case": row(
            names["per_case"],
            Fraction(now.fen * 250, now.cartons * 100) if now.cartons else None,
            Fraction(before.fen * 250, before.cartons * 100) if before.cartons else None,
        ),
        "per_carton": row(
            names["per_carton"],
            Fraction(now.fen, now.cartons * 100) if now.cartons else None,
            Fraction(before.fen, before.cartons * 100) if before.cartons else None,
        ),
        "weekly": row(
            names["weekly"],
            Fraction(now.cartons * 7, 250 * now.days),
            Fraction(before.cartons * 7, 250 * before.days),
        ),
        "retailers": row(names["retailers"], Fraction(now.retailers), Fraction(before.retailers)),
    }
    table = {r[0]: r for r in overall.tables[0].rows}
    sheet = {r[0]: list(r) for r in xlsx[overall.tables[0].title[:31]].iter_rows(values_only=True)}
    for expected in expected_overall.values():
        assert table[expected[0]] == expected
        assert sheet[expected[0]] == [builder_cell(v) for v in expected]
    assert both or expected_overall["per_case"][3] == "—"

    # price-class table, in the report and in the xlsx
    expected_classes = []
    for pc, name in zip(range(1, 6), class_names, strict=True):
        c_now, f_now = now.group((pc,))
        c_before, f_before = before.group((pc,))
        v_now, v_before = _share(c_now, now.cartons), _share(c_before, before.cartons)
        m_now, m_before = _share(f_now, now.fen), _share(f_before, before.fen)
        expected_classes.append(
            [
                name,
                fig(Fraction(c_now, 250)),
                fig(Fraction(c_before, 250)),
                fig(v_now) + "%",
                fig(v_now - v_before),
                fig(Fraction(f_now, 1_000_000)),
                fig(m_now) + "%",
                fig(m_now - m_before),
            ]
        )
    assert structure.tables[0].rows == expected_classes
    class_sheet = list(xlsx[structure.tables[0].title[:31]].iter_rows(values_only=True))[1:]
    assert [list(r) for r in class_sheet] == [
        [builder_cell(v) for v in r] for r in expected_classes
    ]

    # the 一二类 sentence
    c_now, f_now = now.group((1, 2))
    c_before, f_before = before.group((1, 2))
    text = structure.paragraphs[0]
    m = re.match(
        rf"一、二类卷烟销售{NUMBER}箱，较同期{NUMBER}箱，(.*?)，占总销量比重{NUMBER}%，"
        rf"同比(?:(增加|减少){NUMBER}个百分点|持平)；实现销售收入{NUMBER}万元，(.*?)，"
        rf"占总销额比重{NUMBER}%，同比(?:(增加|减少){NUMBER}个百分点|持平)。",
        text,
    )
    assert m is not None, text
    assert dec(m[1]) == r2(Fraction(c_now, 250))
    assert dec(m[2]) == r2(Fraction(c_before, 250))
    diff, pct = change_of(m[3], "箱")
    assert diff == r2(Fraction(c_now - c_before, 250))
    assert pct == growth(c_now, c_before)
    v_now, v_before = _share(c_now, now.cartons), _share(c_before, before.cartons)
    assert dec(m[4]) == r2(v_now)
    assert signed(m[5], m[6]) == r2(v_now - v_before)
    assert dec(m[7]) == r2(Fraction(f_now, 1_000_000))
    diff, pct = change_of(m[8], "万元")
    assert diff == r2(Fraction(f_now - f_before, 1_000_000))
    assert pct == growth(f_now, f_before)
    m_now, m_before = _share(f_now, now.fen), _share(f_before, before.fen)
    assert dec(m[9]) == r2(m_now)
    assert signed(m[10], m[11]) == r2(m_now - m_before)

    # the overall sentence: volume, its change and growth
    m = re.search(
        rf"^2026年一季度，{re.escape(subject)}销售卷烟{NUMBER}箱，较同期{NUMBER}箱，(.*?)[，；]",
        overall.paragraphs[0],
    )
    assert m is not None, overall.paragraphs[0]
    assert dec(m[1]) == r2(Fraction(now.cartons, 250))
    assert dec(m[2]) == r2(Fraction(before.cartons, 250))
    rest = overall.paragraphs[0][m.start(3) :]
    diff, pct = change_of(rest, "箱")
    assert diff == r2(Fraction(now.cartons - before.cartons, 250))
    assert pct == growth(now.cartons, before.cartons)

    # the period plan's completion and the year to date against the annual plan, each
    # naming its plan; the year to date summed here from the raw lines of 1 Jan – 31 Mar
    ytd = sum(r.quantity for r in rows if date(2026, 1, 1) <= r.day <= date(2026, 3, 31))
    m = re.search(rf"完成2026年一季度计划{NUMBER}箱的{NUMBER}%", overall.paragraphs[0])
    y = re.search(
        rf"2026年1月1日至2026年3月31日累计销售{NUMBER}箱，完成2026年全年计划{NUMBER}箱的{NUMBER}%",
        overall.paragraphs[0],
    )
    if plan is None:
        assert m is None and y is None and "计划" not in overall.paragraphs[0]
        return
    assert m is not None and y is not None, overall.paragraphs[0]
    assert dec(m[1]) == plan and dec(m[2]) == r2(Fraction(now.cartons, 250) * 100 / int(plan))
    assert dec(y[1]) == r2(Fraction(ytd, 250)) and dec(y[2]) == year_plan
    assert dec(y[3]) == r2(Fraction(ytd, 250) * 100 / int(year_plan))
    plan_rows = {r[0]: r[1] for r in overall.tables[1].rows}
    assert plan_rows["累计完成全年计划进度"] == fig(Fraction(ytd, 250) * 100 / int(year_plan)) + "%"
    assert plan_rows["本期计划完成率"] == fig(Fraction(now.cartons, 250) * 100 / int(plan)) + "%"


def _share(part: int, whole: int) -> Fraction:
    return Fraction(part * 100, whole) if whole else Fraction(0)


def builder_cell(text: str) -> str | float:
    """A table cell as the xlsx holds it: numbers as numbers (a percentage as its fraction,
    30.88% as 0.3088), the rest as text."""
    plain = text.replace(",", "")
    try:
        if plain.endswith("%"):
            return float(Decimal(plain[:-1]) / 100)
        return float(plain)
    except (ValueError, InvalidOperation):
        return text


@settings(max_examples=60, deadline=None)
@given(cases_())
def test_report_tables_prose_and_xlsx_equal_one_rounding_of_raw_totals(case):
    check_report(*case)


@st.composite
def scoped(draw: st.DrawFn):
    """A case and a reader's scope: a market area or a customer manager, owning some of the
    retailers that bought (possibly none of those of the period)."""
    catalog, rows, plan = draw(cases_())
    buyers = sorted({r.retailer for r in rows})
    ids = set(draw(st.lists(st.sampled_from(buyers), unique=True))) if buyers else set()
    kind = draw(st.sampled_from([Scope.AREA, Scope.MINE]))
    scope = builder.ReportScope(kind, "城关市场部" if kind is Scope.AREA else "张三", len(ids))
    return catalog, rows, plan, scope, ids


@settings(max_examples=30, deadline=None)
@given(scoped())
def test_a_scoped_readers_report_equals_one_rounding_of_that_scopes_raw_lines(case):
    catalog, rows, plan, scope, ids = case
    check_report(catalog, rows, plan, scope, ids)
    with translation.override("zh-hans"):
        subject = scope.subject()
    assert "全县" not in subject
    assert subject == (
        "城关市场部（片区）" if scope.kind is Scope.AREA else f"我的客户（张三负责的{len(ids)}户）"
    )


def test_the_issues_combined_share_in_the_report():
    check_report(ISSUE_CATALOG, ISSUE_LINES, None)
    line_frame, sku_frame = frames(ISSUE_CATALOG, ISSUE_LINES)
    with translation.override("zh-hans"):
        section = builder._structure(analyse(line_frame, sku_frame, current=Q1))
    assert "一、二类卷烟销售1,434箱" in section.paragraphs[0]
    assert "占总销量比重30.88%" in section.paragraphs[0]  # printed 30.87% before
