"""The sheets kit's limits (issue 15 item 2) and its formula-injection guard (item 4):
every upload form and the CLI read through ``read_table``, so these hold for all of them
(tests/web/test_upload_limits.py checks each entry point)."""

import io
import zipfile

import openpyxl
import pytest
from django.utils import translation

from jinye.errors import Invalid
from jinye.sheets.readers import read_table
from jinye.sheets.xlsx import write_xlsx
from tests.factories import make_xlsx, make_zip_bomb_xlsx, with_sheet_xml

HEADER = ["licence_no", "name"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _refusal(data: bytes, name: str) -> Invalid:
    with pytest.raises(Invalid) as exc:
        read_table(io.BytesIO(data), name)
    return exc.value


def test_a_zip_bomb_is_refused_from_the_zip_directory_before_parsing():
    bomb = make_zip_bomb_xlsx(HEADER, unpacked_mb=20)
    assert len(bomb) < 100_000  # small on the wire…
    error = _refusal(bomb, "bomb.xlsx")  # …but its sheet unpacks to 20 MB
    assert error.code == "zip_bomb"
    assert "xl/worksheets/sheet1.xml" in str(error.message)
    assert "20.0\xa0MB" in str(error.message) and "100 times" in str(error.message)


def test_the_same_padding_at_an_ordinary_ratio_is_read(settings):
    # Packed at most 100-fold the padding is legitimate: only the ratio decides.
    settings.SHEET_LIMITS = {"ratio": 5000}
    table = read_table(io.BytesIO(make_zip_bomb_xlsx(HEADER, unpacked_mb=2)), "ok.xlsx")
    assert table.headers == HEADER and table.rows == []


def test_unpacked_size_over_the_limit_is_refused(settings):
    data = make_xlsx([HEADER, *([f"4203{i:08d}", f"店{i}"] for i in range(200))])
    assert read_table(io.BytesIO(data), "f.xlsx").rows[-1].number == 201
    settings.SHEET_LIMITS = {"unpacked_bytes": 4000}
    error = _refusal(data, "f.xlsx")
    assert error.code == "file_too_large"
    assert "unpacked workbook" in str(error.message) and "3.9\xa0KB" in str(error.message)


@pytest.mark.parametrize("name", ["f.xlsx", "f.csv"])
def test_a_file_over_the_size_limit_is_refused_before_reading(settings, name):
    rows = [HEADER, *([f"4203{i:08d}", f"店{i}"] for i in range(300))]
    data = (
        make_xlsx(rows) if name.endswith("xlsx") else "\n".join(",".join(r) for r in rows).encode()
    )
    settings.SHEET_LIMITS = {"file_bytes": len(data) - 1}
    error = _refusal(data, name)
    assert error.code == "file_too_large"
    assert "The file is" in str(error.message) and "the limit is" in str(error.message)
    settings.SHEET_LIMITS = {"file_bytes": len(data)}
    assert len(read_table(io.BytesIO(data), name).rows) == 300


@pytest.mark.parametrize("name", ["f.xlsx", "f.csv"])
def test_row_count_is_capped_blank_rows_aside(settings, name):
    settings.SHEET_LIMITS = {"rows": 5}

    def data(n: int) -> bytes:
        rows = [HEADER, *([f"4203{i:08d}", f"店{i}"] for i in range(n))]
        if name.endswith("xlsx"):
            return make_xlsx(rows)
        return "\n".join([*(",".join(r) for r in rows), ",", ",", ","]).encode()

    assert len(read_table(io.BytesIO(data(5)), name).rows) == 5
    error = _refusal(data(6), name)
    assert error.code == "too_many_rows" and "more than 5 rows" in str(error.message)


def test_a_declared_dimension_of_the_whole_sheet_does_not_pad_rows():
    data = with_sheet_xml(
        make_xlsx([HEADER, ["420300000001", "红旗超市"]]),
        lambda xml: xml.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>'),
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"A1:XFD1048576" in archive.read("xl/worksheets/sheet1.xml")
    table = read_table(io.BytesIO(data), "wide.xlsx")
    assert table.headers == HEADER
    assert [r.cells for r in table.rows] == [("420300000001", "红旗超市")]


def test_a_csv_cell_past_the_field_limit_is_a_clear_refusal():
    data = b"licence_no,name\n1," + b"x" * 200_000 + b"\n"
    error = _refusal(data, "f.csv")
    assert error.code == "bad_csv" and "Line 2" in str(error.message)


FORMULA_LIKE = ["=1+1", "+8613800000000", "-1", "@SUM(A1:A3)", '=HYPERLINK("x")']


def test_formula_like_text_is_written_as_quoted_text_and_reads_back_unchanged():
    out = io.BytesIO()
    write_xlsx(out, ["name", "n"], [[text, 3] for text in [*FORMULA_LIKE, "红旗超市"]], "t")
    out.seek(0)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == [*FORMULA_LIKE, "红旗超市"]
    assert all(c.data_type == "s" for c in cells)  # text, never "f" (a live formula)
    assert [c.quotePrefix for c in cells] == [True] * len(FORMULA_LIKE) + [False]
    assert sheet.cell(row=2, column=2).value == 3  # numbers stay numbers
    table = read_table(out, "t.xlsx")
    assert [r.cells[0] for r in table.rows] == [*FORMULA_LIKE, "红旗超市"]


def test_a_csv_cell_neutralised_with_an_apostrophe_reads_back_as_written():
    data = b"name,note\n'=1+1,'@x\n'plain,'-5\n"
    rows = [r.cells for r in read_table(io.BytesIO(data), "f.csv").rows]
    assert rows == [("=1+1", "@x"), ("'plain", "-5")]
