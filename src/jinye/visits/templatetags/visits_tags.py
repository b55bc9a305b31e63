"""``{% load visits_tags %}{% visit_panel retailer %}``: recent visits and next plan stops."""

from typing import Any

from django import template
from django.utils import timezone

from jinye import access
from jinye.retailers.models import Retailer
from jinye.visits.models import PlanStop, Visit, VisitRule
from jinye.visits.selectors import stars_of

register = template.Library()


@register.inclusion_tag("visits/panel.html", takes_context=True)
def visit_panel(context: template.Context, retailer: Retailer) -> dict[str, Any]:
    """The caller has already checked that the reader may see ``retailer``."""
    star = stars_of([retailer.pk])[retailer.pk]
    return {
        "retailer": retailer,
        "can_record": access.can(context.get("staff"), "record_visits", retailer),
        "rule": VisitRule.objects.filter(star=star.value).first(),
        "visits": Visit.objects.filter(retailer=retailer).select_related("staff")[:5],
        "upcoming": PlanStop.objects.filter(
            retailer=retailer, plan_day__day__gte=timezone.localdate(), visit__isnull=True
        ).select_related("plan_day")[:3],
    }
