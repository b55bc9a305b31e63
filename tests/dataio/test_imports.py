"""import_file against the database: upserts, all-or-nothing, idempotence, scope."""

from datetime import date
from decimal import Decimal

import pytest

from jinye.catalog.models import Sku
from jinye.dataio.imports import import_file
from jinye.errors import Invalid
from jinye.orders.models import Order, OrderLine
from jinye.retailers.models import Retailer
from tests.dataio.helpers import (
    ORDER_HEADER,
    RETAILER_HEADER,
    SKU_HEADER,
    department_world,
    retailer_row,
    write_csv,
    write_xlsx,
)
from tests.factories import make_area, make_department, make_retailer, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(dept):
    return department_world(dept)


def snapshot() -> list[tuple]:
    return [
        *Retailer.objects.values_list(),
        *Sku.objects.values_list(),
        *Order.objects.values_list(),
        *OrderLine.objects.values_list(),
    ]


def test_retailers_are_created_then_unchanged_then_updated(tmp_path, w):
    rows = [retailer_row(i, "QX01", w["cm1"].employee_no) for i in range(3)]
    rows.append(retailer_row(3, w["a2"].name, "", 业态="超市", 城乡="乡村"))
    path = write_xlsx(tmp_path / "r.xlsx", RETAILER_HEADER, rows)
    first = import_file("retailers", path)
    assert (first.rows, first.created, first.updated, first.unchanged) == (4, 4, 0, 0)
    r = Retailer.objects.get(licence_no="420399000003")
    assert (r.area, r.customer_manager, r.business_format, r.location_type) == (
        w["a2"],
        None,
        "supermarket",
        "rural",
    )
    assert r.opened_on == date(2020, 3, 15) and r.longitude == pytest.approx(110.503)
    before = snapshot()
    again = import_file("retailers", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert snapshot() == before and Retailer.objects.count() == 4
    rows[1] = retailer_row(1, "QX01", w["cm1"].employee_no, 状态="歇业", 电话="")
    changed = import_file("retailers", write_csv(tmp_path / "r.csv", RETAILER_HEADER, rows, "gbk"))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 3)
    r1 = Retailer.objects.get(licence_no="420399000001")
    assert (r1.status, r1.phone) == ("suspended", "")


def test_absent_optional_columns_leave_fields_alone(tmp_path, w):
    make_retailer(
        area=w["a1"], manager=w["cm1"], licence_no="420399000001", status="suspended", phone="1"
    )
    header = ["许可证号", "店名", "负责人", "市场部", "业态", "城乡", "开业日期"]
    path = write_csv(
        tmp_path / "r.csv",
        header,
        [["420399000001", "新店名", "李四", "QX01", "便利店", "城镇", "2021-01-01"]],
    )
    result = import_file("retailers", path)
    assert result.updated == 1
    r = Retailer.objects.get(licence_no="420399000001")
    assert (r.name, r.status, r.phone, r.customer_manager) == ("新店名", "suspended", "1", w["cm1"])


def test_one_bad_row_means_nothing_is_written(tmp_path, w):
    existing = make_retailer(area=w["a1"], licence_no="420399000001", name="老店")
    rows = [retailer_row(i, "QX01") for i in range(1, 50)]
    rows[30] = retailer_row(31, "QX01", 开业日期="2020-02-30")
    with pytest.raises(Invalid) as exc:
        import_file("retailers", write_csv(tmp_path / "r.csv", RETAILER_HEADER, rows))
    assert exc.value.code == "import_rejected"
    assert [(e.row, e.field) for e in exc.value.problems] == [(32, "开业日期")]
    assert list(Retailer.objects.values_list("licence_no", "name")) == [
        (existing.licence_no, "老店")
    ]


