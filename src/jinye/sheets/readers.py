"""Read a spreadsheet (.xlsx, or .csv in UTF-8 with or without BOM, or GBK) into raw rows.

The first row is the header. Cells come back as the file holds them: strings from CSV;
str, int, float, bool, datetime or None from .xlsx. Row numbers are the spreadsheet's own
(header = row 1), so error reports point where the user looks. Wholly empty rows are skipped.

Every upload form and the CLI read through here, so the limits live here once (issue 15
item 2): before anything is parsed, the file's size; for an .xlsx (a zip), the unpacked size
of its members, as their headers declare it (Python's zipfile never inflates a member past
its declared size), and each large member's packing ratio, which a zip bomb exceeds by far;
while reading, the row count (at most ``rows`` data rows) and the width (columns past
``columns`` are not read). Settings ``SHEET_LIMITS`` overrides any of :class:`Limits`.

A CSV cell that an exporter neutralised for spreadsheet programs (``'=1+1``, OWASP's advice
against formula injection) comes back as it was written (``=1+1``).
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jinye.errors import Invalid

Cell = str | int | float | bool | object | None

SUFFIXES = (".xlsx", ".csv")
MB = 1024 * 1024
#: What a spreadsheet program evaluates at the start of a cell (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Limits:
    """How large a file may be before it is parsed, and how many rows it may hold."""

    file_bytes: int = 30 * MB  # as uploaded
    unpacked_bytes: int = 200 * MB  # an .xlsx's members, unpacked
    ratio: int = 100  # unpacked / packed, for members over ``ratio_from`` bytes
    ratio_from: int = MB
    members: int = 1000  # files inside an .xlsx
    rows: int = 300_000  # data rows, below the header
    columns: int = 200


def limits() -> Limits:
    """The limits in force: :class:`Limits`, with settings ``SHEET_LIMITS`` applied."""
    return replace(Limits(), **getattr(settings, "SHEET_LIMITS", {}))


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


def unquoted(text: str) -> str:
    """``text`` without the apostrophe an exporter put before a formula-like start."""
    if text[:1] == "'" and text[1:2] and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def _csv_rows(text: str, limit: Limits) -> Iterator[tuple[Cell, ...]]:
    # Excel's "Unicode text" export is tab-separated; everything else here uses commas.
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            yield tuple(unquoted(c) for c in record[: limit.columns])
    except csv.Error as exc:  # a runaway quote or a cell past csv's field limit
        raise Invalid(
            _(
                "Line %(line)s of the CSV file cannot be read: a quote is not closed, or a "
                "cell is longer than %(n)s characters."
            )
            % {"line": f"{reader.line_num:,}", "n": f"{csv.field_size_limit():,}"},
            code="bad_csv",
            row=reader.line_num,
        ) from exc


def _size(source: Path | IO[bytes]) -> int:
    if isinstance(source, Path):
        return source.stat().st_size
    size = getattr(source, "size", None)  # Django's uploaded files know theirs
    if isinstance(size, int):
        return size
    here = source.tell()
    end = source.seek(0, io.SEEK_END)
    source.seek(here)
    return end


def _too_large(what: str, size: int, limit: int) -> Invalid:
    return Invalid(
        _(
            "The %(what)s is %(size)s; the limit is %(limit)s. "
            "Split it into smaller files and import them one by one."
        )
        % {"what": what, "size": filesizeformat(size), "limit": filesizeformat(limit)},
        code="file_too_large",
    )


def check_size(source: Path | IO[bytes], limit: Limits | None = None) -> None:
    """Invalid (``file_too_large``) when ``source`` is larger than the limit."""
    limit = limit or limits()
    size = _size(source)
    if size > limit.file_bytes:
        raise _too_large(pgettext("size of", "file"), size, limit.file_bytes)


def check_zip(source: Path | IO[bytes], limit: Limits) -> None:
    """Refuse an .xlsx whose members would unpack too large or are packed suspiciously
    tightly (a zip bomb), from the zip's directory alone: nothing is inflated here."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Invalid(_("The file is not a readable .xlsx workbook."), code="bad_xlsx") from exc
    finally:
        if not isinstance(source, Path):
            source.seek(0)
    if len(members) > limit.members:
        raise Invalid(
            _("The workbook holds %(n)s parts, more than the %(limit)s an ordinary one holds.")
            % {"n": f"{len(members):,}", "limit": f"{limit.members:,}"},
            code="zip_bomb",
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > limit.unpacked_bytes:
        raise _too_large(pgettext("size of", "unpacked workbook"), unpacked, limit.unpacked_bytes)
    for m in members:
        if m.file_size > limit.ratio_from and m.file_size > limit.ratio * max(m.compress_size, 1):
            raise Invalid(
                _(
                    "The workbook's part “%(part)s” unpacks from %(packed)s to %(size)s, more "
                    "than %(ratio)s times its packed size: this is not an ordinary "
                    "spreadsheet. Save it again from your spreadsheet program."
                )
                % {
                    "part": m.filename,
                    "packed": filesizeformat(m.compress_size),
                    "size": filesizeformat(m.file_size),
                    "ratio": limit.ratio,
                },
                code="zip_bomb",
            )


def _xlsx_rows(source: Path | IO[bytes], limit: Limits) -> Iterator[tuple[Cell, ...]]:
    import openpyxl

    check_zip(source, limit)
    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise Invalid(_("The file is not a readable .xlsx workbook."), code="bad_xlsx") from exc
    try:
        sheet = book.worksheets[0]
        # Bounds on both axes: a sheet's declared dimension (A1:XFD1048576) would otherwise
        # pad every row to 16,384 cells and the sheet to a million rows.
        for record in sheet.iter_rows(
            max_row=limit.rows + 2, max_col=limit.columns, values_only=True
        ):
            end = len(record)
            while end and record[end - 1] is None:
                end -= 1
            yield record[:end]
    finally:
        book.close()


def _too_many_rows(limit: Limits) -> Invalid:
    return Invalid(
        _(
            "The file has more than %(n)s rows below the header. "
            "Split it into smaller files and import them one by one."
        )
        % {"n": f"{limit.rows:,}"},
        code="too_many_rows",
    )


def _table(records: Iterator[tuple[Cell, ...]], encoding: str, limit: Limits) -> Table:
    first = next(records, None)
    headers = ["" if c is None else str(c).strip() for c in first or ()]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise Invalid(
            _("The file is empty: row 1 must hold the column headers."), code="empty_file", row=1
        )
    rows = []
    for number, record in enumerate(records, start=2):
        if all(_is_blank(c) for c in record):
            continue
        if number > limit.rows + 1:
            raise _too_many_rows(limit)
        rows.append(RawRow(number, tuple(record)))
    return Table(headers, rows, encoding)


def read_table(
    source: Path | IO[bytes], filename: str | None = None, suffixes: tuple[str, ...] = SUFFIXES
) -> Table:
    """Read ``source`` (a path, or an open binary file named ``filename``) as a table; raises
    :class:`jinye.errors.Invalid` when the file cannot be read as a table at all (wrong type,
    not one of ``suffixes``, broken, undecodable, empty) or is over the :func:`limits`."""
    name = filename or (source.name if isinstance(source, Path) else "")
    suffix = Path(name).suffix.lower()
    if suffix not in suffixes:
        use = (
            _("Unsupported file type “%(suffix)s”: use .xlsx or .csv.")
            if ".csv" in suffixes
            else _("Unsupported file type “%(suffix)s”: use .xlsx.")
        )
        raise Invalid(use % {"suffix": suffix or name}, code="unsupported_file_type")
    limit = limits()
    check_size(source, limit)
    if suffix == ".xlsx":
        return _table(_xlsx_rows(source, limit), "xlsx", limit)
    data = source.read_bytes() if isinstance(source, Path) else source.read()
    text, encoding = decode_csv(data)
    return _table(_csv_rows(text, limit), encoding, limit)
