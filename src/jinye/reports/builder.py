"""Assemble the operation analysis report (经济运行分析): figures from the engine, prose,
tables and chart specifications. Renderers (web, docx, xlsx) only lay these out.

Every sentence and heading goes through gettext (context ``report`` for short headings), so
the report reads in the language of whoever builds it: Chinese for the department's meetings
(modelled on seed 001 第二篇, the catalog holds that wording exactly), English on request.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext, pgettext, pgettext_lazy

from jinye import access
from jinye.engines.analysis import (
    Analysis,
    Mover,
    Period,
    Totals,
    analyse,
    exact_cases,
    pct_change,
    q2,
    round2,
    total_change,
)
from jinye.errors import Invalid
from jinye.org.models import MarketingDepartment, Staff
from jinye.periods import Month, Quarter
from jinye.reports.selectors import line_frame, sku_frame
from jinye.retailers.models import Retailer
from jinye.targets.selectors import (
    Scope,
    SurveySummary,
    latest_survey,
    next_period_targets,
    sold_cartons,
    survey_summary,
)

ReportPeriod = Month | Quarter
PlanOf = Callable[[Period], int | None]

CLASS_NAMES = {
    1: pgettext_lazy("price class", "Class 1"),
    2: pgettext_lazy("price class", "Class 2"),
    3: pgettext_lazy("price class", "Class 3"),
    4: pgettext_lazy("price class", "Class 4"),
    5: pgettext_lazy("price class", "Class 5"),
}


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


@dataclass(frozen=True)
class ReportScope:
    """Whose figures a report holds: the department's, a market area's, or one customer
    manager's retailers (``retailers`` of them). ``name`` is the department's, the area's or
    the manager's name."""

    kind: Scope
    name: str
    retailers: int = 0

    def subject(self) -> str:
        """Who sold, in the overall sentence: 全县 / 城关市场部（片区） /
        我的客户（张三负责的120户）."""
        if self.kind is Scope.AREA:
            return _("%(area)s (market area)") % {"area": self.name}
        if self.kind is Scope.MINE:
            return npgettext(
                "report scope",
                "my retailers (the %(n)s retailer of %(name)s)",
                "my retailers (the %(n)s retailers of %(name)s)",
                _count(self.retailers),
            ) % {"n": num(self.retailers), "name": self.name}
        return _("the county")

    def title_name(self) -> str:
        """The title's first words: the department's name, the area's, the manager's retailers."""
        if self.kind is Scope.AREA:
            return self.subject()
        if self.kind is Scope.MINE:
            return npgettext(
                "report scope",
                "%(name)s's retailers (%(n)s)",
                "%(name)s's retailers (%(n)s)",
                _count(self.retailers),
            ) % {"n": num(self.retailers), "name": self.name}
        return self.name

    def short(self) -> str:
        """The scope in a parenthesis: 城关市场部 / 我的客户."""
        if self.kind is Scope.MINE:
            return _("my retailers")
        return self.name


def department_scope(department: MarketingDepartment) -> ReportScope:
    return ReportScope(Scope.DEPARTMENT, str(department))


def reader_scope(staff: Staff) -> ReportScope:
    """The scope ``staff`` reads retailers in (see :func:`jinye.access.reach_of`)."""
    reach = access.reach_of(staff, "retailers")
    if reach is access.Reach.SELF:
        return ReportScope(Scope.MINE, staff.name, access.retailers(staff).count())
    if reach is access.Reach.AREA:
        return ReportScope(Scope.AREA, str(staff.area) if staff.area else "")
    return department_scope(staff.department)


@dataclass
class Report:
    """``label`` names the period as reported: ``period.label()``, or with its last counted
    day when the period is still running (``in_progress``). ``notes`` come before the
    sections: a running period, no orders a year before."""

    title: str
    label: str
    period: ReportPeriod
    analysis: Analysis
    survey: SurveySummary | None
    sections: list[Section]
    scope: ReportScope
    in_progress: bool = False
    notes: list[str] = field(default_factory=list)


def day(d: date) -> str:
    """The report's one date format, in the reader's language (2026年3月31日 / Mar. 31, 2026)."""
    return date_format(d, "DATE_FORMAT")


def pct_cell(value: Decimal | None) -> str:
    """A percentage in a table cell: '30.88%' ('—' without a base)."""
    return "—" if value is None else f"{num(value)}%"


