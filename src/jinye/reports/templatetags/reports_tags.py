"""``{% load reports_tags %}{% dashboard_targets %}``: target completion gauge, YoY and inventory
warnings for the home dashboard, each in the reader's scope and labelled with it."""

from datetime import date
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jinye.access import staff_of
from jinye.targets import selectors
from jinye.targets.selectors import Scope


def _scope_label(scope: Scope) -> str:
    return {
        Scope.DEPARTMENT: _("Whole department"),
        Scope.AREA: _("My market area"),
        Scope.MINE: _("My retailers"),
    }[scope]


def _num(value: int | Decimal | None, places: int = 0) -> str:
    return "—" if value is None else f"{value:,.{places}f}"


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}%"


register = template.Library()


@register.inclusion_tag("reports/dashboard_targets.html", takes_context=True)
def dashboard_targets(context: dict[str, Any]) -> dict[str, Any]:
    staff = staff_of(context["request"].user)
    if staff is None:
        return {"staff": None}
    today = timezone.localdate()
    f = selectors.dashboard_figures(staff, today)
    summary = f.survey if f.survey is not None and f.survey.surveyed else None
    return {
        "staff": staff,
        "f": f,
        "scope": _scope_label(f.scope),
        "actual": _num(f.actual_cases, 2),
        "target": _num(f.target_cases),
        "completion": _pct(f.completion_pct),
        "gauge": f.completion_pct,
        "year_first": date_format(date(f.year, 1, 1), "DATE_FORMAT"),
        "today": date_format(today, "DATE_FORMAT"),
        "quarter": f.quarter.label(),
        "quarter_pct": _pct(f.quarter_pct),
        "quarter_actual": _num(f.quarter_cases, 2),
        "quarter_plan": _num(f.quarter_plan_cases),
        "yoy": _pct(f.yoy_pct),
        "survey": f.survey,
        "summary": summary,
        "ratio": _num(summary.ratio, 2) if summary else None,
        "low_stock": [(b, _num(n)) for b, n in summary.low_stock.items()] if summary else [],
    }
