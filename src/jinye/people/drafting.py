"""System drafts of the 135 work-method documents (seed 004), from the data, in the language
of whoever asks for the draft (Chinese wording as seed 002 gives it).

The monthly summary follows seed 002 篇一: 一 results against target with analysis, 二 what
was done, 三 the market situation, 四 next month's plan, 五 self-assessment. Each draft
returns (text, figures); the figures are stored beside the text so a reviewer sees what the
system read.
"""

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Min, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from jinye.engines.analysis import Period
from jinye.engines.kpi import Kpi
from jinye.engines.targets import split_integer
from jinye.orders.models import OrderLine, OrderStatus
from jinye.org.models import Staff
from jinye.people.kpi_inputs import (
    CARTONS_PER_CASE,
    manager_targets,
)
from jinye.people.models import DocKind, KpiChoice, KpiMonth
from jinye.periods import Month
from jinye.retailers.models import Retailer
from jinye.visits.selectors import planned_stops, sku_info_of, staff_visits

if TYPE_CHECKING:
    from jinye.visits.models import PlanStop, Visit

TOP_N = 5
REDUCE_SHARE = 0.2  # a SKU whose volume fell by this share or more is listed to reduce


def _cases(cartons: int) -> str:
    n = cartons / CARTONS_PER_CASE
    return ngettext("%(n)s case", "%(n)s cases", 1 if n == 1 else 2) % {"n": f"{n:,.2f}"}


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _or_dash(x: object, none: str = "—") -> str:
    """``—`` for no figure; a whole number with thousands separators (``5,250``)."""
    if x is None:
        return none
    return f"{x:,}" if isinstance(x, int) and not isinstance(x, bool) else str(x)


def _names(items: list[str]) -> str:
    """``a、b、c``, or 无 when empty."""
    return pgettext("enumeration", ", ").join(items) or pgettext("draft", "none")


def _month(day: date) -> str:
    return pgettext("year and month", "%(month)s/%(year)s") % {"year": day.year, "month": day.month}


def _said(retailer: str, text: str) -> str:
    return pgettext("draft", "%(retailer)s: %(text)s") % {"retailer": retailer, "text": text}


WEEKDAYS = (
    pgettext_lazy("weekday", "Mon"),
    pgettext_lazy("weekday", "Tue"),
    pgettext_lazy("weekday", "Wed"),
    pgettext_lazy("weekday", "Thu"),
    pgettext_lazy("weekday", "Fri"),
    pgettext_lazy("weekday", "Sat"),
    pgettext_lazy("weekday", "Sun"),
)


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
        return monthly_plan(staff, Month.parse(period, field="period").first)
    if kind == DocKind.MONTHLY_SUMMARY:
        return monthly_summary(staff, Month.parse(period, field="period").first)
    monday = date.fromisoformat(period)
    if kind == DocKind.WEEKLY_ARRANGEMENT:
        return weekly_arrangement(staff, monday)
    if kind == DocKind.WEEKLY_SUMMARY:
        return weekly_summary(staff, monday)
    raise ValueError(f"unknown document kind {kind!r}")


def monthly_plan(staff: Staff, month: date) -> tuple[str, dict[str, Any]]:
    """月计划: the month's volume, structure and focus / new / reduce / cultivate SKUs, with
    the volume broken down to each retailer by last month's share."""
    this = Month.containing(month)
    p, last, before = this.span, this.previous().span, this.previous(2).span
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
    text = [
        _("%(name)s: work plan for %(month)s (system draft)")
        % {"name": staff.name, "month": _month(month)},
        "",
        _("1. Sales target"),
        _("This month's sales target: %(cases)s (%(cartons)s cartons).")
        % {"cases": _cases(target), "cartons": f"{target:,}"}
        if target is not None
        else _("No sales target has been set for this month yet; plan on last month's sales."),
        _("Last month: %(retailers)s retailers served, sales %(cases)s.")
        % {"retailers": len(ids), "cases": _cases(sum(per_retailer.values()))},
        _("2. Structure target"),
        _(
            "Last month class 1 and 2 cigarettes made up %(pct)s of sales; this month aim to "
            "keep or raise that."
        )
        % {"pct": _pct(high)},
        _("3. SKU plan"),
        _("Focus SKUs: %(list)s") % {"list": _names(focus)},
        _("New SKUs: %(list)s") % {"list": _names(new)},
        _("SKUs to reduce: %(list)s") % {"list": _names(reduce)},
        _("SKUs to cultivate: %(list)s") % {"list": _names(cultivate)},
        _("4. Per retailer (split by last month's share of sales, in cartons)"),
        *[
            _("%(licence)s %(name)s: last month %(last)s, plan this month %(plan)s")
            % {
                "licence": r["licence_no"],
                "name": r["name"],
                "last": _or_dash(r["last"]),
                "plan": _or_dash(r["plan"]),
            }
            for r in rows
        ],
        _(
            "On visits, note the retailers who find the monthly plan unreasonable; adjust them "
            "together at month end."
        ),
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
    text = [
        _("%(name)s: work arrangement for the week of %(monday)s (system draft)")
        % {"name": staff.name, "monday": f"{monday:%Y-%m-%d}"},
        "",
        _("1. Visits"),
    ]
    for d in sorted(by_day):
        n = len(by_day[d])
        text.append(
            ngettext(
                "%(weekday)s (%(date)s): %(count)s retailer: %(names)s",
                "%(weekday)s (%(date)s): %(count)s retailers: %(names)s",
                n,
            )
            % {
                "weekday": WEEKDAYS[d.weekday()],
                "date": f"{d:%m-%d}",
                "count": n,
                "names": _names(by_day[d]),
            }
        )
    if not by_day:
        text.append(_("No visits are planned this week; generate the visit plan first."))
    text += [
        _("2. Follow-up"),
        _("Problems raised last week awaiting an answer: %(list)s") % {"list": _names(follow)},
    ]
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
    complaints = [_said(v.retailer.name, v.complaints) for v in visits if v.complaints]
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
        _("%(name)s: work summary for the week of %(monday)s (system draft)")
        % {"name": staff.name, "monday": f"{monday:%Y-%m-%d}"},
        "",
        _("1. Visits: %(planned)s planned, %(done)s of them done, %(visits)s visits in all.")
        % {"planned": len(stops), "done": done, "visits": len(visits)},
        _("2. Business guidance given on %(n)s visits.") % {"n": data["guided"]},
        _("3. Sales: %(week)s this week, %(prior)s last week.")
        % {"week": _cases(week), "prior": _cases(prior)},
        _("4. Problems retailers raised: %(list)s")
        % {"list": pgettext("list separator", "; ").join(complaints) or pgettext("draft", "none")},
        _("5. Improvements for next week:"),
    ]
    return "\n".join(text), data