def num(value: Decimal | int) -> str:
    """Plain number for prose: drop a trailing .00."""
    text = f"{value:,.2f}" if isinstance(value, Decimal) else f"{value:,}"
    return text[:-3] if text.endswith(".00") else text


def wan(yuan: Decimal) -> Decimal:
    return q2(yuan / 10_000)


def exact_wan(t: Totals) -> Fraction:
    """Revenue in 万元, unrounded."""
    return Fraction(t.fen, 1_000_000)


def _count(n: Decimal | int) -> int:
    """For choosing a plural form: 1 for exactly one, else 2."""
    return 1 if n == 1 else 2


def cases(n: Decimal | int) -> str:
    return ngettext("%(n)s case", "%(n)s cases", _count(n)) % {"n": num(n)}


def wan_yuan(n: Decimal) -> str:
    return _("%(n)s ten thousand yuan") % {"n": num(n)}


def yuan(n: Decimal) -> str:
    return _("%(n)s yuan") % {"n": num(n)}


def retailers_count(n: int) -> str:
    return npgettext("report", "%(n)s retailer", "%(n)s retailers", _count(n)) % {"n": num(n)}


def _end(text: str) -> str:
    return text + pgettext("sentence end", ".")


def _enumerate(items: list[str]) -> str:
    return pgettext("enumeration", ", ").join(items)


def change(now: Fraction, before: Fraction, amount: Callable[[Decimal], str]) -> str:
    """'增加104箱，上升2.19%' style phrase; ``amount`` writes a quantity with its unit.

    ``now`` and ``before`` are exact (unrounded) values: the difference and the growth rate
    are each rounded once from them (``round2``), never from the rounded figures.
    """
    diff = round2(now - before)
    pct = pct_change(now, before)
    if diff == 0 and not pct:
        return pgettext("report change", "unchanged")
    if now - before >= 0:
        text = _("up by %(amount)s") % {"amount": amount(abs(diff))}
    else:
        text = _("down by %(amount)s") % {"amount": amount(abs(diff))}
    if pct is not None:
        if pct >= 0:
            text += _(", a rise of %(pct)s%%") % {"pct": num(abs(pct))}
        else:
            text += _(", a fall of %(pct)s%%") % {"pct": num(abs(pct))}
    return text


def pp(value: Decimal) -> str:
    if value == 0:
        return pgettext("report change", "unchanged")
    if value > 0:
        return _("up %(n)s percentage points") % {"n": num(abs(value))}
    return _("down %(n)s percentage points") % {"n": num(abs(value))}


def _plan_text(a: Analysis, period_name: str) -> str:
    """The period plan's completion and the year-to-date progress against the annual plan,
    each naming its plan and its period, so neither reads as the other."""
    text = ""
    if a.completion_pct is not None:
        text += _(", %(pct)s%% of the %(period)s plan of %(plan)s") % {
            "pct": num(a.completion_pct),
            "period": period_name,
            "plan": cases(a.plan_cases or 0),
        }
    if a.ytd_pct is not None:
        text += _(
            "; %(ytd)s sold from %(first)s to %(last)s, %(pct)s%% of the %(year)s annual "
            "plan of %(plan)s"
        ) % {
            "first": day(date(a.current.last.year, 1, 1)),
            "last": day(a.current.last),
            "ytd": cases(a.ytd_cases),
            "pct": num(a.ytd_pct),
            "year": a.current.last.year,
            "plan": cases(a.year_plan_cases or 0),
        }
    return text


def _notes(a: Analysis, period_name: str, in_progress: bool) -> list[str]:
    """What the reader must know before the figures: a running period, no data last year."""
    notes = []
    if in_progress:
        notes.append(
            _(
                "%(period)s is not over yet: figures up to %(last)s, compared with the same "
                "days last year (%(first_before)s to %(last_before)s); plans are for the whole "
                "period."
            )
            % {
                "period": period_name,
                "last": day(a.current.last),
                "first_before": day(a.previous.first),
                "last_before": day(a.previous.last),
            }
        )
    if a.before.retailers == 0:
        notes.append(
            _(
                "No orders are recorded from %(first)s to %(last)s, the same period last "
                "year: the comparisons below are against nothing."
            )
            % {"first": day(a.previous.first), "last": day(a.previous.last)}
        )
    return notes


