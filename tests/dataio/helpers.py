"""Files and a small department to import into, for the dataio tests."""

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

from jinye.org.models import MarketingDepartment, Role
from tests.factories import make_area, make_brand, make_sku, make_staff

RETAILER_HEADER = [
    "许可证号", "店名", "负责人", "电话", "地址", "经度", "纬度",
    "市场部", "业态", "城乡", "状态", "客户经理工号", "开业日期",
]  # fmt: skip
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
ORDER_HEADER = ["订单号", "许可证号", "订货日期", "渠道", "品规编码", "数量(条)", "单价"]


def write_csv(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]], encoding: str = "utf-8"
) -> Path:
    with path.open("w", newline="", encoding=encoding) as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def read_xlsx(path: Path) -> list[list[Any]]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return rows


def retailer_row(n: int, area: str, manager: str = "", **over: Any) -> list[Any]:
    values = {
        "许可证号": f"4203990{n:05d}",
        "店名": f"红旗{n}号店",
        "负责人": f"张{n}",
        "电话": f"1380000{n:04d}",
        "地址": f"清溪县人民路{n}号",
        "经度": 110.5 + n / 1000,
        "纬度": 32.8,
        "市场部": area,
        "业态": "食杂店",
        "城乡": "城镇",
        "状态": "营业",
        "客户经理工号": manager,
        "开业日期": "2020-03-15",
    }
    values.update(over)
    return [values[h] for h in RETAILER_HEADER]


def department_world(dept: MarketingDepartment) -> dict[str, Any]:
    """Two areas with a customer manager each, a director, a clerk, a brand and two SKUs."""
    a1, a2 = make_area(dept, "QX01"), make_area(dept, "QX02")
    brand = make_brand("黄鹤楼")
    return {
        "dept": dept,
        "a1": a1,
        "a2": a2,
        "cm1": make_staff(Role.CUSTOMER_MANAGER, area=a1),
        "cm2": make_staff(Role.CUSTOMER_MANAGER, area=a2),
        "mm1": make_staff(Role.MARKET_MANAGER, area=a1),
        "director": make_staff(Role.DIRECTOR, dept=dept),
        "clerk": make_staff(Role.ORDER_CLERK, dept=dept),
        "brand": brand,
        "sku1": make_sku(wholesale="120.00", brand=brand),
        "sku2": make_sku(wholesale="20.00", transfer="17.00", brand=brand),
    }
