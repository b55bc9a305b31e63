"""Reads for a retailer's own pages: what it may order this week and what is left."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Sum

from jinye.catalog.models import Sku
from jinye.orders.models import OrderLine, OrderStatus
from jinye.retailers.models import Retailer
from jinye.supply.selectors import retailer_supply

RECENT_WEEKS = 13  # "what you usually order" looks back a quarter


@dataclass(frozen=True)
class OrderableSku:
    code: str
    name: str
    brand: str
    price: Decimal  # wholesale, per 条
    scarce: bool
    left: int | None  # a scarce SKU's allowance left this week (0: none published)
    recent: int  # 条 the retailer ordered in the last RECENT_WEEKS weeks

    @property
    def closed(self) -> bool:
        """A scarce SKU with nothing left this week cannot be ordered."""
        return self.scarce and not self.left


def orderable_skus(retailer: Retailer, on: date) -> list[OrderableSku]:
    """Every active SKU; first those the retailer ordered in the last 13 weeks (most first),
    then the rest brand by brand. Scarce ones carry what this week's allowance leaves."""
    left = {a.sku_id: a.remaining for a in retailer_supply(retailer, on).allowances}
    recent = dict(
        OrderLine.objects.filter(
            order__retailer=retailer,
            order__order_date__gte=on - timedelta(weeks=RECENT_WEEKS),
            order__order_date__lte=on,
        )
        .exclude(order__status=OrderStatus.CANCELLED)
        .values_list("sku_id")
        .annotate(n=Sum("quantity"))
    )
    rows = [
        OrderableSku(
            s.code,
            s.name,
            s.brand.name,
            s.wholesale_price,
            s.scarce,
            left.get(s.pk, 0) if s.scarce else None,
            int(recent.get(s.pk, 0)),
        )
        for s in Sku.objects.filter(active=True)
        .select_related("brand")
        .order_by("brand__code", "code")
    ]
    return sorted(rows, key=lambda r: -r.recent)  # stable: the rest keep brand order
