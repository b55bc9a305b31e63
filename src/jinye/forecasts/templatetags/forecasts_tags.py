"""``{% load forecasts_tags %}{% forecast_panel retailer %}``: the retailer's forecast vs actual
history (from scored months) and its latest statistical forecast. The caller must already
have checked that the user may see ``retailer``."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

from jinye.forecasts.models import StatisticalForecast
from jinye.forecasts.selectors import retailer_history
from jinye.retailers.models import Retailer

register = template.Library()


@register.inclusion_tag("forecasts/panel.html")
def forecast_panel(retailer: Retailer) -> dict[str, Any]:
    history = retailer_history(retailer.pk)
    latest = (
        StatisticalForecast.objects.filter(retailer=retailer)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    upcoming = (
        list(
            StatisticalForecast.objects.filter(retailer=retailer, month=latest)
            .select_related("sku")
            .order_by("-qty")
        )
        if latest
        else []
    )
    chart = {
        "months": [h["month"].strftime("%Y-%m") for h in history],  # type: ignore[attr-defined]
        "actual": [h.get("actual") for h in history],
        "collected": [h.get("collected") for h in history],
        "statistical": [h.get("statistical") for h in history],
        "names": {
            "actual": _("Actual"),
            "collected": _("Collected"),
            "statistical": _("Statistical"),
        },
    }
    return {
        "retailer": retailer,
        "history": history,
        "chart": chart,
        "latest": latest,
        "upcoming": upcoming,
    }