def monthly_summary(staff: Staff, month: date) -> tuple[str, dict[str, Any]]:
    """月总结 in seed 002 篇一's five parts."""
    this = Month.containing(month)
    p, prev = this.span, this.previous().span
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
    complaints = [_said(v.retailer.name, v.complaints) for v in visits if v.complaints]
    kpi = KpiMonth.objects.filter(staff=staff, month=f"{month:%Y-%m}").first()
    kvals = {v.kpi: v for v in kpi.values.all()} if kpi else {}
    if completion is None:
        analysis = _("no target was set for this month.")
    elif completion >= 1:
        analysis = _("%(pct)s of the target: exceeded.") % {"pct": _pct(completion)}
    else:
        analysis = _("%(pct)s of the target, %(short)s short.") % {
            "pct": _pct(completion),
            "short": _cases(max(0, (target or 0) - sold)),
        }
    nxt = this.next().span
    next_target = _target_cartons(staff, nxt)
    unvisited = [names[r] for r in ids if r not in visited]
    not_set = pgettext("target", "not set")
    trend = {
        "prior": _cases(sold_prev),
        "last_year": _cases(sold_ly),
        "high": _pct(high),
    }
    no_data = pgettext("draft", "no data yet")
    text = [
        _("%(name)s: work summary for %(month)s (system draft)")
        % {"name": staff.name, "month": _month(month)},
        "",
        _("1. Sales"),
        _("Sales this month %(sold)s, target %(target)s; %(analysis)s")
        % {
            "sold": _cases(sold),
            "target": _cases(target) if target is not None else not_set,
            "analysis": analysis,
        },
        (
            _(
                "Up on last month (%(prior)s); same month last year %(last_year)s. Class 1 and "
                "2 cigarettes made up %(high)s."
            )
            if sold >= sold_prev
            else _(
                "Down on last month (%(prior)s); same month last year %(last_year)s. Class 1 "
                "and 2 cigarettes made up %(high)s."
            )
        )
        % trend,
        _("2. Activity report"),
        _(
            "Visited on %(days)s days this month, %(visits)s visits, %(covered)s/%(retailers)s "
            "retailers covered; %(planned)s visits planned, %(done)s done; business guidance on "
            "%(guided)s visits."
        )
        % {
            "days": len(days),
            "visits": len(visits),
            "covered": len(visited),
            "retailers": len(ids),
            "planned": len(stops),
            "done": sum(1 for s in stops if getattr(s, "visit", None)),
            "guided": sum(1 for v in visits if v.guidance),
        },
        _("3. Market"),
        _("(1) Retailers' stock seen on visits (cartons): %(list)s")
        % {
            "list": pgettext("list separator", "; ").join(
                pgettext("draft", "%(sku)s %(n)s") % {"sku": k, "n": _or_dash(v)}
                for k, v in stock.most_common(TOP_N)
            )
            or pgettext("draft", "no records")
        },
        _("(2) Retailers: sales grew most at %(up)s; fell most at %(down)s.")
        % {"up": _names(up), "down": _names(down)},
        _("(3) Market problems: %(list)s")
        % {"list": pgettext("list separator", "; ").join(complaints) or pgettext("draft", "none")},
        _("4. Plans for next month"),
        (
            _(
                "Next month's target: %(target)s; %(count)s retailers not visited this month "
                "(%(names)s) to be visited first."
            )
            if unvisited
            else _(
                "Next month's target: %(target)s; %(count)s retailers not visited this month "
                "to be visited first."
            )
        )
        % {
            "target": _cases(next_target) if next_target is not None else not_set,
            "count": len(unvisited),
            "names": _names(unvisited[:10]),
        },
        _("5. Self-assessment"),
    ]
    if kpi is None:
        text.append(_("This month's assessment has not been computed yet."))
    else:
        text.append(
            _("This month's assessment score: %(score)s, rank %(rank)s in the department.")
            % {"score": _or_dash(kpi.score, no_data), "rank": _or_dash(kpi.rank)}
        )
        for k in Kpi:
            v = kvals.get(k.value)
            if v is not None:
                text.append(
                    pgettext("draft", "%(kpi)s: %(value)s")
                    % {
                        "kpi": KpiChoice(k.value).label,
                        "value": no_data if v.attainment is None else _pct(v.attainment),
                    }
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