def _plan_table(a: Analysis, period_name: str) -> Table:
    rows = []
    if a.plan_cases is not None:
        rows += [
            [
                pgettext("report", "Plan for %(period)s (cases)") % {"period": period_name},
                num(round2(a.plan_cases)),
            ],
            [pgettext("report", "Sold (cases)"), num(a.now.cases)],
            [pgettext("report", "Completion of the period's plan"), pct_cell(a.completion_pct)],
        ]
    if a.year_plan_cases is not None:
        rows += [
            [
                pgettext("report", "Annual plan %(year)s (cases)") % {"year": a.current.last.year},
                num(round2(a.year_plan_cases)),
            ],
            [pgettext("report", "Sold from 1 January (cases)"), num(a.ytd_cases)],
            [
                pgettext("report", "Year-to-date progress against the annual plan"),
                pct_cell(a.ytd_pct),
            ],
        ]
    return Table(
        pgettext("report", "Plan completion"),
        [pgettext("report", "Indicator"), pgettext("report", "Value")],
        rows,
    )


def _overall(
    a: Analysis, label: str, scope: ReportScope, *, period_name: str | None = None
) -> Section:
    """``label`` names the period as reported; ``period_name`` the period whose plan it is."""
    period_name = period_name or label
    now, before = a.now, a.before
    s = Section(_("1. Overall"))
    text = _(
        "%(period)s: %(scope)s sold %(now)s of cigarettes, against %(before)s a year "
        "earlier, %(change)s"
    ) % {
        "period": label,
        "scope": scope.subject(),
        "now": cases(now.cases),
        "before": cases(before.cases),
        "change": change(now.exact_cases, before.exact_cases, cases),
    }
    text += _plan_text(a, period_name)
    text += _("; sales revenue %(now)s, against %(before)s a year earlier, %(change)s") % {
        "now": wan_yuan(wan(now.revenue)),
        "before": wan_yuan(wan(before.revenue)),
        "change": change(exact_wan(now), exact_wan(before), wan_yuan),
    }
    if now.exact_per_case is not None and before.exact_per_case is not None:
        text += _("; average price %(now)s a case, year on year %(change)s") % {
            "now": yuan(round2(now.exact_per_case)),
            "change": change(now.exact_per_case, before.exact_per_case, yuan),
        }
    if now.per_carton is not None:
        text += _("; average price %(now)s a carton") % {"now": yuan(now.per_carton)}
    s.paragraphs.append(_end(text))
    s.paragraphs.append(
        _("Weekly average sales %(now)s, against %(before)s a year earlier, %(change)s.")
        % {
            "now": cases(a.weekly_cases_now),
            "before": cases(a.weekly_cases_before),
            "change": change(a.exact_weekly_cases_now, a.exact_weekly_cases_before, cases),
        }
        + _(" Ordering retailers: %(now)s, against %(before)s a year earlier, %(change)s.")
        % {
            "now": retailers_count(now.retailers),
            "before": retailers_count(before.retailers),
            "change": (
                _("up by %(amount)s")
                if now.retailers >= before.retailers
                else _("down by %(amount)s")
            )
            % {"amount": retailers_count(abs(now.retailers - before.retailers))},
        }
    )
    s.tables.append(
        Table(
            pgettext("report", "Overall figures"),
            [
                pgettext("report", "Indicator"),
                pgettext("report", "This period"),
                pgettext("report", "Same period last year"),
                pgettext("report", "Change"),
                pgettext("report", "Change %"),
            ],
            [
                _row(pgettext("report", "Sales (cases)"), now.exact_cases, before.exact_cases),
                _row(
                    pgettext("report", "Sales revenue (10,000 yuan)"),
                    exact_wan(now),
                    exact_wan(before),
                ),
                _row(
                    pgettext("report", "Average price per case (yuan)"),
                    now.exact_per_case,
                    before.exact_per_case,
                ),
                _row(
                    pgettext("report", "Average price per carton (yuan)"),
                    now.exact_per_carton,
                    before.exact_per_carton,
                ),
                _row(
                    pgettext("report", "Weekly average sales (cases)"),
                    a.exact_weekly_cases_now,
                    a.exact_weekly_cases_before,
                ),
                _row(
                    pgettext("report", "Ordering retailers"),
                    Fraction(now.retailers),
                    Fraction(before.retailers),
                ),
            ],
        )
    )
    plan = _plan_table(a, period_name)
    if plan.rows:
        s.tables.append(plan)
    return s


