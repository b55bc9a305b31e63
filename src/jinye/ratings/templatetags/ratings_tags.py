"""``{% load ratings_tags %}``: the retailer's classification panel and class code.

``{% rating_panel retailer %}`` renders current tier / star / scale, the trend over quarters
and the explanation; ``{% rating_class_code retailer %}`` gives the full class code (e.g.
``XZ3``) of the latest rating, or the letters alone before the first rating;
``{% latest_rating retailer as rating %}`` gives that rating (None before the first), so a
page of another app can show it without importing this one. The caller
must already have checked that the user may see ``retailer``.
"""

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from jinye.ratings.models import RetailerRating, Scale, Star
from jinye.ratings.selectors import current_rating, rating_history
from jinye.retailers.models import BusinessFormat, LocationType, Retailer
from jinye.retailers.selectors import class_letters

register = template.Library()

PART_LABELS = {
    "amount": _("Purchase amount (13 weeks, yuan)"),
    "volume": _("Purchase volume (13 weeks, cartons)"),
    "structure": _("Structure (class 1–2 share of volume)"),
    "actual": _("Actual value"),
    "development": _("Development value"),
    "support": _("Support value"),
    "integrity": _("Integrity value"),
    "growth": _("Growth vs the same quarter last year"),
    "location": _("Location"),
    "format": _("Business format"),
    "information": _("Visits with market information given"),
    "guidance": _("Visits with business guidance taken"),
    "compliance": _("Compliance findings"),
}
_CHOICE_LABELS = {**dict(LocationType.choices), **dict(BusinessFormat.choices)}


# Indicators whose figure is a number (the star indicators store theirs as text).
_FIGURES = ("amount", "volume", "growth", "structure")


def _label_value(part: dict[str, Any]) -> Any:
    """An indicator's figure as a reader reads it: a share as a percentage (``42.00%``), an
    amount with thousands separators (``22,831.62``), a location or format by its label."""
    value = part.get("value")
    if part["name"] in ("location", "format"):
        return _CHOICE_LABELS.get(str(value), value)
    if part["name"] in _FIGURES and isinstance(value, str):
        try:  # the star indicators' raw figures are stored as text
            value = float(value)
        except ValueError:
            return value
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if part["name"] == "growth":
        return f"{float(value) * 100:+.1f}%"
    if part["name"] == "structure":
        return f"{float(value) * 100:.2f}%"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}"


def _percentile(part: dict[str, Any]) -> str:
    """Where a retailer ranks among the department's, as a percentage (``85.32%``)."""
    n = part.get("normalised")
    return "—" if n is None else f"{float(n) * 100:.2f}%"


def _parts(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **p,
            "label": PART_LABELS.get(p["name"], p["name"]),
            "shown": _label_value(p),
            "percentile": _percentile(p),
            "parts": _parts(p.get("parts", [])),
        }
        for p in parts
    ]


@register.simple_tag
def latest_rating(retailer: Retailer) -> RetailerRating | None:
    return current_rating(retailer)


@register.simple_tag
def rating_class_code(retailer: Retailer) -> str:
    rating = current_rating(retailer)
    return rating.class_code if rating else class_letters(retailer)


@register.inclusion_tag("ratings/panel.html")
def rating_panel(retailer: Retailer) -> dict[str, Any]:
    history = rating_history(retailer)
    current = history[-1] if history else None
    context: dict[str, Any] = {"retailer": retailer, "rating": current, "history": history}
    if current is None:
        return context
    explanation = current.explanation
    star_labels = dict(Star.choices)
    context.update(
        star_label=Star(current.star).label,
        scale_label=Scale(current.scale).label,
        tiers_of=explanation["tier"]["of"],
        tier_parts=_parts(explanation["tier"]["parts"]),
        value_parts=_parts(explanation["quarter_score"]["parts"]),
        year=explanation["star"],
        thresholds=[
            (star_labels.get(t["star"], t["star"]), t["from"])
            for t in explanation["star"].get("thresholds", [])
        ],
        scale=explanation.get("scale", {}),
        inputs=explanation["inputs"],
        trend={
            "quarters": [r.quarter for r in history],
            "tiers": [r.tier for r in history],
            "totals": [round(r.total, 1) for r in history],
            "tier_label": str(_("Tier")),
            "total_label": str(_("Quarterly total")),
        },
    )
    return context
