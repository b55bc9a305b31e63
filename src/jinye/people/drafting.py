"""System drafts of the 135 work-method documents (seed 004), in Chinese, from the data.

The monthly summary follows seed 002 篇一: 一 results against target with analysis, 二 what
was done, 三 the market situation, 四 next month's plan, 五 self-assessment. Each draft
returns (text, figures); the figures are stored beside the text so a reviewer sees what the
system read.
"""

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Min, Sum

from jinye.engines.analysis import Period
from jinye.engines.kpi import KPI_ZH, Kpi
from jinye.engines.targets import split_integer
from jinye.orders.models import OrderLine, OrderStatus
from jinye.org.models import Staff
from jinye.people.kpi_inputs import (
    CARTONS_PER_CASE,
    manager_targets,
    month_period,
    previous_month,
)
from jinye.people.models import DocKind, KpiMonth
from jinye.retailers.models import Retailer
from jinye.visits.selectors import planned_stops, sku_info_of, staff_visits

if TYPE_CHECKING:
    from jinye.visits.models import PlanStop, Visit

TOP_N = 5
REDUCE_SHARE = 0.2  # a SKU whose volume fell by this share or more is listed to reduce
WEEKDAYS_ZH = "一二三四五六日"


def _cases(cartons: int) -> str:
    return f"{cartons / CARTONS_PER_CASE:.2f}箱"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _or_dash(x: object, none: str = "—") -> str:
    return none if x is None else str(x)


def _retailer_ids(staff: Staff) -> list[int]:
    return list(
        Retailer.objects.filter(customer_manager=staff, status="open").values_list("pk", flat=True)
    )


def _lines(ids: list[int], p: Period):  # type: ignore[no-untyped-def]
    return OrderLine.objects.filter(
        order__retailer_id__in=ids, order__order_date__gte=p.first, order__order_date__lte=p.last
    ).exclude(order__status=OrderStatus.CANCELLED)


def _by_sku(ids: list[int], p: Period) -> dict[str, int]:
    rows = _lines(ids, p).values("sku__name").annotate(q=Sum("quantity"))
    return {r["sku__name"]: int(r["q"]) for r in rows}


def _by_retailer(ids: list[int], p: Period) -> dict[int, int]:
    rows = _lines(ids, p).values("order__retailer_id").annotate(q=Sum("quantity"))
    return {r["order__retailer_id"]: int(r["q"]) for r in rows}


def _high_share(ids: list[int], p: Period) -> float | None:
    total = _lines(ids, p).aggregate(q=Sum("quantity"))["q"] or 0
    high = _lines(ids, p).filter(sku__price_class__in=[1, 2]).aggregate(q=Sum("quantity"))["q"]
    return (high or 0) / total if total else None


def _target_cartons(staff: Staff, p: Period) -> int | None:
    cases = manager_targets(staff.department, [staff], p).get(staff.pk)
    return None if cases is None else cases * CARTONS_PER_CASE


def draft(staff: Staff, kind: str, period: str) -> tuple[str, dict[str, Any]]:
    """The system's draft of ``kind`` for ``period`` (YYYY-MM or a Monday's YYYY-MM-DD)."""
    if kind == DocKind.MONTHLY_PLAN:
        return monthly_plan(staff, date.fromisoformat(period + "-01"))
    if kind == DocKind.MONTHLY_SUMMARY:
        return monthly_summary(staff, date.fromisoformat(period + "-01"))
    monday = date.fromisoformat(period)
    if kind == DocKind.WEEKLY_ARRANGEMENT:
        return weekly_arrangement(staff, monday)
    if kind == DocKind.WEEKLY_SUMMARY:
        return weekly_summary(staff, monday)
    raise ValueError(f"unknown document kind {kind!r}")