def _row(name: str, now: Fraction | None, before: Fraction | None) -> list[str]:
    """A table row from exact values: each figure, difference and rate rounded once."""
    if now is None or before is None:
        return [name, num(round2(now or 0)), num(round2(before or 0)), "—", "—"]
    pct = pct_change(now, before)
    return [
        name,
        num(round2(now)),
        num(round2(before)),
        num(round2(now - before)),
        pct_cell(pct),
    ]


def _structure(a: Analysis) -> Section:
    s = Section(_("2. Structure"))
    hs = a.high_structure()
    c_now, c_before = exact_cases(hs.cartons_now), exact_cases(hs.cartons_before)
    r_now, r_before = Fraction(hs.fen_now, 1_000_000), Fraction(hs.fen_before, 1_000_000)
    s.paragraphs.append(
        _(
            "Class 1 and 2 cigarettes sold %(now)s, against %(before)s a year earlier, "
            "%(change)s, %(share)s%% of all sales, %(share_pp)s year on year; sales revenue "
            "%(revenue)s, %(revenue_change)s, %(revenue_share)s%% of all revenue, "
            "%(revenue_pp)s year on year."
        )
        % {
            "now": cases(hs.cases_now),
            "before": cases(hs.cases_before),
            "change": change(c_now, c_before, cases),
            "share": num(hs.volume_share_now),
            "share_pp": pp(hs.volume_share_pp),
            "revenue": wan_yuan(round2(r_now)),
            "revenue_change": change(r_now, r_before, wan_yuan),
            "revenue_share": num(hs.revenue_share_now),
            "revenue_pp": pp(hs.revenue_share_pp),
        }
    )
    he_now, he_before = a.high_end_now, a.high_end_before
    s.paragraphs.append(
        _(
            "Of these, high-end brands (suggested retail price 400–800 yuan a carton) sold "
            "%(now)s, against %(before)s a year earlier, %(change)s."
        )
        % {
            "now": cases(he_now.cases),
            "before": cases(he_before.cases),
            "change": change(he_now.exact_cases, he_before.exact_cases, cases),
        }
    )
    s.tables.append(
        Table(
            pgettext("report", "Price-class structure"),
            [
                pgettext("report", "Price class"),
                pgettext("report", "Sales (cases)"),
                pgettext("report", "Same period last year"),
                pgettext("report", "Share of sales %"),
                pgettext("report", "Year on year (points)"),
                pgettext("report", "Revenue (10,000 yuan)"),
                pgettext("report", "Share of revenue %"),
                pgettext("report", "Year on year (points)"),
            ],
            [
                [
                    str(CLASS_NAMES[c.price_class]),
                    num(c.cases_now),
                    num(c.cases_before),
                    pct_cell(c.volume_share_now),
                    num(c.volume_share_pp),
                    num(wan(c.revenue_now)),
                    pct_cell(c.revenue_share_now),
                    num(c.revenue_share_pp),
                ]
                for c in a.classes
            ],
        )
    )
    names = [str(CLASS_NAMES[c.price_class]) for c in a.classes]
    this, last = pgettext("report", "This period"), pgettext("report", "Same period last year")
    s.charts.append(
        Chart(
            "structure",
            "bar",
            pgettext("report", "Share of sales by price class (%)"),
            names,
            {
                this: [float(c.volume_share_now) for c in a.classes],
                last: [float(c.volume_share_before) for c in a.classes],
            },
        )
    )
    s.charts.append(
        Chart(
            "revenue_share",
            "pie",
            pgettext("report", "Share of revenue by price class (%)"),
            names,
            {this: [float(c.revenue_share_now) for c in a.classes]},
        )
    )
    return s


def _movers_text(movers: list[Mover]) -> str:
    return _enumerate([m.name for m in movers]) or pgettext("report", "none")


def _movers_args(movers: list[Mover], total: Decimal) -> dict[str, str]:
    """The count, names and total change of a top-N list: the count is the list's real length."""
    return {"n": num(len(movers)), "names": _movers_text(movers), "sum": cases(abs(total))}


def _top_brands_up(movers: list[Mover], total: Decimal) -> str:
    if not movers:
        return _("No brand grew")
    return npgettext(
        "report",
        "The brand that grew most: %(names)s, up %(sum)s",
        "The %(n)s brands that grew most: %(names)s, together up %(sum)s",
        _count(len(movers)),
    ) % _movers_args(movers, total)


