"""Reads for a retailer's own pages: what it may order this week and what is left."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jinye.catalog.models import Sku
from jinye.retailers.models import Retailer
from jinye.supply.selectors import retailer_supply


@dataclass(frozen=True)
class OrderableSku:
    code: str
    name: str
    brand: str
    price: Decimal  # wholesale, per 条
    scarce: bool
    left: int | None  # a scarce SKU's allowance left this week (0: none published)


def orderable_skus(retailer: Retailer, on: date) -> list[OrderableSku]:
    """Every active SKU, brand by brand; scarce ones with what this week's allowance leaves."""
    left = {a.sku_id: a.remaining for a in retailer_supply(retailer, on).allowances}
    return [
        OrderableSku(
            s.code,
            s.name,
            s.brand.name,
            s.wholesale_price,
            s.scarce,
            left.get(s.pk, 0) if s.scarce else None,
        )
        for s in Sku.objects.filter(active=True)
        .select_related("brand")
        .order_by("brand__code", "code")
    ]
