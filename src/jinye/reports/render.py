"""Lay a built report out as Word (.docx) or Excel (.xlsx)."""

import io

from django.utils.translation import pgettext
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from jinye.reports.builder import Report
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
    """One sheet per table (the report's underlying figures), plus the per-SKU table."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    used: set[str] = set()
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
                ws.append([_number(v) for v in row])
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
                r["price_class"],
                r["c_now"],
                r["c_before"],
                r["f_now"] / 100,
                r["f_before"] / 100,
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _number(text: str) -> str | float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return text
