"""The demo's forecast activity: last month collected, corrected, submitted, forecast and
scored; next month's round open with some values; the same for the same seed."""

from datetime import date

import pytest

from jinye.demo.forecasts import derive_forecast_demo
from jinye.forecasts.models import (
    AccuracyScore,
    ChangeKind,
    CollectedForecast,
    ForecastCorrection,
    ForecastRound,
    RoundStatus,
    StatisticalRun,
)
from tests.forecasts.factories import make_county

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::FutureWarning")]

TODAY = date(2026, 12, 3)
NOV, JAN = date(2026, 11, 1), date(2027, 1, 1)


def test_demo_fills_last_month_and_opens_next(dept) -> None:  # type: ignore[no-untyped-def]
    c = make_county(dept, weeks=30)
    line = derive_forecast_demo(dept=dept, today=TODAY, seed=3)
    closed = ForecastRound.objects.get(month=NOV)
    assert closed.status == RoundStatus.SUBMITTED
    assert closed.members.count() == 2  # ⌈6 / 3⌉
    assert closed.skus.count() == 2  # the county sells two SKUs
    assert CollectedForecast.objects.filter(round=closed).count() == 4
    fix = ForecastCorrection.objects.filter(kind=ChangeKind.CORRECTION)
    assert fix.exists() and {f.changed_by for f in fix} == {c.market.user}
    assert StatisticalRun.objects.filter(month=NOV).count() == 1
    sources = set(AccuracyScore.objects.filter(month=NOV).values_list("source", flat=True))
    assert sources == {"collected", "statistical"}
    upcoming = ForecastRound.objects.get(month=JAN)
    assert upcoming.status == RoundStatus.OPEN
    assert upcoming.deadline.date() == date(2026, 12, 25)
    assert "2026-11 round" in line and "2027-01 round open" in line


def test_demo_is_the_same_for_the_same_seed(dept) -> None:  # type: ignore[no-untyped-def]
    make_county(dept, weeks=30)
    derive_forecast_demo(dept=dept, today=TODAY, seed=3)
    first = sorted(CollectedForecast.objects.values_list("retailer_id", "sku_id", "qty"))
    ForecastRound.objects.all().delete()
    derive_forecast_demo(dept=dept, today=TODAY, seed=3)
    assert sorted(CollectedForecast.objects.values_list("retailer_id", "sku_id", "qty")) == first
