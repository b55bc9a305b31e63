"""Properties of the validator: valid rows in any accepted spelling come back as the values
they stand for; one bad cell injected anywhere is reported at exactly its row and column."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from jinye.dataio import schemas
from jinye.dataio.validate import validate
from jinye.sheets.cells import Choices
from jinye.sheets.readers import RawRow, Table
from tests.dataio.test_validate import LOOKUPS

HEADER = [
    "许可证号",
    "店名",
    "负责人",
    "市场部",
    "业态",
    "城乡",
    "客户经理工号",
    "开业日期",
    "经度",
    "纬度",
]
AREAS = {"QX01": (1, "E1"), "城关": (1, "E1"), "QX02": (2, "E2"), "钟山": (2, "E2")}
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日"]
NAME_CHARS = "红旗幸福便民超市烟酒商店老张王李赵ABCxyz0123456789()·-"


def spellings(choices: Choices) -> st.SearchStrategy[tuple[str, str]]:
    """(a spelling the importer accepts, the stored value it means)."""
    return st.sampled_from([(s, v) for v, labels in choices.items() for s in (v, *labels)])


@st.composite
def retailer(draw: st.DrawFn, licence: str) -> tuple[list[str], dict[str, object]]:
    name = draw(st.text(NAME_CHARS, min_size=1, max_size=100))
    owner = draw(st.text(NAME_CHARS, min_size=1, max_size=50))
    area = draw(st.sampled_from(sorted(AREAS)))
    area_id, manager = AREAS[area]
    manager = draw(st.sampled_from([manager, ""]))
    fmt, fmt_value = draw(spellings(schemas.BUSINESS_FORMATS))
    loc, loc_value = draw(spellings(schemas.LOCATION_TYPES))
    day = draw(st.dates(date(1980, 1, 1), date(2100, 12, 31)))
    lon = draw(st.floats(-180, 180, allow_nan=False))
    lat = draw(st.floats(-90, 90, allow_nan=False))
    cells = [licence, name, owner, area, fmt, loc, manager]
    cells += [day.strftime(draw(st.sampled_from(DATE_FORMATS))), repr(lon), repr(lat)]
    values = {
        "name": name,
        "owner": owner,
        "area_id": area_id,
        "business_format": fmt_value,
        "location_type": loc_value,
        "customer_manager_id": {"E1": 11, "E2": 12}.get(manager),
        "opened_on": day,
        "longitude": lon,
        "latitude": lat,
    }
    return cells, values


@st.composite
def retailer_files(draw: st.DrawFn) -> list[tuple[list[str], dict[str, object]]]:
    licences = draw(
        st.lists(st.from_regex(r"[0-9]{12}", fullmatch=True), min_size=1, max_size=20, unique=True)
    )
    return [draw(retailer(licence)) for licence in licences]


def as_table(header: list[str], rows: list[list[str]]) -> Table:
    return Table(header, [RawRow(i, tuple(r)) for i, r in enumerate(rows, start=2)], "utf-8")


@settings(max_examples=60, deadline=None)
@given(retailer_files())
def test_valid_retailer_rows_round_trip(rows):
    result = validate("retailers", as_table(HEADER, [c for c, _ in rows]), LOOKUPS)
    assert result.errors == []
    assert [(r.row, r.key, r.values) for r in result.records] == [
        (i, cells[0], values) for i, (cells, values) in enumerate(rows, start=2)
    ]


BAD = [
    ("店名", ""),
    ("负责人", "人" * 51),
    ("市场部", "火星"),
    ("业态", "杂货铺"),
    ("城乡", "郊区"),
    ("客户经理工号", "E404"),
    ("开业日期", "2026-02-30"),
    ("开业日期", "明天"),
    ("经度", "abc"),
    ("纬度", "91"),
    ("经度", "-180.5"),
]


@settings(max_examples=60, deadline=None)
@given(retailer_files(), st.data())
def test_one_bad_cell_is_reported_at_its_row_and_column(rows, data):
    i = data.draw(st.integers(0, len(rows) - 1))
    column, value = data.draw(st.sampled_from(BAD))
    cells = [list(c) for c, _ in rows]
    cells[i][HEADER.index(column)] = value
    result = validate("retailers", as_table(HEADER, cells), LOOKUPS)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(i + 2, column, value)]
    assert result.records == []


ORDER_HEADER = ["订单号", "许可证号", "订货日期", "渠道", "品规编码", "数量(条)"]


@st.composite
def order_files(draw: st.DrawFn) -> list[list[str]]:
    """Rows of 1–8 orders, each with one or two SKU lines, in shuffled order."""
    rows = []
    for n in range(draw(st.integers(1, 8))):
        head = [
            f"O{n}",
            draw(st.sampled_from(sorted(LOOKUPS.retailers))),
            draw(st.dates(date(2020, 1, 1), date(2030, 1, 1))).isoformat(),
            draw(st.sampled_from(["网上订货", "电话", "拜访", "online"])),
        ]
        for sku in draw(
            st.lists(st.sampled_from(["S1", "S2"]), min_size=1, max_size=2, unique=True)
        ):
            rows.append([*head, sku, str(draw(st.integers(1, 100_000)))])
    return draw(st.permutations(rows))


@settings(max_examples=60, deadline=None)
@given(order_files(), st.data())
def test_orders_group_by_number_and_bad_quantities_are_pinned_to_their_row(rows, data):
    result = validate("orders", as_table(ORDER_HEADER, rows), LOOKUPS)
    assert result.errors == []
    total = {o.key: sum(line.quantity for line in o.lines) for o in result.records}
    expected: dict[str, int] = {}
    for r in rows:
        expected[r[0]] = expected.get(r[0], 0) + int(r[5])
    assert total == expected
    i = data.draw(st.integers(0, len(rows) - 1))
    bad = data.draw(st.sampled_from(["-1", "0", "1.5", "x", "", "100001"]))
    rows[i] = [*rows[i][:5], bad]
    result = validate("orders", as_table(ORDER_HEADER, rows), LOOKUPS)
    assert [(e.row, e.column) for e in result.errors] == [(i + 2, "数量(条)")]
