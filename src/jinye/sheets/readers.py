"""Read a spreadsheet (.xlsx, or .csv in UTF-8 with or without BOM, or GBK) into raw rows.

The first row is the header. Cells come back as the file holds them: strings from CSV;
str, int, float, bool, datetime or None from .xlsx. Row numbers are the spreadsheet's own
(header = row 1), so error reports point where the user looks. Wholly empty rows are skipped.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from jinye.errors import Invalid

Cell = str | int | float | bool | object | None

SUFFIXES = (".xlsx", ".csv")


@dataclass(frozen=True)
class RawRow:
    number: int  # as in the spreadsheet: the header is row 1
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[RawRow]
    encoding: str  # "xlsx", "utf-8", "utf-8-sig" or "gb18030"


def _is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def decode_csv(data: bytes) -> tuple[str, str]:
    """``data`` as text and the encoding used: UTF-8 (BOM or not), else GBK (as GB18030,
    its superset). Raises Invalid (code ``bad_encoding``) when neither fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise Invalid(
                _("The file starts like UTF-8 but is not valid UTF-8."), code="bad_encoding"
            ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise Invalid(
            _("The CSV file is neither UTF-8 nor GBK text; save it again as CSV (UTF-8)."),
            code="bad_encoding",
        ) from exc


def _csv_rows(text: str) -> Iterator[tuple[Cell, ...]]:
    # Excel's "Unicode text" export is tab-separated; everything else here uses commas.
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield tuple(record)


def _xlsx_rows(source: Path | IO[bytes]) -> Iterator[tuple[Cell, ...]]:
    from zipfile import BadZipFile

    import openpyxl

    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise Invalid(_("The file is not a readable .xlsx workbook."), code="bad_xlsx") from exc
    try:
        sheet = book.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        book.close()


def _table(records: Iterator[tuple[Cell, ...]], encoding: str) -> Table:
    first = next(records, None)
    headers = ["" if c is None else str(c).strip() for c in first or ()]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise Invalid(
            _("The file is empty: row 1 must hold the column headers."), code="empty_file", row=1
        )
    rows = [
        RawRow(number, tuple(record))
        for number, record in enumerate(records, start=2)
        if not all(_is_blank(c) for c in record)
    ]
    return Table(headers, rows, encoding)


def read_table(source: Path | IO[bytes], filename: str | None = None) -> Table:
    """Read ``source`` (a path, or an open binary file named ``filename``) as a table; raises
    :class:`jinye.errors.Invalid` when the file cannot be read as a table at all (wrong type,
    broken, undecodable, empty)."""
    name = filename or (source.name if isinstance(source, Path) else "")
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return _table(_xlsx_rows(source), "xlsx")
    if suffix == ".csv":
        data = source.read_bytes() if isinstance(source, Path) else source.read()
        text, encoding = decode_csv(data)
        return _table(_csv_rows(text), encoding)
    raise Invalid(
        _("Unsupported file type “%(suffix)s”: use .xlsx or .csv.") % {"suffix": suffix or name},
        code="unsupported_file_type",
    )