def _top_brands_down(movers: list[Mover], total: Decimal) -> str:
    if not movers:
        return _("no brand fell")
    return npgettext(
        "report",
        "the brand that fell most: %(names)s, down %(sum)s",
        "the %(n)s brands that fell most: %(names)s, together down %(sum)s",
        _count(len(movers)),
    ) % _movers_args(movers, total)


def _top_skus_up(movers: list[Mover], total: Decimal) -> str:
    if not movers:
        return _("No SKU grew")
    return npgettext(
        "report",
        "The SKU that grew most: %(names)s, up %(sum)s",
        "The %(n)s SKUs that grew most: %(names)s, up %(sum)s in all",
        _count(len(movers)),
    ) % _movers_args(movers, total)


def _top_skus_down(movers: list[Mover], total: Decimal) -> str:
    if not movers:
        return _("no SKU fell")
    return npgettext(
        "report",
        "the SKU that fell most: %(names)s, down %(sum)s",
        "the %(n)s SKUs that fell most: %(names)s, down %(sum)s in all",
        _count(len(movers)),
    ) % _movers_args(movers, total)


def _brands(a: Analysis) -> Section:
    s = Section(_("3. Brands"))
    share = round2(Fraction(a.brands_up * 100, a.brands_selling or 1))
    up_sum = total_change(a.top_brands_up)
    down_sum = total_change(a.top_brands_down)
    s.paragraphs.append(
        _(
            "Of the %(selling)s brands on sale, %(up)s sold more than a year earlier "
            "(%(share)s%%) and %(down)s sold less. %(top_up)s; %(top_down)s."
        )
        % {
            "selling": a.brands_selling,
            "up": a.brands_up,
            "share": num(share),
            "down": a.brands_down,
            "top_up": _top_brands_up(a.top_brands_up, up_sum),
            "top_down": _top_brands_down(a.top_brands_down, down_sum),
        }
    )
    sku_up = total_change(a.top_skus_up)
    sku_down = total_change(a.top_skus_down)
    s.paragraphs.append(
        _("%(top_up)s; %(top_down)s.")
        % {
            "top_up": _top_skus_up(a.top_skus_up, sku_up),
            "top_down": _top_skus_down(a.top_skus_down, sku_down),
        }
    )
    for title, movers in (
        (pgettext("report", "Top five brands by growth"), a.top_brands_up),
        (pgettext("report", "Top five brands by decline"), a.top_brands_down),
        (pgettext("report", "Top five SKUs by growth"), a.top_skus_up),
        (pgettext("report", "Top five SKUs by decline"), a.top_skus_down),
    ):
        s.tables.append(
            Table(
                title,
                [
                    pgettext("report", "Name"),
                    pgettext("report", "This period (cases)"),
                    pgettext("report", "Same period last year (cases)"),
                    pgettext("report", "Change (cases)"),
                ],
                [[m.name, num(m.cases_now), num(m.cases_before), num(m.change)] for m in movers],
            )
        )
    movers = a.top_brands_up + a.top_brands_down
    s.charts.append(
        Chart(
            "brands",
            "bar",
            pgettext("report", "Top five brands up and down (cases)"),
            [m.name for m in movers],
            {pgettext("report", "Change"): [float(m.change) for m in movers]},
        )
    )
    return s