def test_skus_get_their_price_class_and_re_import_is_unchanged(tmp_path, w):
    rows = [
        ["S9001", "6901000000011", "黄鹤楼", "黄鹤楼(硬金)", "130.00", "150.00", "170", "是", ""],
        ["S9002", "6901000000028", w["brand"].code, "黄鹤楼(软蓝)", "", "15.00", "17", "", "否"],
    ]
    path = write_csv(tmp_path / "s.csv", SKU_HEADER, rows, "utf-8-sig")
    result = import_file("skus", path)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    a, b = Sku.objects.get(code="S9001"), Sku.objects.get(code="S9002")
    assert (a.price_class, a.scarce, a.active, a.retail_price) == (1, True, True, Decimal("170.00"))
    assert (b.price_class, b.scarce, b.active, b.transfer_price) == (5, False, False, None)
    again = import_file("skus", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    rows[1][4] = "40.00"  # a transfer price moves the SKU to class 3
    import_file("skus", write_csv(tmp_path / "s2.csv", SKU_HEADER, rows))
    assert Sku.objects.get(code="S9002").price_class == 3


def orders_file(tmp_path, w, licence, rows=None, name="o.csv"):
    s1, s2 = w["sku1"].code, w["sku2"].code
    rows = rows or [
        ["O-1", licence, "2026-01-07", "电话", s1, "10", ""],
        ["O-1", licence, "2026-01-07", "电话", s2, "4", "21.50"],
        ["O-2", licence, "2026-01-14", "网上订货", s1, "1", ""],
    ]
    return write_csv(tmp_path / name, ORDER_HEADER, rows)


def test_orders_group_lines_price_them_and_derive_the_week(tmp_path, w):
    shop = make_retailer(area=w["a1"], manager=w["cm1"])
    result = import_file("orders", orders_file(tmp_path, w, shop.licence_no), user=w["clerk"].user)
    assert (result.rows, result.created, result.updated, result.unchanged) == (3, 2, 0, 0)
    o1 = Order.objects.get(order_no="O-1")
    assert (o1.retailer, o1.order_date, o1.week, o1.channel, o1.status) == (
        shop,
        date(2026, 1, 7),
        date(2026, 1, 5),
        "phone",
        "submitted",
    )
    assert o1.entered_by == w["clerk"].user
    lines = {(line.sku_id, line.quantity, line.unit_price, line.amount) for line in o1.lines.all()}
    assert lines == {
        (w["sku1"].pk, 10, Decimal("120.00"), Decimal("1200.00")),
        (w["sku2"].pk, 4, Decimal("21.50"), Decimal("86.00")),
    }
    before = snapshot()
    again = import_file("orders", orders_file(tmp_path, w, shop.licence_no))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert snapshot() == before


def test_a_re_imported_order_replaces_its_lines(tmp_path, w):
    shop = make_retailer(area=w["a1"])
    import_file("orders", orders_file(tmp_path, w, shop.licence_no))
    w["sku1"].wholesale_price = Decimal("130.00")
    w["sku1"].save()
    rows = [
        ["O-1", shop.licence_no, "2026-01-07", "电话", w["sku1"].code, "12", ""],
        ["O-2", shop.licence_no, "2026-01-14", "网上订货", w["sku1"].code, "1", ""],
    ]
    result = import_file("orders", orders_file(tmp_path, w, shop.licence_no, rows, "o2.csv"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    # The stored line keeps its price when the file gives none; the dropped line is gone.
    assert list(
        Order.objects.get(order_no="O-1").lines.values_list("quantity", "unit_price", "amount")
    ) == [(12, Decimal("120.00"), Decimal("1440.00"))]


def test_an_order_number_of_another_retailer_is_refused(tmp_path, w):
    a, b = make_retailer(area=w["a1"]), make_retailer(area=w["a1"])
    import_file("orders", orders_file(tmp_path, w, a.licence_no))
    before = snapshot()
    with pytest.raises(Invalid) as exc:
        import_file("orders", orders_file(tmp_path, w, b.licence_no, name="b.csv"))
    assert [(e.row, e.field, e.extra["value"]) for e in exc.value.problems] == [
        (2, "订单号", "O-1"),
        (4, "订单号", "O-2"),
    ]
    assert "another retailer" in exc.value.problems[0].message
    assert snapshot() == before


def test_department_scope_limits_areas_staff_retailers_and_licences(tmp_path, w):
    other = make_department("D2")
    far_area = make_area(other, "FAR")
    far_cm = make_staff("customer_manager", area=far_area)
    far_shop = make_retailer(area=far_area, licence_no="420399000002")
    rows = [
        retailer_row(1, "FAR"),
        retailer_row(2, "QX01"),
        retailer_row(3, "QX01", far_cm.employee_no),
    ]
    path = write_csv(tmp_path / "r.csv", RETAILER_HEADER, rows)
    with pytest.raises(Invalid) as exc:
        import_file("retailers", path, department=w["dept"])
    assert [(e.row, e.field) for e in exc.value.problems] == [(2, "市场部"), (4, "客户经理工号")]
    rows = rows[1:2]
    with pytest.raises(Invalid) as exc:
        import_file(
            "retailers",
            write_csv(tmp_path / "r2.csv", RETAILER_HEADER, rows),
            department=w["dept"],
        )
    assert [(e.row, e.field) for e in exc.value.problems] == [(2, "许可证号")]
    assert "another marketing department" in exc.value.problems[0].message
    orders = orders_file(tmp_path, w, far_shop.licence_no, name="far.csv")
    with pytest.raises(Invalid) as exc:
        import_file("orders", orders, department=w["dept"])
    problems = exc.value.problems
    assert {e.field for e in problems} == {"许可证号"} and len(problems) == 3
    assert Order.objects.count() == 0
    assert import_file("orders", orders).created == 2  # the CLI imports for every department


def test_unreadable_and_unknown_kinds(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(Invalid) as exc:
        import_file("orders", bad)
    assert exc.value.code == "bad_encoding"
    assert len(exc.value.problems) == 1 and exc.value.problems[0].row is None
    with pytest.raises(ValueError, match="unknown import kind"):
        import_file("brands", bad)


def _limits(shop, w, *, ceiling, allowance):  # type: ignore[no-untyped-def]
    from tests.supply.factories import make_allowance, make_quota

    day = date(2026, 1, 7)
    return make_quota(shop, ceiling, on=day), make_allowance(shop, w["sku1"], allowance, on=day)


def test_imported_orders_move_the_months_total_and_the_weeks_allowance(tmp_path, w):
    shop = make_retailer(area=w["a1"])
    quota, allowance = _limits(shop, w, ceiling=100, allowance=20)
    assert import_file("orders", orders_file(tmp_path, w, shop.licence_no)).created == 2
    quota.refresh_from_db()
    allowance.refresh_from_db()
    # January: 10 + 4 + 1; the week of 5 January holds O-1 only (10 of the scarce SKU).
    assert (quota.ordered, allowance.ordered) == (15, 10)
    rows = [
        ["O-1", shop.licence_no, "2026-01-07", "电话", w["sku1"].code, "12", ""],
        ["O-2", shop.licence_no, "2026-01-06", "网上订货", w["sku1"].code, "1", ""],
    ]
    import_file("orders", orders_file(tmp_path, w, shop.licence_no, rows, "o2.csv"))
    quota.refresh_from_db()
    allowance.refresh_from_db()
    assert (quota.ordered, allowance.ordered) == (13, 13)  # O-2 moved into that week


@pytest.mark.parametrize(
    ("ceiling", "allowance", "column", "overrun"),
    [(12, 20, "订货日期", "15"), (100, 8, "数量(条)", "10")],
    ids=["monthly-ceiling", "weekly-allowance"],
)
def test_an_import_that_would_overrun_a_limit_is_refused_naming_the_row(
    tmp_path, w, ceiling, allowance, column, overrun
):
    shop = make_retailer(area=w["a1"])
    quota, allowed = _limits(shop, w, ceiling=ceiling, allowance=allowance)
    before = snapshot()
    with pytest.raises(Invalid) as exc:
        import_file("orders", orders_file(tmp_path, w, shop.licence_no))
    got = [(e.row, e.field, e.extra["value"]) for e in exc.value.problems]
    assert got == [(2, column, overrun)]
    assert snapshot() == before
    quota.refresh_from_db()
    allowed.refresh_from_db()
    assert (quota.ordered, allowed.ordered) == (0, 0)
