"""`jinye report`: one period, the department's plan, refusals as an error line and exit 2."""

import io

import pytest
from docx import Document
from typer.testing import CliRunner

from jinye.cli import app
from tests.reports.test_report import _county

pytestmark = pytest.mark.django_db


def test_report_writes_the_plan_and_year_to_date(tmp_path, dept):
    _county(dept)
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(app, ["report", "--quarter", "2026Q1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(io.BytesIO(out.read_bytes())).paragraphs)
    assert "完成2026年一季度计划30箱的20%" in text
    assert "累计销售6箱，完成2026年全年计划120箱的5%" in text


def test_period_without_orders_is_an_error_not_a_file(tmp_path, dept):
    _county(dept)
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(app, ["report", "--quarter", "2024Q1", "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert result.output.startswith("--quarter:")
    assert "没有订单记录" in result.output or "No orders are recorded" in result.output


def test_quarter_and_month_together_are_refused(tmp_path, dept):
    result = CliRunner().invoke(app, ["report", "--quarter", "2026Q1", "--month", "2026-03"])
    assert result.exit_code == 2 and "exactly one" in result.output