def _inventory(summary: SurveySummary | None, scope: ReportScope) -> Section:
    """The latest survey's figures for the reader's surveyed retailers only, naming them."""
    s = Section(_("4. Retail inventory"))
    if summary is None:
        s.paragraphs.append(_("No retail inventory survey was made in this period."))
        return s
    taken = summary.survey.taken_on
    if not summary.surveyed:
        s.paragraphs.append(
            _("None of %(scope)s was in the retail inventory survey of %(date)s.")
            % {"scope": scope.short(), "date": day(taken)}
        )
        return s
    exact_total = exact_cases(summary.total_cartons)
    total_cases = round2(exact_total)
    args = {"date": day(taken), "surveyed": summary.surveyed, "total": cases(total_cases)}
    if scope.kind is Scope.DEPARTMENT:
        text = (
            _("Retail inventory survey of %(date)s (%(surveyed)s retailers): %(total)s in stock")
            % args
        )
    else:
        text = _(
            "Retail inventory survey of %(date)s (%(surveyed)s surveyed among %(scope)s): "
            "%(total)s in stock"
        ) % {**args, "scope": scope.short()}
    if summary.previous_cartons is not None:
        prev = exact_cases(summary.previous_cartons)
        text += _(", against %(before)s at the previous survey, %(change)s") % {
            "before": cases(round2(prev)),
            "change": change(exact_total, prev, cases),
        }
    if summary.ratio is not None and summary.ratio_excess is not None:
        text += _(", stock-to-monthly-sales ratio %(ratio)s") % {"ratio": num(summary.ratio)}
        excess = summary.ratio_excess
        if excess > 0:
            text += _(", %(x)s above the upper end of the normal range") % {"x": num(excess)}
        elif excess < 0:
            text += _(", %(x)s below the upper end of the normal range") % {"x": num(-excess)}
        else:
            text += _(", exactly at the upper end of the normal range")
    s.paragraphs.append(_end(text))
    scarce = summary.scarce()
    if scarce:
        items = [
            _("%(sku)s held by %(rate)s%% of retailers, %(per)s cartons each on average")
            % {
                "sku": summary.sku_names[r.sku_id],
                "rate": num(r.holding_rate or 0),
                "per": num(r.per_holder or 0),
            }
            for r in scarce[:5]
        ]
        s.paragraphs.append(
            _("Scarce SKUs: %(list)s.") % {"list": pgettext("list separator", "; ").join(items)}
        )
    s.tables.append(
        Table(
            pgettext("report", "Stock by SKU"),
            [
                pgettext("report", "SKU"),
                pgettext("report", "Stock (cartons)"),
                pgettext("report", "Monthly sales (cartons)"),
                pgettext("report", "Stock-to-sales ratio"),
                pgettext("report", "Retailers holding %"),
                pgettext("report", "Average stock per holder (cartons)"),
            ],
            [
                [
                    summary.sku_names.get(r.sku_id, str(r.sku_id)),
                    num(r.cartons),
                    num(r.sales),
                    "—" if r.ratio is None else num(r.ratio),
                    pct_cell(r.holding_rate or Decimal(0)),
                    "—" if r.per_holder is None else num(r.per_holder),
                ]
                for r in summary.skus[:20]
            ],
        )
    )
    return s


def _problems(summary: SurveySummary | None) -> Section:
    s = Section(_("5. Problems"))
    if summary is None or not summary.surveyed:
        s.paragraphs.append(
            _(
                "No retail inventory survey data: the range and stock of small retailers "
                "cannot be judged."
            )
        )
        return s
    n = summary.surveyed
    for bound, count in summary.few_skus.items():
        s.paragraphs.append(
            _(
                "Retailers stocking fewer than %(bound)s SKUs: %(count)s, %(pct)s%% of those "
                "surveyed."
            )
            % {
                "bound": bound,
                "count": retailers_count(count),
                "pct": num(round2(Fraction(count * 100, n))),
            }
        )
    for bound, count in summary.low_stock.items():
        s.paragraphs.append(
            _(
                "Retailers with fewer than %(bound)s cartons in stock: %(count)s, %(pct)s%% of "
                "those surveyed."
            )
            % {
                "bound": bound,
                "count": retailers_count(count),
                "pct": num(round2(Fraction(count * 100, n))),
            }
        )
    high = [r for r in summary.skus if r.ratio is not None and r.ratio > summary.ratio_upper]
    if high:
        s.paragraphs.append(
            _(
                "SKUs whose stock-to-monthly-sales ratio is above the normal upper limit of "
                "%(upper)s: %(count)s; of these, %(list)s will take long to sell through."
            )
            % {
                "upper": num(summary.ratio_upper),
                "count": len(high),
                "list": _enumerate(
                    [
                        pgettext("report", "%(sku)s (%(ratio)s)")
                        % {"sku": summary.sku_names[r.sku_id], "ratio": num(r.ratio or 0)}
                        for r in high[:5]
                    ]
                ),
            }
        )
    return s


