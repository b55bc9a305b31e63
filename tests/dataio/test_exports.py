"""Exports: what a reader may see, in the importer's own layout (export → import changes
nothing), and the CLI's user lookup."""

from datetime import date
from decimal import Decimal

import pytest

from jinye.dataio import exports
from jinye.dataio.exports import export_for_cli, write_template
from jinye.dataio.imports import import_file
from jinye.dataio.schemas import COLUMNS
from jinye.dataio.validate import map_headers
from jinye.errors import Invalid
from jinye.orders.models import Order, OrderLine
from jinye.retailers.models import Retailer
from jinye.sheets.readers import read_table
from tests.dataio.helpers import department_world, read_xlsx
from tests.factories import make_department, make_order, make_retailer

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(dept):
    w = department_world(dept)
    w["r1"] = make_retailer(manager=w["cm1"], licence_no="420399000001", status="suspended")
    w["r2"] = make_retailer(
        manager=w["cm2"],
        licence_no="420399000002",
        business_format="tobacco_liquor",
        location_type="rural",
        phone="",
        latitude=None,
        longitude=None,
    )
    w["r3"] = make_retailer(area=w["a1"], licence_no="000399000003", opened_on=date(2019, 2, 28))
    make_order(w["r1"], [(w["sku1"], 10), (w["sku2"], 3)], on=date(2026, 1, 7), channel="phone")
    make_order(w["r2"], [(w["sku2"], 1)], on=date(2026, 1, 8), status="cancelled")
    odd = make_order(w["r3"], [(w["sku1"], 2)], on=date(2026, 1, 9), channel="visit")
    odd.lines.update(unit_price=Decimal("118.88"), amount=Decimal("237.76"))
    return w


def stored() -> list[tuple]:
    return [
        *Retailer.objects.values_list(),
        *Order.objects.values_list(),
        *OrderLine.objects.values_list(),
    ]


def test_exports_re_import_unchanged(tmp_path, w):
    before = stored()
    assert export_for_cli("retailers", tmp_path / "r.xlsx") == 3
    assert export_for_cli("order-lines", tmp_path / "o.xlsx") == 4
    retailers = import_file("retailers", tmp_path / "r.xlsx")
    orders = import_file("orders", tmp_path / "o.xlsx")
    assert (retailers.unchanged, retailers.created + retailers.updated) == (3, 0)
    assert (orders.unchanged, orders.created + orders.updated) == (3, 0)
    assert stored() == before


def test_export_content_is_readable(tmp_path, w):
    export_for_cli("retailers", tmp_path / "r.xlsx")
    rows = read_xlsx(tmp_path / "r.xlsx")
    assert rows[0] == [c.header for c in COLUMNS["retailers"]]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["许可证号"] == "000399000003"  # the leading zeros survive: written as text
    assert (first["业态"], first["城乡"], first["状态"]) == ("食杂店", "城镇", "营业")
    second = dict(zip(rows[0], rows[3], strict=True))
    assert (second["业态"], second["城乡"], second["经度"]) == ("烟酒商店", "乡村", None)
    export_for_cli("order-lines", tmp_path / "o.xlsx")
    lines = read_xlsx(tmp_path / "o.xlsx")
    by_header = [dict(zip(lines[0], r, strict=True)) for r in lines[1:]]
    assert [(r["渠道"], r["订单状态"], r["数量(条)"]) for r in by_header] == [
        ("电话", "已送达", 10),
        ("电话", "已送达", 3),
        ("网上订货", "已取消", 1),
        ("拜访", "已送达", 2),
    ]


def test_cli_export_for_a_user_holds_only_their_retailers(tmp_path, w):
    username = w["cm1"].user.username
    assert export_for_cli("retailers", tmp_path / "r.xlsx", username=username) == 1
    assert [r[0] for r in read_xlsx(tmp_path / "r.xlsx")[1:]] == ["420399000001"]
    assert export_for_cli("order-lines", tmp_path / "o.xlsx", username=username) == 2
    assert {r[1] for r in read_xlsx(tmp_path / "o.xlsx")[1:]} == {"420399000001"}
    mm = w["mm1"].user.username
    assert export_for_cli("retailers", tmp_path / "m.xlsx", username=mm) == 2


def test_cli_export_refuses_unknown_users_and_users_without_staff(tmp_path, w):
    from django.contrib.auth.models import User

    with pytest.raises(LookupError, match="No user named “ghost”"):
        export_for_cli("retailers", tmp_path / "r.xlsx", username="ghost")
    User.objects.create_user("visitor", password="x")
    with pytest.raises(LookupError, match="no active staff record"):
        export_for_cli("retailers", tmp_path / "r.xlsx", username="visitor")
    assert not (tmp_path / "r.xlsx").exists()


def test_other_departments_are_not_exported_for_a_user(tmp_path, w):
    make_retailer(area=make_department("D2").areas.create(code="Z1", name="远方"))
    director = w["director"].user.username
    assert export_for_cli("retailers", tmp_path / "r.xlsx", username=director) == 3
    assert export_for_cli("retailers", tmp_path / "all.xlsx") == 4


@pytest.mark.parametrize("kind", ["retailers", "skus", "orders"])
def test_templates_hold_the_importers_headers_and_no_rows(tmp_path, kind):
    write_template(kind, tmp_path / "t.xlsx")
    table = read_table(tmp_path / "t.xlsx")
    assert map_headers(table.headers, COLUMNS[kind])[1] == []
    assert table.rows == []


def test_more_rows_than_a_sheet_holds_is_refused() -> None:
    exports._check_size(exports.MAX_ROWS)
    with pytest.raises(Invalid) as exc:
        exports._check_size(exports.MAX_ROWS + 1)
    assert exc.value.code == "export_too_large"
