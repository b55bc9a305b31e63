"""A small county for forecast tests: one area, two customer managers with three retailers
each, a market manager, a director, two SKUs, and a year of weekly orders."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from jinye.catalog.models import Sku
from jinye.org.models import MarketArea, MarketingDepartment, Role, Staff
from jinye.retailers.models import Retailer
from tests.factories import make_area, make_order, make_retailer, make_sku, make_staff

DEADLINE = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
BEFORE = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
AFTER = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@dataclass
class County:
    dept: MarketingDepartment
    area: MarketArea
    director: Staff
    market: Staff
    managers: list[Staff]
    retailers: list[Retailer]
    skus: list[Sku]
    other_area_market: Staff | None = None
    extra: dict[str, object] = field(default_factory=dict)


def make_county(
    dept: MarketingDepartment, *, weeks: int = 0, until: date = date(2026, 11, 30)
) -> County:
    area = make_area(dept)
    director = make_staff(Role.DIRECTOR, dept=dept)
    market = make_staff(Role.MARKET_MANAGER, area=area)
    managers = [make_staff(Role.CUSTOMER_MANAGER, area=area) for _ in range(2)]
    retailers = [make_retailer(manager=m) for m in managers for _ in range(3)]
    skus = [make_sku(), make_sku()]
    other = make_staff(Role.MARKET_MANAGER, area=make_area(dept))
    for w in range(weeks):
        day = until - timedelta(weeks=w + 1)
        for i, r in enumerate(retailers):
            make_order(r, [(skus[0], 2 + i), (skus[1], 1 + (w + i) % 3)], on=day)
    return County(dept, area, director, market, managers, retailers, skus, other)
