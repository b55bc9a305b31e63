"""Write a spreadsheet: one .xlsx sheet with a bold, frozen header row (openpyxl, write-only,
so a sheet of a million rows streams without holding them).

Text that a spreadsheet program would take for a formula (a shop named ``=1+1`` or
``@SUM(A1)``: :data:`~jinye.sheets.readers.FORMULA_STARTS`) is written as a text cell marked
"quote prefix", Excel's own leading apostrophe: shown as typed, never evaluated, and read
back as the same text (issue 15 item 4)."""

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from jinye.sheets.readers import FORMULA_STARTS

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

DEFAULT_WIDTH = 12


def _inert(sheet: "WriteOnlyWorksheet", value: Any) -> Any:
    """``value``, or a text cell holding it when it starts like a formula."""
    if not (isinstance(value, str) and value.startswith(FORMULA_STARTS)):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would store "=…" as a formula
    cell.quotePrefix = True
    return cell


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
        sheet.append([_inert(sheet, v) for v in row])
        count += 1
    book.save(target)
    return count
