"""The .xlsx template round-trips; a file with bad rows is rejected whole, naming each row."""

import io
from datetime import date

import openpyxl
import pytest

from jinye.errors import Invalid
from jinye.forecasts.excel import do_upload_forecasts, write_template
from jinye.forecasts.models import CollectedForecast
from jinye.forecasts.services import do_open_round
from tests.factories import make_sku
from tests.forecasts.factories import BEFORE, DEADLINE, make_county

pytestmark = pytest.mark.django_db


def _setup(dept):  # type: ignore[no-untyped-def]
    c = make_county(dept)
    rnd = do_open_round(
        department=dept,
        month=date(2026, 12, 1),
        sku_ids=[s.pk for s in c.skus],
        deadline=DEADLINE,
        scope="all",
    )
    return c, rnd


def _xlsx(rows: list[list[object]]) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["许可证号", "店名", "品规编码", "品规名称", "预测量(条)"])
    for r in rows:
        sheet.append(r)
    buf = io.BytesIO()
    book.save(buf)
    buf.seek(0)
    return buf


def test_template_lists_own_retailers_times_skus_and_round_trips(dept) -> None:
    c, rnd = _setup(dept)
    buf = io.BytesIO()
    assert write_template(rnd, c.managers[0], buf) == 3 * 2
    buf.seek(0)
    book = openpyxl.load_workbook(buf)
    sheet = book.active
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert {r[0] for r in rows} == {r.licence_no for r in c.retailers[:3]}
    for i, r in enumerate(rows):
        r[4] = i + 1
    n = do_upload_forecasts(
        round=rnd, user=c.managers[0].user, source=_xlsx(rows), filename="f.xlsx", now=BEFORE
    )
    assert n == 6 and CollectedForecast.objects.count() == 6


def test_bad_rows_are_all_reported_and_nothing_stored(dept) -> None:
    c, rnd = _setup(dept)
    own = c.retailers[0].licence_no
    other_sku = make_sku()
    rows = [
        [own, "", c.skus[0].code, "", 5],  # row 2: fine
        ["999999999999", "", c.skus[0].code, "", 5],  # row 3: unknown retailer
        [c.retailers[4].licence_no, "", c.skus[0].code, "", 5],  # row 4: another manager's
        [own, "", c.skus[1].code, "", "十条"],  # row 5: text in quantity
        [own, "", c.skus[0].code, "", 7],  # row 6: duplicate of row 2
        [own, "", other_sku.code, "", 1],  # row 7: SKU not in the round
        [own, "", c.skus[1].code, "", -2],  # row 8: negative
    ]
    with pytest.raises(Invalid) as exc:
        do_upload_forecasts(
            round=rnd, user=c.managers[0].user, source=_xlsx(rows), filename="f.xlsx", now=BEFORE
        )
    assert exc.value.code == "upload_rejected"
    got = [(e.row, e.field, e.code) for e in exc.value.problems]
    assert got == [
        (3, "许可证号", "unknown_retailer"),
        (4, "许可证号", "unknown_retailer"),
        (5, "预测量(条)", "bad_qty"),
        (6, "许可证号", "duplicate_row"),
        (7, "品规编码", "sku_not_in_round"),
        (8, "预测量(条)", "bad_qty"),
    ]
    assert exc.value.problems[2].extra["value"] == "十条"
    message = exc.value.problems[3].message
    assert "row 2" in message or "第 2 行" in message
    assert CollectedForecast.objects.count() == 0


def test_missing_column_and_unreadable_file(dept) -> None:
    c, rnd = _setup(dept)
    book = openpyxl.Workbook()
    book.active.append(["许可证号", "品规编码"])
    buf = io.BytesIO()
    book.save(buf)
    buf.seek(0)
    with pytest.raises(Invalid) as exc:
        do_upload_forecasts(round=rnd, user=c.managers[0].user, source=buf, filename="f.xlsx")
    assert exc.value.code == "missing_columns"
    assert "预测量(条)" in exc.value.problems[0].message
    with pytest.raises(Invalid) as exc:
        do_upload_forecasts(
            round=rnd, user=c.managers[0].user, source=io.BytesIO(b"junk"), filename="f.xlsx"
        )
    assert exc.value.code == "bad_xlsx"
