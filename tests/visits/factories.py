"""Visit-test helpers on top of tests/factories.py."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from jinye.engines.stars import StarLevel
from jinye.org.models import Role, Staff
from jinye.retailers.models import Retailer
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
