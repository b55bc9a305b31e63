"""``{% load supply_tags %}{% supply_panel retailer %}``: the month's total, what is used,
and this week's published scarce-SKU allowances with their reasons. The caller must already
have checked that the user may see ``retailer``."""

from typing import Any

from django import template
from django.utils import timezone

from jinye.retailers.models import Retailer
from jinye.supply.selectors import retailer_supply

register = template.Library()


@register.inclusion_tag("supply/panel.html")
def supply_panel(retailer: Retailer) -> dict[str, Any]:
    supply = retailer_supply(retailer, timezone.localdate())
    return {
        "retailer": retailer,
        "month": supply.month,
        "week": supply.week,
        "quota": supply.quota,
        "allowances": supply.allowances,
    }
