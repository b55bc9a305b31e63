"""CLI: statistical run and scoring, with bad input rejected."""

import pytest
from typer.testing import CliRunner

from jinye.cli import app
from jinye.forecasts.models import AccuracyScore, StatisticalForecast
from tests.forecasts.factories import make_county

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::FutureWarning")]


def test_forecast_then_score(dept) -> None:
    make_county(dept, weeks=26)
    runner = CliRunner()
    result = runner.invoke(app, ["forecast", "--month", "2026-11"])
    assert result.exit_code == 0, result.output
    assert "12 retailer×SKU forecasts" in result.output
    assert StatisticalForecast.objects.count() == 12
    result = runner.invoke(app, ["forecast-accuracy", "--month", "2026-11"])
    assert result.exit_code == 0, result.output
    assert "statistical: accuracy" in result.output
    assert AccuracyScore.objects.filter(level="total").count() == 1


def test_bad_month_and_department(dept) -> None:
    runner = CliRunner()
    bad = runner.invoke(app, ["forecast", "--month", "2026-13"])
    assert bad.exit_code == 2 and "--month: “2026-13”" in bad.output and "YYYY-MM" in bad.output
    bad = runner.invoke(app, ["forecast-accuracy", "--month", "2026-11", "--department", "XX"])
    assert bad.exit_code == 2 and "no department" in bad.output
    none = runner.invoke(app, ["forecast", "--month", "2026-11"])
    assert none.exit_code == 2  # the service's refusal, as every command reports one
    assert f"{dept.code}: " in none.output and "2026-11" in none.output
