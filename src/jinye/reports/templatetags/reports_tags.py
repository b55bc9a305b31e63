"""``{% load reports_tags %}{% dashboard_targets %}``: target completion gauge, YoY, price-class
structure and inventory warnings for the home dashboard, in the reader's scope."""

from typing import Any

from django import template
from django.utils import timezone

from jinye import access
from jinye.access import staff_of
from jinye.engines.analysis import Period
from jinye.targets import selectors

register = template.Library()


@register.inclusion_tag("reports/dashboard_targets.html", takes_context=True)
def dashboard_targets(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    staff = staff_of(user)
    if staff is None:
        return {"staff": None}
    today = timezone.localdate()
    year_to_date = Period(today.replace(month=1, day=1), today)
    retailers = access.retailers(user)
    rows = selectors.completion_rows(staff.department, year_to_date, retailers=retailers)
    target = selectors.current_target(staff.department, today.year)
    survey = selectors.latest_survey(staff.department, today)
    return {
        "staff": staff,
        "row": rows[0],
        "annual": target.volume_cases if target else None,
        "annual_pct": (rows[0].actual * 100 / target.volume_cases).quantize(rows[0].actual)
        if target
        else None,
        "summary": selectors.survey_summary(survey) if survey else None,
    }
