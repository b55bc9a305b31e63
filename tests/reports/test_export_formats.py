"""Number formats of the report's Word and Excel files (issue 13 item 8), read back: thousands
separators, percentages as percent (never 0.07 or 0.9293 shown bare), price classes by name."""

import io
from datetime import date

import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from jinye.periods import Quarter
from jinye.reports.builder import build_report
from jinye.reports.render import render_docx, render_xlsx
from jinye.retailers.models import Retailer
from jinye.targets.selectors import plan_cases
from tests.reports.test_report import _county

pytestmark = pytest.mark.django_db

CLASS_LABELS = {"一类", "二类", "三类", "四类", "五类"}


def _report(dept, lang="zh-hans"):
    _county(dept)
    with translation.override(lang):
        return build_report(
            department=dept,
            period=Quarter(2026, 1),
            retailers=Retailer.objects.all(),
            plan=lambda p: plan_cases(dept, p),
            today=date(2026, 6, 30),
        )


def _sheet(wb, title):
    ws = wb[title]
    header = [c.value for c in ws[1]]
    return ws, header


def test_xlsx_numbers_carry_thousands_and_percent_formats(dept):
    r = _report(dept)
    with translation.override("zh-hans"):
        wb = load_workbook(io.BytesIO(render_xlsx(r)))
    ws, header = _sheet(wb, "总体指标")
    rows = {row[0].value: row for row in ws.iter_rows(min_row=2)}
    per_case = rows["单箱均价（元）"]
    # 250,000 元 / 6 箱 = 41,666.67 元, shown with a thousands separator
    assert per_case[1].value == pytest.approx(41_666.67) and per_case[1].number_format == "#,##0.00"
    pct_col = header.index("增幅%")
    rate = per_case[pct_col]
    assert rate.number_format == "0.00%" and rate.value == pytest.approx(0.5385)  # 53.85%
    assert rows["销量（箱）"][1].number_format == "#,##0"

    ws, header = _sheet(wb, "价类结构")
    for col in ("销量占比%", "收入占比%"):
        i = header.index(col)
        cells = [row[i] for row in ws.iter_rows(min_row=2)]
        assert all(c.number_format == "0.00%" and 0 <= c.value <= 1 for c in cells), col
    # class 1 (transfer 300): 2 of 6 箱 → 33.33% held as 0.3333
    assert [row[0].value for row in ws.iter_rows(min_row=2)] == [
        "一类",
        "二类",
        "三类",
        "四类",
        "五类",
    ]
    assert ws.cell(row=2, column=header.index("销量占比%") + 1).value == pytest.approx(0.3333)

    ws, header = _sheet(wb, "计划完成情况")
    values = {row[0].value: row[1] for row in ws.iter_rows(min_row=2)}
    assert values["本期计划完成率"].value == pytest.approx(0.2)  # 6 of 30 箱
    assert values["累计完成全年计划进度"].value == pytest.approx(0.05)  # 6 of 120 箱
    assert values["累计完成全年计划进度"].number_format == "0.00%"


def test_xlsx_sku_detail_names_price_classes_and_formats_money(dept):
    r = _report(dept)
    with translation.override("zh-hans"):
        wb = load_workbook(io.BytesIO(render_xlsx(r)))
    ws, header = _sheet(wb, "品规明细")
    rows = list(ws.iter_rows(min_row=2))
    assert rows and {row[header.index("价类")].value for row in rows} <= CLASS_LABELS
    for row in rows:
        assert row[header.index("本期（条）")].number_format == "#,##0"
        assert row[header.index("本期金额（元）")].number_format == "#,##0.00"
    amounts = sorted(row[header.index("本期金额（元）")].value for row in rows)
    assert amounts == [50_000, 200_000]  # 250 + 750 条 at 50 元; 500 条 at 400 元


def test_xlsx_in_english_names_classes_in_english(dept):
    r = _report(dept, lang="en")
    with translation.override("en"):
        wb = load_workbook(io.BytesIO(render_xlsx(r)))
    ws, header = _sheet(wb, "SKU detail")
    labels = {row[header.index("Price class")].value for row in ws.iter_rows(min_row=2)}
    assert labels and labels <= {f"Class {n}" for n in range(1, 6)}


def test_docx_tables_write_thousands_and_percent_signs(dept):
    r = _report(dept)
    doc = Document(io.BytesIO(render_docx(r)))
    by_title = {}
    titles = [p.text for p in doc.paragraphs if p.runs and p.runs[0].bold]
    for title, table in zip(titles, doc.tables, strict=False):
        by_title[title] = [[c.text for c in row.cells] for row in table.rows]
    overall = {row[0]: row for row in by_title["总体指标"]}
    assert overall["单箱均价（元）"][1] == "41,666.67"
    assert overall["单箱均价（元）"][4] == "53.85%"
    classes = by_title["价类结构"]
    assert [row[0] for row in classes[1:]] == ["一类", "二类", "三类", "四类", "五类"]
    assert all(row[3].endswith("%") and row[6].endswith("%") for row in classes[1:])
    plan = {row[0]: row[1] for row in by_title["计划完成情况"]}
    assert plan["本期计划完成率"] == "20%" and plan["累计完成全年计划进度"] == "5%"
