"""The quota review shows each retailer's forecast for the month: a submitted round's
collected values where there are some, the statistical forecast for the other SKUs."""

from datetime import UTC, date, datetime

import pytest
from django.test import Client

from jinye.forecasts.models import (
    CollectedForecast,
    ForecastRound,
    RoundStatus,
    StatisticalForecast,
    StatisticalRun,
)
from jinye.org.models import Role
from jinye.supply.models import MonthlyQuota
from jinye.supply.selectors import quota_review
from tests.factories import (
    make_area,
    make_department,
    make_order,
    make_retailer,
    make_sku,
    make_staff,
)

pytestmark = pytest.mark.django_db
DEC = date(2026, 12, 1)


def _world():  # type: ignore[no-untyped-def]
    dept = make_department()
    area = make_area(dept)
    director = make_staff(Role.DIRECTOR, dept=dept)
    a, b, c = (make_retailer(area=area) for _ in range(3))
    s1, s2 = make_sku(), make_sku()
    for r in (a, b, c):
        MonthlyQuota.objects.create(
            retailer=r, month="2026-12", agreed=100, ceiling=120, explanation="", inputs={}
        )
    run = StatisticalRun.objects.create(
        department=dept, month=DEC, history_end=date(2026, 11, 23), horizon_weeks=5
    )
    for r, s, q in ((a, s1, 30), (a, s2, 10), (b, s1, 50)):
        StatisticalForecast.objects.create(
            run=run, month=DEC, retailer=r, sku=s, qty=q, bottom=q, model="ADIDA"
        )
    rnd = ForecastRound.objects.create(
        department=dept,
        month=DEC,
        deadline=datetime(2026, 11, 25, tzinfo=UTC),
        scope="all",
        status=RoundStatus.SUBMITTED,
    )
    CollectedForecast.objects.create(
        round=rnd,
        retailer=a,
        sku=s1,
        qty=45,
        entered_by=director.user,
        entered_at=rnd.deadline,
        updated_at=rnd.deadline,
    )
    return dept, director, (a, b, c)


def test_quota_rows_carry_the_months_forecast_and_its_source() -> None:
    dept, _, (a, b, c) = _world()
    rows = quota_review(dept.areas.first().retailers.all(), "2026-12", department=dept)
    got = {r.quota.retailer_id: (r.forecast, r.forecast_source) for r in rows}
    assert got[a.pk] == (45 + 10, "both")  # collected 45 replaces statistical 30 for SKU 1
    assert got[b.pk] == (50, "statistical")
    assert got[c.pk] == (None, "")


def test_quota_page_shows_the_forecast_column() -> None:
    _, director, (a, b, c) = _world()
    client = Client()
    client.force_login(director.user)
    html = client.get("/supply/quotas/?month=2026-12").content.decode()
    assert "预测量" in html
    assert '">55</td>' in html and '">50</td>' in html


def test_weekly_request_uses_a_submitted_collected_forecast_before_recent_orders() -> None:
    from jinye.supply.inputs import weekly_requests

    dept, director, (a, b, c) = _world()
    s1 = CollectedForecast.objects.get().sku
    make_order(a, [(s1, 40)], on=date(2026, 11, 24))
    make_order(b, [(s1, 40)], on=date(2026, 11, 24))
    got = weekly_requests(dept, s1, date(2026, 12, 7))
    assert got[b.pk] == 10  # no collected value: ⌈40 / 4 weeks⌉
    assert got[a.pk] == 11  # collected 45 for December: ⌈45 × 7 / 31⌉
    ForecastRound.objects.update(status=RoundStatus.REVIEWED)
    assert weekly_requests(dept, s1, date(2026, 12, 7))[a.pk] == 10  # not submitted: ignored
