"""The forecast-accuracy KPI reads the forecasts app's stored manager-level scores."""

from datetime import UTC, date, datetime

import pytest

from jinye.forecasts.models import AccuracyScore, Level, Source
from jinye.forecasts.scoring import do_score_month
from jinye.forecasts.services import Entry, do_enter_forecasts, do_open_round
from jinye.people.models import KpiValue
from jinye.people.services import do_compute_kpis
from jinye.people.sources import forecast_accuracy_by_manager
from tests.factories import make_department
from tests.forecasts.factories import make_county

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::FutureWarning")]

NOV = date(2026, 11, 1)


def test_forecast_accuracy_comes_from_the_scored_collected_forecasts() -> None:
    dept = make_department()
    c = make_county(dept, weeks=30)
    assert forecast_accuracy_by_manager(NOV) is None  # nothing scored yet
    rnd = do_open_round(
        department=dept,
        month=NOV,
        sku_ids=[s.pk for s in c.skus],
        deadline=datetime(2026, 10, 25, tzinfo=UTC),
        scope="all",
    )
    do_enter_forecasts(
        round=rnd,
        user=c.managers[0].user,
        entries=[
            Entry(c.retailers[0].pk, c.skus[0].pk, 8),
            Entry(c.retailers[1].pk, c.skus[0].pk, 0),
        ],
        now=datetime(2026, 10, 20, tzinfo=UTC),
    )
    do_score_month(department=dept, month=NOV, today=date(2026, 12, 1))
    stored = AccuracyScore.objects.get(
        month=NOV, source=Source.COLLECTED, level=Level.MANAGER, manager=c.managers[0]
    )
    got = forecast_accuracy_by_manager(NOV)
    assert got is not None and got[c.managers[0].pk] == pytest.approx(stored.accuracy)
    assert forecast_accuracy_by_manager(date(2026, 10, 1)) is None
    # the KPI uses it: the manager's forecast KPI value is the stored accuracy
    do_compute_kpis(department=dept, month="2026-11")
    value = KpiValue.objects.get(
        result__staff=c.managers[0], result__month="2026-11", kpi="forecast"
    )
    assert value.value == pytest.approx(stored.accuracy)
