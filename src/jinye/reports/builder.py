"""Assemble the operation analysis report (经济运行分析): figures from the engine, Chinese prose,
tables and chart specifications. Renderers (web, docx, xlsx) only lay these out.

The report's text is Chinese by design (it goes to the department's meetings, modelled on
seed 001 第二篇); the page around it is translated UI.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import translation

from jinye.engines.analysis import Analysis, Mover, analyse, pct_change, q2
from jinye.org.models import MarketingDepartment
from jinye.periods import Month, Quarter
from jinye.reports.selectors import line_frame, sku_frame
from jinye.retailers.models import Retailer
from jinye.targets.selectors import (
    SurveySummary,
    latest_survey,
    next_period_targets,
    plan_cases,
    survey_summary,
)

ReportPeriod = Month | Quarter

CLASS_NAMES = {1: "一类", 2: "二类", 3: "三类", 4: "四类", 5: "五类"}


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Chart:
    """``kind`` is ``bar`` (grouped) or ``pie`` (first series only)."""

    key: str
    kind: str
    title: str
    categories: list[str]
    series: dict[str, list[float]]


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass
class Report:
    title: str
    label: str
    period: ReportPeriod
    analysis: Analysis
    survey: SurveySummary | None
    sections: list[Section]


def num(value: Decimal | int) -> str:
    """Plain number for prose: drop a trailing .00."""
    text = f"{value:,.2f}" if isinstance(value, Decimal) else f"{value:,}"
    return text[:-3] if text.endswith(".00") else text


def wan(yuan: Decimal) -> Decimal:
    return q2(yuan / 10_000)


def change(now: Decimal, before: Decimal, unit: str) -> str:
    """'增加104箱，上升2.19%' style phrase."""
    diff = now - before
    pct = pct_change(now, before)
    word = "增加" if diff >= 0 else "减少"
    text = f"{word}{num(abs(diff))}{unit}"
    if pct is not None:
        text += f"，{'上升' if pct >= 0 else '下降'}{num(abs(pct))}%"
    return text


def pp(value: Decimal) -> str:
    return f"{'增加' if value >= 0 else '减少'}{num(abs(value))}个百分点"


def _overall(a: Analysis, label: str) -> Section:
    now, before = a.now, a.before
    s = Section("一、总体情况")
    text = (
        f"{label}，全县销售卷烟{num(now.cases)}箱，较同期{num(before.cases)}箱，"
        f"{change(now.cases, before.cases, '箱')}"
    )
    if a.completion_pct is not None:
        text += f"，完成卷烟销售计划的{num(a.completion_pct)}%（计划{num(a.plan_cases or 0)}箱）"
    text += (
        f"；实现销售收入{num(wan(now.revenue))}万元，较同期{num(wan(before.revenue))}万元，"
        f"{change(wan(now.revenue), wan(before.revenue), '万元')}"
    )
    if now.per_case is not None and before.per_case is not None:
        text += (
            f"；单箱均价{num(now.per_case)}元，同比{change(now.per_case, before.per_case, '元')}"
        )
    if now.per_carton is not None:
        text += f"；单条均价{num(now.per_carton)}元"
    s.paragraphs.append(text + "。")
    s.paragraphs.append(
        f"周均销量{num(a.weekly_cases_now)}箱，较同期{num(a.weekly_cases_before)}箱，"
        f"{change(a.weekly_cases_now, a.weekly_cases_before, '箱')}。"
        f"订货零售客户{now.retailers}户，较同期{before.retailers}户，"
        f"{'增加' if now.retailers >= before.retailers else '减少'}"
        f"{abs(now.retailers - before.retailers)}户。"
    )
    s.tables.append(
        Table(
            "总体指标",
            ["指标", "本期", "同期", "增减", "增幅%"],
            [
                _row("销量（箱）", now.cases, before.cases),
                _row("销售收入（万元）", wan(now.revenue), wan(before.revenue)),
                _row("单箱均价（元）", now.per_case, before.per_case),
                _row("单条均价（元）", now.per_carton, before.per_carton),
                _row("周均销量（箱）", a.weekly_cases_now, a.weekly_cases_before),
                _row("订货客户（户）", Decimal(now.retailers), Decimal(before.retailers)),
            ],
        )
    )
    return s


def _row(name: str, now: Decimal | None, before: Decimal | None) -> list[str]:
    if now is None or before is None:
        return [name, num(now or 0), num(before or 0), "—", "—"]
    pct = pct_change(now, before)
    return [name, num(now), num(before), num(now - before), "—" if pct is None else num(pct)]


def _structure(a: Analysis) -> Section:
    s = Section("二、结构分析")
    hs = a.high_structure()
    c_now = sum((c.cases_now for c in hs), Decimal(0))
    c_before = sum((c.cases_before for c in hs), Decimal(0))
    v_share = sum((c.volume_share_now for c in hs), Decimal(0))
    v_pp = sum((c.volume_share_pp for c in hs), Decimal(0))
    r_now = sum((c.revenue_now for c in hs), Decimal(0))
    r_before = sum((c.revenue_before for c in hs), Decimal(0))
    r_share = sum((c.revenue_share_now for c in hs), Decimal(0))
    r_pp = sum((c.revenue_share_pp for c in hs), Decimal(0))
    s.paragraphs.append(
        f"一、二类卷烟销售{num(c_now)}箱，较同期{num(c_before)}箱，"
        f"{change(c_now, c_before, '箱')}，占总销量比重{num(v_share)}%，同比{pp(v_pp)}；"
        f"实现销售收入{num(wan(r_now))}万元，"
        f"{change(wan(r_now), wan(r_before), '万元')}，"
        f"占总销额比重{num(r_share)}%，同比{pp(r_pp)}。"
    )
    he_now, he_before = a.high_end_now, a.high_end_before
    s.paragraphs.append(
        f"其中，高端品牌（建议零售价400-800元/条）销售{num(he_now.cases)}箱，"
        f"较同期{num(he_before.cases)}箱，{change(he_now.cases, he_before.cases, '箱')}。"
    )
    s.tables.append(
        Table(
            "价类结构",
            [
                "价类",
                "销量（箱）",
                "同期",
                "销量占比%",
                "同比（百分点）",
                "收入（万元）",
                "收入占比%",
                "同比（百分点）",
            ],
            [
                [
                    CLASS_NAMES[c.price_class],
                    num(c.cases_now),
                    num(c.cases_before),
                    num(c.volume_share_now),
                    num(c.volume_share_pp),
                    num(wan(c.revenue_now)),
                    num(c.revenue_share_now),
                    num(c.revenue_share_pp),
                ]
                for c in a.classes
            ],
        )
    )
    names = [CLASS_NAMES[c.price_class] for c in a.classes]
    s.charts.append(
        Chart(
            "structure",
            "bar",
            "价类销量占比（%）",
            names,
            {
                "本期": [float(c.volume_share_now) for c in a.classes],
                "同期": [float(c.volume_share_before) for c in a.classes],
            },
        )
    )
    s.charts.append(
        Chart(
            "revenue_share",
            "pie",
            "价类收入占比（%）",
            names,
            {"本期": [float(c.revenue_share_now) for c in a.classes]},
        )
    )
    return s


def _movers_text(movers: list[Mover]) -> str:
    return "、".join(m.name for m in movers) or "无"


def _brands(a: Analysis) -> Section:
    s = Section("三、品牌分析")
    share = q2(Decimal(a.brands_up) * 100 / a.brands_selling) if a.brands_selling else Decimal(0)
    up_sum = sum((m.change for m in a.top_brands_up), Decimal(0))
    down_sum = sum((m.change for m in a.top_brands_down), Decimal(0))
    s.paragraphs.append(
        f"在销的{a.brands_selling}个品牌中有{a.brands_up}个品牌同比上升，比重{num(share)}%，"
        f"{a.brands_down}个品牌同比下降。增长量前五位品牌是{_movers_text(a.top_brands_up)}，"
        f"合计增长{num(up_sum)}箱；减少量前五位品牌是{_movers_text(a.top_brands_down)}，"
        f"合计减少{num(abs(down_sum))}箱。"
    )
    sku_up = sum((m.change for m in a.top_skus_up), Decimal(0))
    sku_down = sum((m.change for m in a.top_skus_down), Decimal(0))
    s.paragraphs.append(
        f"增长前五的规格是{_movers_text(a.top_skus_up)}，一共增长{num(sku_up)}箱；"
        f"减少量前五的规格是{_movers_text(a.top_skus_down)}，一共减少{num(abs(sku_down))}箱。"
    )
    for title, movers in (
        ("品牌增长前五", a.top_brands_up),
        ("品牌减少前五", a.top_brands_down),
        ("规格增长前五", a.top_skus_up),
        ("规格减少前五", a.top_skus_down),
    ):
        s.tables.append(
            Table(
                title,
                ["名称", "本期（箱）", "同期（箱）", "增减（箱）"],
                [[m.name, num(m.cases_now), num(m.cases_before), num(m.change)] for m in movers],
            )
        )
    movers = a.top_brands_up + a.top_brands_down
    s.charts.append(
        Chart(
            "brands",
            "bar",
            "品牌增减前五（箱）",
            [m.name for m in movers],
            {"增减": [float(m.change) for m in movers]},
        )
    )
    return s


def _inventory(summary: SurveySummary | None) -> Section:
    s = Section("四、社会库存")
    if summary is None:
        s.paragraphs.append("本期未开展社会库存调查。")
        return s
    total_cases = q2(Decimal(summary.total_cartons) / 250)
    taken = summary.survey.taken_on
    text = (
        f"{taken.month}月{taken.day}日社会库存调查（{summary.surveyed}户），"
        f"库存总量{num(total_cases)}箱"
    )
    if summary.previous_cartons is not None:
        prev = q2(Decimal(summary.previous_cartons) / 250)
        text += f"，较上次{num(prev)}箱，{change(total_cases, prev, '箱')}"
    if summary.ratio is not None and summary.ratio_excess is not None:
        text += f"，月存销比{num(summary.ratio)}"
        excess = summary.ratio_excess
        text += (
            f"，较正常值范围的上限{'高' if excess > 0 else '低'}{num(abs(excess))}"
            if excess
            else "，恰为正常值上限"
        )
    s.paragraphs.append(text + "。")
    scarce = summary.scarce()
    if scarce:
        s.paragraphs.append(
            "紧俏品规："
            + "；".join(
                f"{summary.sku_names[r.sku_id]}存货率{num(r.holding_rate or 0)}%，"
                f"户均{num(r.per_holder or 0)}条"
                for r in scarce[:5]
            )
            + "。"
        )
    s.tables.append(
        Table(
            "品规库存",
            ["品规", "库存（条）", "月销量（条）", "存销比", "存货率%", "户均库存（条）"],
            [
                [
                    summary.sku_names.get(r.sku_id, str(r.sku_id)),
                    num(r.cartons),
                    num(r.sales),
                    "—" if r.ratio is None else num(r.ratio),
                    num(r.holding_rate or 0),
                    "—" if r.per_holder is None else num(r.per_holder),
                ]
                for r in summary.skus[:20]
            ],
        )
    )
    return s


def _problems(summary: SurveySummary | None) -> Section:
    s = Section("五、存在的问题")
    if summary is None or not summary.surveyed:
        s.paragraphs.append("无社会库存调查数据，无法判断小客户规格与库存情况。")
        return s
    n = summary.surveyed
    for bound, count in summary.few_skus.items():
        s.paragraphs.append(
            f"库存规格{bound}个以下的客户{count}户，"
            f"占调查客户的{num(q2(Decimal(count) * 100 / n))}%。"
        )
    for bound, count in summary.low_stock.items():
        s.paragraphs.append(
            f"库存{bound}条以下的客户{count}户，占调查客户的{num(q2(Decimal(count) * 100 / n))}%。"
        )
    high = [r for r in summary.skus if r.ratio is not None and r.ratio > summary.ratio_upper]
    if high:
        s.paragraphs.append(
            f"月存销比高于正常值上限{num(summary.ratio_upper)}的品规{len(high)}个，"
            "其中"
            + "、".join(f"{summary.sku_names[r.sku_id]}（{num(r.ratio or 0)}）" for r in high[:5])
            + "需较长时间消化。"
        )
    return s


def chinese_label(period: ReportPeriod) -> str:
    """``2026年一季度``: the report's prose is Chinese whatever the reader's language."""
    with translation.override("zh-hans"):
        return period.label()


def _next_targets(department: MarketingDepartment, period: ReportPeriod) -> Section:
    nxt = period.next()
    s = Section("六、下一步目标")
    months = next_period_targets(department, nxt.span)
    if not months:
        s.paragraphs.append(f"{chinese_label(nxt)}尚未下达销售目标。")
        return s
    total = sum(m["cases"] for m in months)
    weeks = [w for m in months for w in m["weeks"]]
    week_avg = q2(Decimal(sum(q for _, q in weeks)) / len({d for d, _ in weeks}))
    month_avg = q2(Decimal(total) / len(months))
    s.paragraphs.append(
        f"{chinese_label(nxt)}目标{num(total)}箱，月均{num(month_avg)}箱，周均{num(week_avg)}箱。"
    )
    s.tables.append(
        Table(
            "月度目标分解",
            ["月份", "目标（箱）", "周目标（箱）"],
            [
                [
                    f"{m['year']}年{m['month']}月",
                    num(m["cases"]),
                    "，".join(f"{d:%m-%d}周 {q}" for d, q in m["weeks"]),
                ]
                for m in months
            ],
        )
    )
    return s


def build_report(
    *,
    department: MarketingDepartment,
    period: ReportPeriod,
    retailers: QuerySet[Retailer],
    with_plan: bool = True,
) -> Report:
    """The report for ``retailers`` (the reader's scope) in ``period`` against a year before."""
    current = period.span
    previous = current.year_before()
    lines = line_frame(retailers, [current, previous])
    plan = plan_cases(department, current) if with_plan else None
    a = analyse(
        lines,
        sku_frame(),
        current=current,
        previous=previous,
        plan_cases=Decimal(plan) if plan else None,
    )
    survey = latest_survey(department, period.last)
    summary = survey_summary(survey) if survey and survey.taken_on >= period.first else None
    label = chinese_label(period)
    return Report(
        title=f"{department}{label}卷烟经营运行情况",
        label=label,
        period=period,
        analysis=a,
        survey=summary,
        sections=[
            _overall(a, label),
            _structure(a),
            _brands(a),
            _inventory(summary),
            _problems(summary),
            _next_targets(department, period),
        ],
    )