def monthly_plan(staff: Staff, month: date) -> tuple[str, dict[str, Any]]:
    """月计划: the month's volume, structure and focus / new / reduce / cultivate SKUs, with
    the volume broken down to each retailer by last month's share."""
    p, last = month_period(month), month_period(previous_month(month))
    before = month_period(previous_month(last.first))
    ids = _retailer_ids(staff)
    target = _target_cartons(staff, p)
    now, prev = _by_sku(ids, last), _by_sku(ids, before)
    focus = sorted(now, key=lambda s: (-now[s], s))[:TOP_N]
    first_seen = (
        OrderLine.objects.values("sku__name")
        .annotate(first=Min("order__order_date"))
        .filter(first__gte=before.first)
    )
    new = sorted(r["sku__name"] for r in first_seen)[:TOP_N]
    reduce = sorted(
        (s for s in prev if s not in focus and now.get(s, 0) <= prev[s] * (1 - REDUCE_SHARE)),
        key=lambda s: (now.get(s, 0) - prev[s], s),
    )[:TOP_N]
    high_now = set(
        _lines(ids, last).filter(sku__price_class__in=[1, 2]).values_list("sku__name", flat=True)
    )
    cultivate = sorted(
        (s for s in high_now if now.get(s, 0) > prev.get(s, 0)),
        key=lambda s: (-(now.get(s, 0) - prev.get(s, 0)), s),
    )[:TOP_N]
    per_retailer = _by_retailer(ids, last)
    retailers = list(Retailer.objects.filter(pk__in=ids).order_by("licence_no"))
    shares = (
        split_integer(target, [per_retailer.get(r.pk, 0) for r in retailers])
        if target is not None and retailers
        else [None] * len(retailers)
    )
    rows = [
        {"licence_no": r.licence_no, "name": r.name, "last": per_retailer.get(r.pk, 0), "plan": s}
        for r, s in zip(retailers, shares, strict=True)
    ]
    high = _high_share(ids, last)
    label = f"{month.year}年{month.month}月"
    text = [
        f"{staff.name}{label}工作计划（系统草稿）",
        "",
        "一、销量目标",
        f"本月销量目标{_cases(target)}（{target}条）。"
        if target is not None
        else "本月尚未下达销量目标，按上月实绩安排。",
        f"上月服务客户{len(ids)}户，销量{_cases(sum(per_retailer.values()))}。",
        "二、结构目标",
        f"上月一二类烟占比{_pct(high)}，本月力争保持并提高。",
        "三、品规安排",
        f"重点品规：{'、'.join(focus) or '无'}",
        f"新品规：{'、'.join(new) or '无'}",
        f"压减品规：{'、'.join(reduce) or '无'}",
        f"培育品规：{'、'.join(cultivate) or '无'}",
        "四、分解到户（按上月销量占比分解，单位：条）",
        *[
            f"{r['licence_no']} {r['name']}：上月{r['last']}，本月计划{_or_dash(r['plan'])}"
            for r in rows
        ],
        "对月计划不合理的客户在拜访中做好记录，月底统一调整。",
    ]
    data = {
        "target_cartons": target,
        "high_share": high,
        "focus": focus,
        "new": new,
        "reduce": reduce,
        "cultivate": cultivate,
        "retailers": rows,
    }
    return "\n".join(text), data


def _stops(staff: Staff, p: Period) -> list["PlanStop"]:
    return list(
        planned_stops(staff, p.first, p.last)
        .select_related("retailer", "plan_day", "visit")
        .order_by("plan_day__day", "seq")
    )


def _visits(staff: Staff, p: Period) -> list["Visit"]:
    return list(
        staff_visits(staff, p.first, p.last).select_related("retailer").order_by("checked_in_at")
    )


def weekly_arrangement(staff: Staff, monday: date) -> tuple[str, dict[str, Any]]:
    """周安排: the week's planned visits day by day, and retailers to follow up."""
    p = Period(monday, monday + timedelta(days=6))
    by_day: dict[date, list[str]] = defaultdict(list)
    for s in _stops(staff, p):
        by_day[s.plan_day.day].append(s.retailer.name)
    follow = sorted(
        {
            v.retailer.name
            for v in _visits(staff, Period(monday - timedelta(days=7), monday))
            if v.complaints
        }
    )
    text = [f"{staff.name}{monday:%Y-%m-%d}当周工作安排（系统草稿）", "", "一、拜访安排"]
    for d in sorted(by_day):
        text.append(
            f"周{WEEKDAYS_ZH[d.weekday()]}（{d:%m-%d}）：{len(by_day[d])}户："
            + "、".join(by_day[d])
        )
    if not by_day:
        text.append("本周没有拜访计划，请先生成拜访计划。")
    text += ["二、跟进事项", f"上周反映问题待回复：{'、'.join(follow) or '无'}"]
    data = {"days": {str(d): names for d, names in sorted(by_day.items())}, "follow_up": follow}
    return "\n".join(text), data


def weekly_summary(staff: Staff, monday: date) -> tuple[str, dict[str, Any]]:
    """周总结: planned vs done visits, guidance, information, complaints, the week's sales."""
    p = Period(monday, monday + timedelta(days=6))
    stops, visits = _stops(staff, p), _visits(staff, p)
    done = sum(1 for s in stops if getattr(s, "visit", None) is not None)
    ids = _retailer_ids(staff)
    week = sum(_by_retailer(ids, p).values())
    prior = sum(
        _by_retailer(ids, Period(monday - timedelta(days=7), monday - timedelta(1))).values()
    )
    complaints = [f"{v.retailer.name}：{v.complaints}" for v in visits if v.complaints]
    data = {
        "planned": len(stops),
        "done_planned": done,
        "visits": len(visits),
        "guided": sum(1 for v in visits if v.guidance),
        "sales_cartons": week,
        "prior_week_cartons": prior,
        "complaints": complaints,
    }
    text = [
        f"{staff.name}{monday:%Y-%m-%d}当周工作总结（系统草稿）",
        "",
        f"一、拜访：计划{len(stops)}户次，完成{done}户次，实际拜访{len(visits)}户次。",
        f"二、经营指导{data['guided']}户次。",
        f"三、销量：本周{_cases(week)}，上周{_cases(prior)}。",
        "四、客户反映问题：" + ("；".join(complaints) or "无"),
        "五、下周改进：",
    ]
    return "\n".join(text), data


