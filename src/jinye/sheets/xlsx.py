"""Write a spreadsheet: one .xlsx sheet with a bold, frozen header row (openpyxl, write-only,
so a sheet of a million rows streams without holding them)."""

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

DEFAULT_WIDTH = 12


def write_xlsx(
    target: Path | IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    title: str,
    widths: Mapping[str, int] | None = None,
) -> int:
    """Write one sheet: a bold, frozen header row, then ``rows``. Returns the row count.

    ``widths`` gives some headers' column widths (in characters); the others are 12 wide."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    widths = widths or {}

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    for i, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = widths.get(header, DEFAULT_WIDTH)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="EEF1F4")
    head = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font, cell.fill = bold, fill
        head.append(cell)
    sheet.append(head)
    count = 0
    for row in rows:
        sheet.append(list(row))
        count += 1
    book.save(target)
    return count