def _next_targets(
    department: MarketingDepartment, period: ReportPeriod, plan: PlanOf | None
) -> Section:
    nxt = period.next()
    s = Section(_("6. Next targets"))
    months = next_period_targets(department, nxt.span, plan=plan)
    if not months:
        s.paragraphs.append(
            _("No sales target has been set for %(period)s yet.") % {"period": nxt.label()}
        )
        return s
    total = sum(m["cases"] for m in months)
    weeks = [w for m in months for w in m["weeks"]]
    week_avg = round2(Fraction(sum(q for _w, q in weeks), len({d for d, _q in weeks})))
    month_avg = round2(Fraction(total, len(months)))
    s.paragraphs.append(
        _("Target for %(period)s: %(total)s, %(month_avg)s a month, %(week_avg)s a week.")
        % {
            "period": nxt.label(),
            "total": cases(total),
            "month_avg": cases(month_avg),
            "week_avg": cases(week_avg),
        }
    )
    s.tables.append(
        Table(
            pgettext("report", "Monthly targets"),
            [
                pgettext("report", "Month"),
                pgettext("report", "Target (cases)"),
                pgettext("report", "Weekly targets (cases)"),
            ],
            [
                [
                    Month(m["year"], m["month"]).label(),
                    num(m["cases"]),
                    pgettext("comma", ", ").join(
                        pgettext("report", "week of %(day)s: %(n)s") % {"day": day(d), "n": num(q)}
                        for d, q in m["weeks"]
                    ),
                ]
                for m in months
            ],
        )
    )
    return s


def report_span(period: ReportPeriod, today: date) -> tuple[Period, bool]:
    """The days a report of ``period`` covers on ``today`` and whether the period is still
    running: a running period stops at ``today`` (compared with the same days last year); a
    period not yet begun is :class:`Invalid` (code ``period_not_started``)."""
    if period.first > today:
        raise Invalid(
            _("%(period)s has not begun yet (today is %(today)s): there is nothing to analyse.")
            % {"period": period.label(), "today": day(today)},
            code="period_not_started",
            field="period",
        )
    return Period(period.first, min(period.last, today)), today <= period.last


def build_report(
    *,
    department: MarketingDepartment,
    period: ReportPeriod,
    retailers: QuerySet[Retailer],
    plan: PlanOf | None = None,
    scope: ReportScope | None = None,
    today: date | None = None,
) -> Report:
    """The report for ``retailers`` (the reader's scope) in ``period`` against a year before.

    ``plan`` gives the plan (箱) of the reader's scope for a period (``None``: no plan shown):
    the report states the period plan's completion and the year-to-date progress against
    the annual plan. A period still running on ``today`` (default: the local date) stops at
    ``today`` and says so; a period with no order at all is :class:`Invalid` (code
    ``period_no_data``), not a report of zeros. ``scope`` names whose figures these are
    (default: the department's) in the title, the prose and the inventory section, which
    counts only the surveyed retailers among ``retailers``."""
    scope = scope or department_scope(department)
    today = today or timezone.localdate()
    current, in_progress = report_span(period, today)
    previous = current.year_before()
    lines = line_frame(retailers, [current, previous])
    if lines.filter(lines["order_date"] >= current.first).is_empty():
        raise Invalid(
            _(
                "No orders are recorded from %(first)s to %(last)s (%(period)s): there is "
                "nothing to analyse. Choose another period."
            )
            % {"first": day(current.first), "last": day(current.last), "period": period.label()},
            code="period_no_data",
            field="period",
        )
    year_start = date(period.first.year, 1, 1)
    earlier = (
        sold_cartons(retailers, Period(year_start, period.first - timedelta(days=1)))
        if period.first > year_start
        else 0
    )
    period_plan = plan(period.span) if plan else None
    year_plan = plan(Period(year_start, date(year_start.year, 12, 31))) if plan else None
    a = analyse(
        lines,
        sku_frame(),
        current=current,
        previous=previous,
        plan_cases=Decimal(period_plan) if period_plan is not None else None,
        year_plan_cases=Decimal(year_plan) if year_plan is not None else None,
        earlier_cartons=earlier,
    )
    survey = latest_survey(department, current.last)
    summary = (
        survey_summary(survey, retailers=retailers)
        if survey and survey.taken_on >= period.first
        else None
    )
    name = period.label()
    label = (
        _("%(period)s to %(day)s") % {"period": name, "day": day(current.last)}
        if in_progress
        else name
    )
    return Report(
        title=_("%(department)s %(period)s cigarette operations report")
        % {"department": scope.title_name(), "period": label},
        label=label,
        period=period,
        analysis=a,
        survey=summary,
        sections=[
            _overall(a, label, scope, period_name=name),
            _structure(a),
            _brands(a),
            _inventory(summary, scope),
            _problems(summary),
            _next_targets(department, period, plan),
        ],
        scope=scope,
        in_progress=in_progress,
        notes=_notes(a, name, in_progress),
    )
