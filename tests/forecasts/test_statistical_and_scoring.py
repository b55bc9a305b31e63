"""Statistical run from order history, scoring a closed month, and scoped reads."""

from datetime import UTC, date, datetime

import pytest

from jinye.errors import Conflict
from jinye.forecasts.models import AccuracyScore, StatisticalForecast, StatisticalRun
from jinye.forecasts.scoring import do_score_month
from jinye.forecasts.selectors import next_month_forecast, visible_scores
from jinye.forecasts.services import (
    Entry,
    do_enter_forecasts,
    do_open_round,
    do_run_statistical_forecast,
)
from tests.forecasts.factories import make_county

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::FutureWarning")]

NOV = date(2026, 11, 1)


@pytest.fixture
def scored(dept):  # type: ignore[no-untyped-def]
    c = make_county(dept, weeks=30)
    run = do_run_statistical_forecast(department=dept, month=NOV, run_by=c.director.user)
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
    return c, run


def test_statistical_run_stores_every_series(scored) -> None:
    c, run = scored
    assert run.history_end == date(2026, 10, 19)  # 1 Nov is a Sunday: its week is forecast
    assert StatisticalForecast.objects.filter(run=run).count() == 12  # 6 retailers × 2 SKUs
    area_total = sum(a["qty"] for a in run.area_totals)
    first = run.area_totals[0]
    assert first["model"] in first["backtest_mae"]  # the reason: every candidate's error
    assert first["backtest_mae"][first["model"]] == min(first["backtest_mae"].values())
    assert sum(StatisticalForecast.objects.values_list("qty", flat=True)) == area_total
    got = next_month_forecast([c.retailers[0].pk], NOV)
    assert {v.source for v in got.values()} == {"statistical"}


def test_scores_every_level_and_source(scored) -> None:
    c, _ = scored
    total = AccuracyScore.objects.get(source="collected", level="total")
    # retailer 0 ordered 2 条 of SKU 0 in each of the four November weeks (2, 9, 16, 23) = 8
    # retailer 1 ordered 3 × 4 = 12 but 0 was forecast → accuracy 0; weight 8 + 12
    assert total.actual == 20 and total.forecast == 8
    assert total.accuracy == pytest.approx(8 / 20)
    stat = AccuracyScore.objects.get(source="statistical", level="total")
    assert stat.lines == 12 and 0 <= stat.accuracy <= 1
    assert stat.accuracy > 0.8  # steady demand
    levels = set(AccuracyScore.objects.values_list("level", flat=True))
    assert levels == {"total", "area", "manager", "sku", "retailer", "miss"}


def test_customer_manager_sees_only_own_scores(scored) -> None:
    c, _ = scored
    mine = visible_scores(c.managers[0].user, NOV)
    assert mine.exists()
    assert set(mine.values_list("manager_id", flat=True)) == {c.managers[0].pk}
    assert visible_scores(c.market.user, NOV).filter(level="area").count() == 2


def test_open_month_cannot_be_scored(dept) -> None:
    with pytest.raises(Conflict) as exc:
        do_score_month(department=dept, month=date(2026, 12, 1), today=date(2026, 12, 15))
    assert exc.value.code == "month_not_closed"


def test_rerun_replaces_the_month(scored, dept) -> None:
    do_run_statistical_forecast(department=dept, month=NOV)
    assert StatisticalRun.objects.count() == 1
