"""Reading .xlsx and .csv (UTF-8, UTF-8 with BOM, GBK) into header + numbered raw rows."""

import io
from datetime import datetime

import pytest

from jinye.errors import Invalid
from jinye.sheets.readers import read_table
from tests.dataio.helpers import write_csv, write_xlsx

HEADER = ["许可证号", "店名", "数量(条)"]
ROWS = [["420399000001", "红旗超市", 5], ["420399000002", "幸福便利店", 7]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_each_encoding(tmp_path, encoding):
    path = write_csv(tmp_path / "f.csv", HEADER, ROWS, encoding)
    table = read_table(path)
    assert table.headers == HEADER
    assert [r.cells for r in table.rows] == [
        ("420399000001", "红旗超市", "5"),
        ("420399000002", "幸福便利店", "7"),
    ]
    assert [r.number for r in table.rows] == [2, 3]
    assert (
        table.encoding == {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "gbk": "gb18030"}[encoding]
    )


def test_xlsx_keeps_cell_types(tmp_path):
    rows = [["420399000001", "红旗超市", 5, datetime(2026, 1, 5)]]
    path = write_xlsx(tmp_path / "f.xlsx", [*HEADER, "订货日期"], rows)
    table = read_table(path)
    assert table.headers == [*HEADER, "订货日期"]
    assert table.rows[0].cells == ("420399000001", "红旗超市", 5, datetime(2026, 1, 5))
    assert table.encoding == "xlsx"


def test_blank_rows_are_skipped_but_numbering_follows_the_sheet(tmp_path):
    rows = [ROWS[0], ["", "", ""], [" ", "", ""], ROWS[1]]
    for path in (
        write_csv(tmp_path / "f.csv", HEADER, rows),
        write_xlsx(tmp_path / "f.xlsx", HEADER, rows),
    ):
        assert [r.number for r in read_table(path).rows] == [2, 5]


def test_open_file_with_name_and_tab_separated_text():
    data = "许可证号\t店名\n420399000001\t红旗超市\n".encode()
    table = read_table(io.BytesIO(data), "upload.CSV")
    assert table.headers == ["许可证号", "店名"] and table.rows[0].cells == (
        "420399000001",
        "红旗超市",
    )


@pytest.mark.parametrize(
    ("name", "data", "needle", "code"),
    [
        ("f.csv", b"", "empty", "empty_file"),
        ("f.csv", b"\n\n", "empty", "empty_file"),
        ("f.txt", b"a,b\n", ".txt", "unsupported_file_type"),
        ("f.xlsx", b"not a zip", ".xlsx", "bad_xlsx"),
        ("f.csv", b"\xef\xbb\xbf\xff\xfe", "UTF-8", "bad_encoding"),
        ("f.csv", b"\x81\x30\x81", "UTF-8", "bad_encoding"),  # truncated GB18030 sequence
    ],
)
def test_unreadable_files_raise_a_clear_error(name, data, needle, code):
    with pytest.raises(Invalid, match=needle) as exc:
        read_table(io.BytesIO(data), name)
    assert exc.value.code == code
