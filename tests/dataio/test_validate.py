"""The pure validator: headers, every kind of bad cell with its row, column and reason."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from jinye.dataio.validate import Lookups, validate
from jinye.sheets.readers import RawRow, Table

RETAILER_HEADER = [
    "许可证号",
    "店名",
    "负责人",
    "市场部",
    "业态",
    "城乡",
    "状态",
    "客户经理工号",
    "开业日期",
    "经度",
    "纬度",
]
SKU_HEADER = [
    "品规编码",
    "条码",
    "品牌",
    "品规名称",
    "调拨价",
    "批发价",
    "建议零售价",
    "紧俏",
    "在销",
]
ORDER_HEADER = [
    "订单号",
    "许可证号",
    "订货日期",
    "渠道",
    "订单状态",
    "品规编码",
    "数量(条)",
    "单价",
    "金额",
]

LOOKUPS = Lookups(
    areas={"QX01": 1, "城关": 1, "QX02": 2, "钟山": 2, "重名": None},
    managers={
        "E1": (11, "customer_manager", 1),
        "E2": (12, "customer_manager", 2),
        "E9": (19, "director", None),
    },
    brands={"黄鹤楼": 5, "B5": 5},
    barcodes={"6901028000017": "S1"},
    retailers={"420399000001": 101, "420399000002": 102},
    skus={"S1": (1, Decimal("120.00")), "S2": (2, Decimal("20.00"))},
)
GOOD = {
    "retailers": [
        "420399000009",
        "红旗超市",
        "张三",
        "城关",
        "超市",
        "城镇",
        "营业",
        "E1",
        "2020-03-15",
        "110.5",
        "32.8",
    ],
    "skus": [
        "S3",
        "6901028000031",
        "黄鹤楼",
        "黄鹤楼(软蓝)",
        "17.00",
        "20.00",
        "22.00",
        "否",
        "是",
    ],
    "orders": ["O1", "420399000001", "2026-01-05", "电话", "已送达", "S1", "3", "", ""],
}
HEADERS = {"retailers": RETAILER_HEADER, "skus": SKU_HEADER, "orders": ORDER_HEADER}


def table(header: list[str], *rows: list[Any]) -> Table:
    return Table(header, [RawRow(i, tuple(r)) for i, r in enumerate(rows, start=2)], "utf-8")


def with_cell(kind: str, column: str, value: Any) -> list[Any]:
    row = list(GOOD[kind])
    row[HEADERS[kind].index(column)] = value
    return row


def test_good_rows_give_typed_records():
    r = validate("retailers", table(RETAILER_HEADER, GOOD["retailers"]), LOOKUPS)
    assert r.errors == []
    assert r.records[0].key == "420399000009"
    assert r.records[0].values == {
        "name": "红旗超市",
        "owner": "张三",
        "area_id": 1,
        "business_format": "supermarket",
        "location_type": "urban",
        "status": "open",
        "customer_manager_id": 11,
        "opened_on": date(2020, 3, 15),
        "longitude": 110.5,
        "latitude": 32.8,
    }
    s = validate("skus", table(SKU_HEADER, GOOD["skus"]), LOOKUPS).records[0]
    assert s.values["transfer_price"] == Decimal("17.00") and s.values["scarce"] is False
    o = validate("orders", table(ORDER_HEADER, GOOD["orders"]), LOOKUPS).records[0]
    assert o.values == {
        "retailer_id": 101,
        "order_date": date(2026, 1, 5),
        "channel": "phone",
        "status": "delivered",
        "week": date(2026, 1, 5),
    }
    assert (o.lines[0].sku_id, o.lines[0].quantity, o.lines[0].unit_price) == (1, 3, None)


def test_english_headers_full_width_brackets_and_stored_values_are_accepted():
    header = ["order_no", "licence_no", "order_date", "channel", "sku", "数量（条）"]
    r = validate(
        "orders", table(header, ["O1", "420399000002", "2026/1/7", "online", "S2", "2"]), LOOKUPS
    )
    assert r.errors == [] and r.records[0].values["week"] == date(2026, 1, 5)


@pytest.mark.parametrize(
    ("header", "column", "message"),
    [
        (
            ["订单号", "许可证号", "订货日期", "渠道", "品规编码"],
            "数量(条)",
            "Required column is missing",
        ),
        ([*ORDER_HEADER, "备注"], "备注", "Unknown column"),
        ([*ORDER_HEADER, "order_no"], "order_no", "appears twice"),
    ],
)
def test_header_problems_are_reported_on_row_1(header, column, message):
    r = validate("orders", table(header, GOOD["orders"]), LOOKUPS)
    assert [(e.row, e.column) for e in r.errors] == [(1, column)]
    assert message in r.errors[0].message and r.records == []


def test_a_file_without_data_rows_is_an_error():
    r = validate("skus", table(SKU_HEADER), LOOKUPS)
    assert len(r.errors) == 1 and "no data rows" in r.errors[0].message


BAD_CELLS = [
    ("retailers", "许可证号", "", "Required"),
    ("retailers", "许可证号", "4203 99", "is 12 digits"),
    # A licence Excel turned into a number, its leading zero gone: refused, not a new retailer.
    ("retailers", "许可证号", "42039900001", "leading zeros"),
    ("retailers", "店名", "店" * 101, "Longer than 100"),
    ("retailers", "市场部", "火星", "Unknown market area"),
    ("retailers", "市场部", "重名", "Several market areas"),
    ("retailers", "业态", "杂货铺", "Not one of: 食杂店"),
    ("retailers", "城乡", "郊区", "Not one of: 城镇、乡村"),
    ("retailers", "状态", "倒闭", "Not one of: 营业"),
    ("retailers", "客户经理工号", "E404", "Unknown employee number"),
    ("retailers", "客户经理工号", "E9", "not a customer manager"),
    ("retailers", "客户经理工号", "E2", "another market area"),
    ("retailers", "开业日期", "2020-02-30", "Not a date"),
    ("retailers", "开业日期", "1900-01-01", "out of range"),
    ("retailers", "经度", "东经110", "Not a number"),
    ("retailers", "纬度", "95", "between -90 and 90"),
    ("skus", "条码", "69A", "digits only"),
    ("skus", "条码", "6901028000017", "already belongs to SKU S1"),
    ("skus", "批发价", "-20", "greater than 0"),
    ("skus", "批发价", "20.005", "two decimal places"),
    ("skus", "建议零售价", "二十", "Not a number"),
    ("skus", "调拨价", "0", "greater than 0"),
    ("skus", "紧俏", "也许", "是 (yes) or 否"),
    ("orders", "许可证号", "420399999999", "Unknown retailer"),
    ("orders", "品规编码", "S404", "Unknown SKU"),
    ("orders", "数量(条)", "-3", "cannot be negative"),
    ("orders", "数量(条)", "2.5", "whole number"),
    ("orders", "数量(条)", "0", "at least 1"),
    ("orders", "数量(条)", "三", "Not a number"),
    ("orders", "订货日期", "2026-13-01", "Not a date"),
    ("orders", "渠道", "微信", "Not one of: 网上订货"),
    ("orders", "订单状态", "丢失", "Not one of: 已提交"),
    ("orders", "单价", "0", "greater than 0"),
]


@pytest.mark.parametrize(("kind", "column", "value", "message"), BAD_CELLS)
def test_each_bad_cell_is_reported_at_its_row_and_column(kind, column, value, message):
    rows = [GOOD[kind], with_cell(kind, column, value)]
    if kind != "orders":  # keep the keys distinct so only the injected cell is wrong
        key = "420399999999" if kind == "retailers" else "K0"  # a licence is 12 digits
        rows[0] = with_cell(kind, HEADERS[kind][0], key)
        if kind == "skus":
            rows[0] = with_cell(kind, "条码", "6901028000048") if column != "条码" else rows[0]
            rows[0][0] = "K0"
    else:
        rows[0] = with_cell(kind, "订单号", "O0")
    r = validate(kind, table(HEADERS[kind], *rows), LOOKUPS)
    assert [(e.row, e.column, e.value) for e in r.errors] == [(3, column, value.strip())]
    assert message in r.errors[0].message
    assert r.records == []


def test_duplicate_keys_within_the_file_point_at_the_first_row():
    r = validate("retailers", table(RETAILER_HEADER, GOOD["retailers"], GOOD["retailers"]), LOOKUPS)
    assert [(e.row, e.column) for e in r.errors] == [(3, "许可证号")]
    assert "also in row 2" in r.errors[0].message
    sku2 = with_cell("skus", "品规编码", "S4")
    r = validate("skus", table(SKU_HEADER, GOOD["skus"], sku2), LOOKUPS)
    assert [(e.row, e.column) for e in r.errors] == [(3, "条码")]


def test_an_order_may_not_repeat_a_sku():
    second_line = with_cell("orders", "品规编码", "S2")
    r = validate(
        "orders", table(ORDER_HEADER, GOOD["orders"], second_line, GOOD["orders"]), LOOKUPS
    )
    assert [(e.row, e.column) for e in r.errors] == [(4, "品规编码")]
    assert "already in the same order at row 2" in r.errors[0].message


@pytest.mark.parametrize(
    ("column", "value"),
    [("许可证号", "420399000002"), ("订货日期", "2026-01-06"), ("渠道", "拜访")],
)
def test_rows_of_one_order_must_agree(column, value):
    other = with_cell("orders", column, value)
    other[ORDER_HEADER.index("品规编码")] = "S2"
    r = validate("orders", table(ORDER_HEADER, GOOD["orders"], other), LOOKUPS)
    assert [(e.row, e.column) for e in r.errors] == [(3, column)]
    assert "Differs from row 2 of the same order" in r.errors[0].message


def test_amount_must_match_quantity_times_price():
    good = with_cell("orders", "单价", "21.50")
    good[ORDER_HEADER.index("金额")] = "64.5"
    bad = with_cell("orders", "订单号", "O2")
    bad[ORDER_HEADER.index("单价")], bad[ORDER_HEADER.index("金额")] = "21.50", "60"
    r = validate("orders", table(ORDER_HEADER, good, bad), LOOKUPS)
    assert [(e.row, e.column) for e in r.errors] == [(3, "金额")]
    assert "64.50" in r.errors[0].message


def test_every_problem_of_every_row_is_collected():
    rows = [with_cell("orders", "数量(条)", "-1"), with_cell("orders", "渠道", "x")]
    rows[1][ORDER_HEADER.index("品规编码")] = "S404"
    r = validate("orders", table(ORDER_HEADER, *rows), LOOKUPS)
    assert [(e.row, e.column) for e in r.errors] == [(2, "数量(条)"), (3, "渠道"), (3, "品规编码")]
