"""``{% load ratings_tags %}{% rating_panel retailer %}``: the retailer's classification panel.

The caller must already have checked that the user may see ``retailer``.
"""

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from jinye.ratings.models import Scale, Star
from jinye.ratings.selectors import rating_history
from jinye.retailers.models import Retailer

register = template.Library()

PART_LABELS = {
    "amount": _("Purchase amount (13 weeks, 元)"),
    "volume": _("Purchase volume (13 weeks, 条)"),
    "structure": _("Structure (class 1–2 share of volume)"),
    "actual": _("Actual value"),
    "development": _("Development value"),
    "support": _("Support value"),
    "integrity": _("Integrity value"),
}


def _parts(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**p, "label": PART_LABELS.get(p["name"], p["name"])} for p in parts]


@register.inclusion_tag("ratings/panel.html")
def rating_panel(retailer: Retailer) -> dict[str, Any]:
    history = rating_history(retailer)
    current = history[-1] if history else None
    context: dict[str, Any] = {"retailer": retailer, "rating": current, "history": history}
    if current is None:
        return context
    explanation = current.explanation
    context.update(
        star_label=Star(current.star).label,
        scale_label=Scale(current.scale).label,
        tiers_of=explanation["tier"]["of"],
        tier_parts=_parts(explanation["tier"]["parts"]),
        value_parts=_parts(explanation["quarter_score"]["parts"]),
        quarter_score=explanation["quarter_score"],
        year=explanation["star"],
        inputs=explanation["inputs"],
        trend={
            "quarters": [r.quarter for r in history],
            "tiers": [r.tier for r in history],
            "totals": [round(r.total, 1) for r in history],
        },
    )
    return context
