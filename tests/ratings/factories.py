"""Ratings-test helpers on top of tests/factories.py: a small rated department."""

from dataclasses import dataclass
from datetime import date

from jinye.catalog.models import Sku
from jinye.org.models import MarketArea, MarketingDepartment, Role, Staff
from jinye.retailers.models import Retailer
from tests.factories import make_area, make_order, make_retailer, make_sku, make_staff

Q3_DAY = date(2026, 8, 3)  # inside 2026Q3
Q2_DAY = date(2026, 5, 4)  # inside 2026Q2


@dataclass
class County:
    dept: MarketingDepartment
    areas: list[MarketArea]
    managers: list[Staff]  # one customer manager per area
    retailers: list[Retailer]  # retailers[i] buys i+1 cartons of the class-1 SKU in 2026Q3
    high: Sku  # price class 1
    low: Sku  # price class 5


def make_county(dept: MarketingDepartment, per_manager: int = 3) -> County:
    """Two areas with a customer manager each; retailer k (0-based, across both managers)
    bought k+1 cartons in 2026Q3 and k+1 cartons in 2026Q2, so tiers rise with k."""
    areas = [make_area(dept), make_area(dept)]
    managers = [make_staff(Role.CUSTOMER_MANAGER, area=a) for a in areas]
    high = make_sku(wholesale="300.00", transfer="250.00")
    low = make_sku(wholesale="12.00", transfer="10.00")
    retailers: list[Retailer] = []
    for cm in managers:
        for _ in range(per_manager):
            r = make_retailer(manager=cm)
            k = len(retailers)
            make_order(r, [(high, k + 1)], on=Q3_DAY)
            make_order(r, [(low, k + 1)], on=Q2_DAY)
            retailers.append(r)
    return County(dept, areas, managers, retailers, high, low)
