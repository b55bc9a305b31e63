"""`jinye import` and `jinye export` from the command line."""

import pytest
from typer.testing import CliRunner

from jinye.cli import app
from jinye.org.models import Staff
from jinye.retailers.models import Retailer
from tests.dataio.helpers import RETAILER_HEADER, department_world, retailer_row, write_csv

pytestmark = pytest.mark.django_db


def test_import_reports_counts_then_unchanged(tmp_path, dept):
    w = department_world(dept)
    rows = [retailer_row(i, "QX01", w["cm1"].employee_no) for i in range(4)]
    path = write_csv(tmp_path / "r.csv", RETAILER_HEADER, rows, "gbk")
    runner = CliRunner()
    first = runner.invoke(app, ["import", "retailers", str(path)])
    assert first.exit_code == 0, first.output
    assert "4 created, 0 updated, 0 unchanged" in first.output
    again = runner.invoke(app, ["import", "retailers", str(path)])
    assert "0 created, 0 updated, 4 unchanged" in again.output
    assert Retailer.objects.count() == 4


def test_import_of_a_broken_file_exits_1_and_lists_rows(tmp_path, dept):
    department_world(dept)
    rows = [retailer_row(1, "QX01"), retailer_row(2, "QX01", 城乡="郊区")]
    path = write_csv(tmp_path / "r.csv", RETAILER_HEADER, rows)
    result = CliRunner().invoke(app, ["import", "retailers", str(path)])
    assert result.exit_code == 1
    assert "nothing was imported" in result.output and "郊区" in result.output
    assert Retailer.objects.count() == 0


def test_export_with_an_unknown_user_exits_1(tmp_path, dept):
    department_world(dept)
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(app, ["export", "retailers", str(out), "--user", "ghost"])
    assert result.exit_code == 1 and "ghost" in result.output and not out.exists()
    ok = CliRunner().invoke(app, ["export", "order-lines", str(out)])
    assert ok.exit_code == 0 and "Wrote 0 rows" in ok.output and out.exists()


def test_staff_import_without_a_department_says_to_run_setup_and_leaves_no_file(tmp_path):
    path = write_csv(tmp_path / "s.csv", ["工号", "姓名", "角色"], [("O1", "钱", "订单员")])
    secrets = tmp_path / "pw.csv"
    result = CliRunner().invoke(app, ["import", "staff", str(path), "--passwords", str(secrets)])
    assert result.exit_code == 2 and "with `jinye setup`" in " ".join(result.output.split())
    assert not secrets.exists()


def test_staff_import_refuses_to_overwrite_a_passwords_file(tmp_path, dept):
    path = write_csv(tmp_path / "s.csv", ["工号", "姓名", "角色"], [("O1", "钱", "订单员")])
    secrets = tmp_path / "pw.csv"
    secrets.write_text("keep")
    result = CliRunner().invoke(app, ["import", "staff", str(path), "--passwords", str(secrets)])
    assert result.exit_code == 2 and "--passwords" in result.output
    assert secrets.read_text() == "keep" and not Staff.objects.filter(employee_no="O1").exists()
