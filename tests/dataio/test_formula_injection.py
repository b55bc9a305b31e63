"""Names that a spreadsheet program would evaluate (=, +, -, @) leave in exports as text
cells, never formulas, and an exported file imports back with the same names (issue 15
item 4)."""

from datetime import date

import openpyxl
import pytest

from jinye.dataio import exports
from jinye.dataio.imports import import_file
from jinye.retailers.models import Retailer
from tests.dataio.helpers import department_world
from tests.factories import make_order, make_retailer

pytestmark = pytest.mark.django_db
NAMES = ["=1+1", "+86 红旗", "-便利店", "@SUM(A1)", '=HYPERLINK("http://x","点击")']


def _cells(path, column: int) -> list[openpyxl.cell.Cell]:
    sheet = openpyxl.load_workbook(path).worksheets[0]  # not read-only: styles are loaded
    return [row[column] for row in sheet.iter_rows(min_row=2)]


def test_retailer_export_writes_formula_like_names_as_text_and_reimports_them(dept, tmp_path):
    w = department_world(dept)
    for i, name in enumerate(NAMES):
        make_retailer(manager=w["cm1"], licence_no=f"42039900000{i}", name=name)
    path = tmp_path / "retailers.xlsx"
    exports.export_retailers(Retailer.objects.all(), path)
    names = _cells(path, 1)  # 店名
    assert [c.value for c in names] == NAMES  # ordered by licence, as created
    assert {c.data_type for c in names} == {"s"}  # strings, not "f" (formulas)
    assert all(c.quotePrefix for c in names)
    result = import_file("retailers", path, department=dept)
    assert (result.created, result.updated, result.unchanged) == (0, 0, len(NAMES))
    assert sorted(Retailer.objects.values_list("name", flat=True)) == sorted(NAMES)


def test_order_line_export_writes_a_formula_like_shop_name_as_text(dept, tmp_path):
    w = department_world(dept)
    shop = make_retailer(manager=w["cm1"], name="=1+1")
    make_order(shop, [(w["sku1"], 3)], on=date(2026, 1, 7))
    path = tmp_path / "lines.xlsx"
    exports.export_order_lines(exports.order_lines(Retailer.objects.all()), path)
    (cell,) = _cells(path, 2)  # 店名
    assert cell.value == "=1+1" and cell.data_type == "s"
