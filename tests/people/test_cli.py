"""``jinye kpis`` and ``jinye careers``."""

import pytest
from typer.testing import CliRunner

from jinye.cli import app
from jinye.org.models import Role
from jinye.people.models import CareerDecision, KpiMonth
from tests.factories import make_retailer, make_staff
from tests.people.factories import profile, scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr("jinye.people.cli.setup_django", lambda: None)
    return CliRunner()


def test_kpis_command(runner: CliRunner) -> None:
    cm = make_staff(Role.CUSTOMER_MANAGER)
    make_retailer(manager=cm)
    result = runner.invoke(app, ["kpis", "--month", "2026-11"])
    assert result.exit_code == 0, result.output
    assert "1 customer managers assessed" in result.output
    assert KpiMonth.objects.filter(staff=cm, month="2026-11").exists()


def test_careers_command(runner: CliRunner) -> None:
    cm = make_staff(Role.CUSTOMER_MANAGER)
    profile(cm, 3)
    scores(cm, ["2026-07", "2026-08", "2026-09"], 85)
    result = runner.invoke(app, ["careers", "--window", "2026Q3"])
    assert result.exit_code == 0, result.output
    assert "晋级1人" in result.output and "待考评委员会决定1人" in result.output
    assert CareerDecision.objects.get(staff=cm).status == "pending"


def test_careers_reports_unenrolled_and_closes_notices(runner: CliRunner) -> None:
    make_staff(Role.CUSTOMER_MANAGER)
    result = runner.invoke(app, ["careers", "--window", "2026Q3"])
    assert result.exit_code == 0, result.output
    assert "没有职业档案" in result.output
    result = runner.invoke(app, ["careers", "--window", "2026Q3", "--enrol-since", "2025-01-01"])
    assert result.exit_code == 0, result.output
    assert "新建见习档案1人" in result.output and "没有职业档案" not in result.output
    assert (
        runner.invoke(app, ["careers", "--window", "2026Q3", "--enrol-since", "x"]).exit_code == 2
    )


def test_experts_command(runner: CliRunner) -> None:
    cm = make_staff(Role.CUSTOMER_MANAGER)
    make_retailer(manager=cm)
    result = runner.invoke(app, ["experts", "--quarter", "2026Q4"])
    assert result.exit_code == 0, result.output
    assert f"第一名 {cm.name}" in result.output
    assert runner.invoke(app, ["experts", "--quarter", "2026-4"]).exit_code == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kpis", "--month", "2026-13"], "--month"),
        (["careers", "--window", "2026-07"], "--window"),
        (["kpis", "--month", "2026-11", "--department", "NOPE"], "--department"),
        (["careers", "--window", "2026Q3", "--by", "ghost"], "--by"),
    ],
)
def test_bad_options(runner: CliRunner, args: list[str], message: str) -> None:
    make_staff(Role.CUSTOMER_MANAGER)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def test_careers_command_speaks_english_in_an_english_session(runner: CliRunner) -> None:
    from django.utils.translation import override

    cm = make_staff(Role.CUSTOMER_MANAGER)
    profile(cm, 3)
    scores(cm, ["2026-07", "2026-08", "2026-09"], 85)
    make_staff(Role.CUSTOMER_MANAGER, area=cm.area)
    with override("en"):
        result = runner.invoke(app, ["careers", "--window", "2026Q3"])
    assert result.exit_code == 0, result.output
    assert "Level up 1; 1 awaiting the committee" in result.output
    assert "1 customer managers have no career profile and were not evaluated" in result.output
