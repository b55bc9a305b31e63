"""``jinye quotas`` and ``jinye allocate``."""

from datetime import date

import pytest
from typer.testing import CliRunner

from jinye.cli import app
from jinye.supply.models import AllocationRun, MonthlyQuota, SkuSupplyRule
from tests.factories import make_area, make_department, make_order, make_retailer, make_sku

pytestmark = pytest.mark.django_db


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr("jinye.supply.cli.setup_django", lambda: None)
    return CliRunner()


def test_quotas_for_a_month(runner: CliRunner) -> None:
    dept = make_department()
    make_retailer(area=make_area(dept))
    result = runner.invoke(app, ["quotas", "--month", "2026-12"])
    assert result.exit_code == 0, result.output
    assert "D1 2026-12: 1 created" in result.output
    assert MonthlyQuota.objects.count() == 1
    bad = runner.invoke(app, ["quotas", "--month", "12/2026"])
    assert bad.exit_code == 2 and "YYYY-MM" in bad.output


def test_allocate_and_publish_a_week(runner: CliRunner) -> None:
    dept = make_department()
    area = make_area(dept)
    sku = make_sku(scarce=True)
    SkuSupplyRule.objects.create(sku=sku, method="proportional")
    for n in (4, 12):
        make_order(make_retailer(area=area), [(sku, n)], on=date(2026, 11, 24))
    result = runner.invoke(
        app, ["allocate", "--week", "2026-W49", "--supply", f"{sku.code}=3", "--publish"]
    )
    assert result.exit_code == 0, result.output
    run = AllocationRun.objects.get()
    assert (run.status, run.supply, run.requested, run.allocated) == ("published", 3, 4, 3)
    again = runner.invoke(app, ["allocate", "--week", "2026-W49"])
    assert again.exit_code == 1 and "已发布" in again.output
    assert runner.invoke(app, ["allocate", "--week", "2026-W60"]).exit_code == 2
    assert runner.invoke(app, ["allocate", "--week", "2026-W49", "--supply", "x"]).exit_code == 2
