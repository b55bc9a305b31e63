"""Visit-test helpers on top of tests/factories.py."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from jinye.engines.stars import StarLevel
from jinye.org.models import Role, Staff
from jinye.retailers.models import Retailer
from jinye.visits.models import PlanDay, PlanStop, VisitPlan
from tests.factories import make_retailer, make_staff

TZ = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=TZ)


# A clock after every check-in these tests record (a check-in later than the clock is refused).
LATER = datetime(2030, 1, 1, 0, 0, tzinfo=TZ)


def make_cm_with_retailers(n: int, **staff_kw: object) -> tuple[Staff, list[Retailer]]:
    cm = make_staff(Role.CUSTOMER_MANAGER, **staff_kw)  # type: ignore[arg-type]
    retailers = [
        make_retailer(manager=cm, latitude=32.0 + 0.01 * (i % 7), longitude=110.0 + 0.013 * i)
        for i in range(n)
    ]
    return cm, retailers


def fix_stars(monkeypatch: pytest.MonkeyPatch, stars: dict[int, StarLevel]) -> None:
    """Make the visit service see ``stars`` (others NEW) instead of the ratings app's."""

    def fake(ids):  # type: ignore[no-untyped-def]
        return {i: stars.get(i, StarLevel.NEW) for i in ids}

    monkeypatch.setattr("jinye.visits.selectors.stars_of", fake)


def make_plan(staff: Staff, days: dict[date, list[Retailer]]) -> VisitPlan:
    """A month plan of ``staff`` with the given route per day (stops in list order)."""
    first = min(days)
    plan = VisitPlan.objects.create(
        staff=staff, month=first.strftime("%Y-%m"), base_latitude=32.0, base_longitude=110.0
    )
    for day, route in sorted(days.items()):
        plan_day = PlanDay.objects.create(plan=plan, day=day, distance_m=1000 * len(route))
        for seq, retailer in enumerate(route, start=1):
            PlanStop.objects.create(plan_day=plan_day, seq=seq, retailer=retailer, reason="policy")
    return plan