def monthly_summary(staff: Staff, month: date) -> tuple[str, dict[str, Any]]:
    """月总结 in seed 002 篇一's five parts."""
    p, prev = month_period(month), month_period(previous_month(month))
    ids = _retailer_ids(staff)
    target = _target_cartons(staff, p)
    now, before = _by_retailer(ids, p), _by_retailer(ids, prev)
    last_year = _by_retailer(ids, p.year_before())
    sold, sold_prev, sold_ly = sum(now.values()), sum(before.values()), sum(last_year.values())
    completion = sold / target if target else None
    high = _high_share(ids, p)
    visits, stops = _visits(staff, p), _stops(staff, p)
    days = sorted({v.checked_in_at.date() for v in visits})
    visited = {v.retailer_id for v in visits}
    names = dict(Retailer.objects.filter(pk__in=ids).values_list("pk", "name"))
    change = {r: now.get(r, 0) - before.get(r, 0) for r in ids}
    up = [names[r] for r in sorted(change, key=lambda r: -change[r])[:3] if change[r] > 0]
    down = [names[r] for r in sorted(change, key=lambda r: change[r])[:3] if change[r] < 0]
    stock: Counter[str] = Counter()
    for row in sku_info_of([v.pk for v in visits]).values("sku__name", "stock"):
        stock[row["sku__name"]] += row["stock"]
    complaints = [f"{v.retailer.name}：{v.complaints}" for v in visits if v.complaints]
    kpi = KpiMonth.objects.filter(staff=staff, month=f"{month:%Y-%m}").first()
    kvals = {v.kpi: v for v in kpi.values.all()} if kpi else {}
    analysis = (
        "本月未下达目标。"
        if completion is None
        else f"完成目标的{_pct(completion)}，"
        + ("超额完成。" if completion >= 1 else f"差{_cases(max(0, (target or 0) - sold))}。")
    )
    trend = "增长" if sold >= sold_prev else "下降"
    nxt = month_period(p.last + timedelta(days=1))
    next_target = _target_cartons(staff, nxt)
    unvisited = [names[r] for r in ids if r not in visited]
    target_text = _cases(target) if target is not None else "未下达"
    text = [
        f"{staff.name}{month.year}年{month.month}月工作总结（系统草稿）",
        "",
        "一、销售情况",
        f"本月销量{_cases(sold)}，目标{target_text}，{analysis}",
        f"环比上月（{_cases(sold_prev)}）{trend}；去年同期{_cases(sold_ly)}。一二类烟占比{_pct(high)}。",
        "二、行动报告",
        f"本月出勤拜访{len(days)}天，拜访{len(visits)}户次，覆盖客户{len(visited)}/{len(ids)}户；"
        f"计划拜访{len(stops)}户次，完成{sum(1 for s in stops if getattr(s, 'visit', None))}户次；"
        f"经营指导{sum(1 for v in visits if v.guidance)}户次。",
        "三、市场情况",
        "（1）客户库存（拜访所见，条）："
        + ("；".join(f"{k}{v}" for k, v in stock.most_common(TOP_N)) or "无记录"),
        f"（2）客户评价：销量增长较多的客户：{'、'.join(up) or '无'}；"
        f"下降较多的客户：{'、'.join(down) or '无'}。",
        "（3）市场问题：" + ("；".join(complaints) or "无"),
        "四、下月工作打算",
        f"下月目标{_cases(next_target) if next_target is not None else '未下达'}；"
        f"本月未拜访客户{len(unvisited)}户"
        + (f"（{'、'.join(unvisited[:10])}）" if unvisited else "")
        + "须优先安排。",
        "五、工作自我评价",
    ]
    if kpi is None:
        text.append("本月考核尚未计算。")
    else:
        text.append(
            f"本月考核得分{_or_dash(kpi.score, '暂无数据')}，部门排名第{_or_dash(kpi.rank)}名。"
        )
        for k in Kpi:
            v = kvals.get(k.value)
            if v is not None:
                text.append(
                    f"{KPI_ZH[k]}：{'暂无数据' if v.attainment is None else _pct(v.attainment)}"
                )
    data = {
        "sold_cartons": sold,
        "target_cartons": target,
        "completion": completion,
        "prior_month_cartons": sold_prev,
        "last_year_cartons": sold_ly,
        "high_share": high,
        "visit_days": len(days),
        "visits": len(visits),
        "retailers_visited": len(visited),
        "retailers": len(ids),
        "complaints": complaints,
        "score": kpi.score if kpi else None,
    }
    return "\n".join(text), data
