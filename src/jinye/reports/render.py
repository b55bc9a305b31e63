"""Lay a built report out as Word (.docx) or Excel (.xlsx).

The Word file holds the report's text as written (numbers with thousands separators,
percentages with %). The Excel file holds numbers as numbers, each with a display format:
thousands separators (``#,##0`` / ``#,##0.00``), percentages as percent (``0.00%``, the cell
holding the fraction, 30.88% as 0.3088), and price classes by name (一类…五类).
"""

import io
from decimal import Decimal, InvalidOperation

from django.utils.translation import pgettext
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from jinye.reports.builder import CLASS_NAMES, Report
from jinye.reports.charts import render_png

FONT = "宋体"


def _set_east_asian_font(document: DocxDocument) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def render_docx(report: Report) -> bytes:
    """Headings per section, prose paragraphs, tables, and charts as PNG images."""
    document = Document()
    _set_east_asian_font(document)
    title = document.add_heading(report.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for note in report.notes:
        document.add_paragraph(note).runs[0].italic = True
    for section in report.sections:
        document.add_heading(section.heading, level=1)
        for text in section.paragraphs:
            p = document.add_paragraph(text)
            p.paragraph_format.first_line_indent = Pt(22)
        for chart in section.charts:
            document.add_picture(io.BytesIO(render_png(chart)), width=Cm(15))
        for table in section.tables:
            if not table.rows:
                continue
            document.add_paragraph(table.title).runs[0].bold = True
            t = document.add_table(rows=1, cols=len(table.header))
            t.style = "Table Grid"
            for cell, text in zip(t.rows[0].cells, table.header, strict=True):
                cell.text = text
            for row in table.rows:
                for cell, text in zip(t.add_row().cells, row, strict=True):
                    cell.text = text
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def render_xlsx(report: Report) -> bytes:
    """A first sheet with the report's text (its title naming the scope, notes, headings and
    paragraphs), one sheet per table (the report's underlying figures), plus the per-SKU
    table."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    text = wb.create_sheet(pgettext("report", "Report text")[:31])
    text.append([report.title])
    text["A1"].font = Font(bold=True)
    for line in report.notes:
        text.append([line])
    for section in report.sections:
        text.append([section.heading])
        text.cell(text.max_row, 1).font = Font(bold=True)
        for paragraph in section.paragraphs:
            text.append([paragraph])
    used: set[str] = {text.title}
    for section in report.sections:
        for table in section.tables:
            name = table.title[:31]
            while name in used:
                name = name[:29] + "_2"
            used.add(name)
            ws = wb.create_sheet(name)
            ws.append(table.header)
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for row in table.rows:
                ws.append([value for value, _fmt in map(cell_value, row)])
                for cell, (_value, fmt) in zip(ws[ws.max_row], map(cell_value, row), strict=True):
                    if fmt:
                        cell.number_format = fmt
    ws = wb.create_sheet(pgettext("report", "SKU detail"))
    sku = report.analysis.sku_table
    ws.append(
        [
            pgettext("report", "SKU"),
            pgettext("report", "Brand"),
            pgettext("report", "Price class"),
            pgettext("report", "This period (cartons)"),
            pgettext("report", "Same period last year (cartons)"),
            pgettext("report", "This period amount (yuan)"),
            pgettext("report", "Same period last year amount (yuan)"),
        ]
    )
    for r in sku.iter_rows(named=True):
        ws.append(
            [
                r["sku_name"],
                r["brand"],
                str(CLASS_NAMES[r["price_class"]]),
                r["c_now"],
                r["c_before"],
                Decimal(r["f_now"]) / 100,
                Decimal(r["f_before"]) / 100,
            ]
        )
        for cell, fmt in zip(ws[ws.max_row][3:], (INTEGER, INTEGER, MONEY, MONEY), strict=True):
            cell.number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


INTEGER = "#,##0"
MONEY = "#,##0.00"
PERCENT = "0.00%"


def cell_value(text: str) -> tuple[str | Decimal, str | None]:
    """A table cell as a spreadsheet value and its number format: '1,234.5' → 1234.5 shown
    '#,##0.00', '30.88%' → 0.3088 shown '0.00%', '12' → 12 shown '#,##0'; text stays text."""
    plain = text.replace(",", "")
    percent = plain.endswith("%")
    try:
        value = Decimal(plain.removesuffix("%"))
    except InvalidOperation:
        return text, None
    if percent:
        return value / 100, PERCENT
    return value, MONEY if "." in plain else INTEGER
