"""Issue 16: the organisation's files (areas, staff, targets), brands from the SKU file, the
SKUs whose price class was derived from 批发价, and `jinye setup`'s service."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from jinye.catalog.models import Brand, Sku
from jinye.dataio.imports import import_file
from jinye.errors import Conflict, Invalid
from jinye.org.models import MarketArea, Role, Staff
from jinye.org.services import do_setup_department
from jinye.targets.models import AnnualTarget, MonthTarget
from jinye.visits.models import Visit
from tests.dataio.helpers import SKU_HEADER, write_csv
from tests.factories import make_area, make_brand, make_department, make_retailer, make_staff

pytestmark = pytest.mark.django_db

AREA_HEADER = ["编码", "名称"]
STAFF_HEADER = ["工号", "姓名", "角色", "市场部", "电话"]
TARGET_HEADER = ["年份", "月份", "市场部", "销量目标(箱)", "金额目标(元)"]


def _problems(kind, path, dept):
    with pytest.raises(Invalid) as caught:
        import_file(kind, path, department=dept)
    return [(p.row, p.field, p.message) for p in caught.value.problems]


def test_areas_import_then_unchanged_and_another_departments_code_refused(tmp_path, dept):
    path = write_csv(tmp_path / "a.csv", AREA_HEADER, [("QX01", "城关"), ("QX02", "乡镇")])
    first = import_file("areas", path, department=dept)
    again = import_file("areas", path, department=dept)
    assert (first.created, again.unchanged, again.created) == (2, 2, 0)
    assert set(dept.areas.values_list("code", "name")) == {("QX01", "城关"), ("QX02", "乡镇")}
    other = make_department("D2")
    assert _problems("areas", path, other) == [
        (2, "编码", "This area code belongs to another marketing department."),
        (3, "编码", "This area code belongs to another marketing department."),
    ]
    assert MarketArea.objects.filter(department=other).count() == 0


def test_staff_import_creates_logins_with_one_time_passwords_once(tmp_path, dept):
    make_area(dept, "QX01")
    rows = [
        ("C01", "李客户", "客户经理", "QX01", "13900000001"),
        ("O01", "钱订单", "订单员", "", ""),
    ]
    path = write_csv(tmp_path / "s.csv", STAFF_HEADER, rows, "gbk")
    result = import_file("staff", path, department=dept)
    assert result.created == 2 and [x.username for x in result.logins] == ["C01", "O01"]
    for login in result.logins:
        user = User.objects.get(username=login.username)
        assert user.check_password(login.password) and len(login.password) >= 12
        assert user.staff.must_change_password
    cm = Staff.objects.get(employee_no="C01")
    assert (cm.role, cm.area.code, cm.phone) == (Role.CUSTOMER_MANAGER, "QX01", "13900000001")
    again = import_file("staff", path, department=dept)
    assert (again.unchanged, again.logins) == (2, [])


def test_staff_rows_are_refused_with_row_field_and_the_accepted_values(tmp_path, dept):
    make_staff(Role.ORDER_CLERK, dept=dept, username="taken")
    rows = [
        ("C01", "李客户", "客户经理", "", ""),
        ("C02", "赵客户", "业务员", "", ""),
        ("C03", "孙客户", "订单员", "QX99", ""),
    ]
    path = write_csv(tmp_path / "s.csv", [*STAFF_HEADER, "登录名"], [(*r, "") for r in rows])
    problems = _problems("staff", path, dept)
    assert problems == [
        (2, "市场部", "Market and customer managers need a market area (name or code)."),
        (3, "角色", "Not one of: 营销部主任、市场经理、客户经理、订单员、送货员、专管员."),
        (4, "市场部", "Unknown market area."),
    ]
    taken = write_csv(
        tmp_path / "t.csv", [*STAFF_HEADER, "登录名"], [("X1", "某", "订单员", "", "", "taken")]
    )
    assert _problems("staff", taken, dept) == [
        (2, "登录名", "The user name taken is already taken.")
    ]
    assert not Staff.objects.filter(employee_no__in=["C01", "C02", "C03", "X1"]).exists()


def test_targets_import_sums_the_year_and_revenue_is_optional(tmp_path, dept):
    make_area(dept, "QX01"), make_area(dept, "QX02")
    rows = [
        (2026, m, a, 10 * m + (a == "QX02"), "") for m in range(1, 13) for a in ("QX01", "QX02")
    ]
    rows[0] = (2026, 1, "QX01", 10, "250000")
    path = write_csv(tmp_path / "t.csv", TARGET_HEADER, rows)
    first = import_file("targets", path, department=dept)
    target = AnnualTarget.objects.get(department=dept, year=2026)
    assert target.volume_cases == sum(r[3] for r in rows) and target.revenue == 250000
    assert MonthTarget.objects.get(target=target, area__code="QX02", month=3).volume_cases == 31
    again = import_file("targets", path, department=dept)
    assert (first.created, again.unchanged, again.updated) == (24, 24, 0)


def test_target_rows_name_the_accepted_range_in_chinese_and_english(tmp_path, dept):
    make_area(dept, "QX01")
    rows = [(2026, 13, "QX01", 5, ""), (2026, 1, "QX01", -1, ""), (2026, 1, "QX01", 5, "")]
    path = write_csv(tmp_path / "t.csv", TARGET_HEADER, rows)
    assert _problems("targets", path, dept) == [
        (2, "月份", "Must be a whole number from 1 to 12."),
        (3, "销量目标(箱)", "Must be a whole number from 0 to 10,000,000."),
        (4, "月份", "The same area and month are also in row 3."),
    ]
    with translation.override("zh-hans"):
        zh = _problems("targets", path, dept)
    assert zh[0] == (2, "月份", "须为 1 至 12 之间的整数。")
    assert not AnnualTarget.objects.exists()


def test_sku_file_creates_missing_brands_and_lists_derived_price_classes(tmp_path):
    make_brand("黄鹤楼")
    rows = [
        ("S1", "6901", "黄鹤楼", "黄鹤楼(硬)", "", "150", "300", "否", "是"),
        ("S2", "6902", "新品牌", "新品(软)", "90", "110", "200", "否", "是"),
        ("S3", "6903", "另一品牌", "另一(硬)", "", "20", "40", "否", "是"),
    ]
    path = write_csv(tmp_path / "k.csv", SKU_HEADER, rows)
    result = import_file("skus", path)
    assert result.new_brands == ["另一品牌", "新品牌"]
    assert Sku.objects.get(code="S2").brand.name == "新品牌"
    assert [(d.code, d.price_class) for d in result.derived_classes] == [("S1", 1), ("S3", 4)]
    again = import_file("skus", path)
    assert (again.new_brands, again.unchanged, Brand.objects.count()) == ([], 3, 3)


def test_setup_creates_the_department_once_and_refuses_a_taken_code(db):
    args = dict(
        company_code="4203", company_name="某市烟草公司", department_code="QX",
        department_name="清溪县营销部", director_no="D01", director_name="孙主任",
    )  # fmt: skip
    first = do_setup_department(**args)
    assert first.password and User.objects.get(username="D01").check_password(first.password)
    assert first.director.role == Role.DIRECTOR and first.director.must_change_password
    again = do_setup_department(**args)
    assert again.password is None and again.department == first.department
    with pytest.raises(Conflict) as caught:
        do_setup_department(**{**args, "company_code": "9999"})
    assert caught.value.code == "department_of_other_company"


def test_a_one_time_password_leads_to_the_change_page_until_changed(client, dept):
    setup = do_setup_department(
        company_code="C1", company_name="某市烟草公司", department_code=dept.code,
        department_name=dept.name, director_no="D01", director_name="孙主任",
    )  # fmt: skip
    client.login(username="D01", password=setup.password)
    assert client.get("/retailers/").url == "/accounts/password/"
    changed = client.post(
        "/accounts/password/",
        {
            "old_password": setup.password,
            "new_password1": "Qx-2026!a",
            "new_password2": "Qx-2026!a",
        },
    )
    assert changed.status_code == 302
    assert not Staff.objects.get(employee_no="D01").must_change_password
    assert client.get("/retailers/").status_code == 200


def test_the_web_import_shows_new_logins_once_and_only_the_director_may_send_staff(
    client, tmp_path, dept
):
    make_area(dept, "QX01")
    director = make_staff(Role.DIRECTOR, dept=dept)
    clerk = make_staff(Role.ORDER_CLERK, dept=dept)
    path = write_csv(tmp_path / "s.csv", STAFF_HEADER, [("C01", "李客户", "客户经理", "QX01", "")])

    def send():
        upload = SimpleUploadedFile("s.csv", path.read_bytes())
        return client.post(reverse("dataio:import"), {"kind": "staff", "file": upload})

    client.force_login(clerk.user)
    assert send().status_code == 403 and not Staff.objects.filter(employee_no="C01").exists()
    client.force_login(director.user)
    page = send()
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    logins = page.content.decode().split('id="new-logins"')[1].split("</table>")[0]
    cells = re.findall(r"<code>([^<]+)</code>", logins)
    assert len(cells) == 1 and User.objects.get(username="C01").check_password(cells[0])
    again = send()
    assert 'id="new-logins"' not in again.content.decode()


def test_an_annual_row_is_split_to_areas_and_months_and_sums_exactly(tmp_path, dept):
    make_area(dept, "QX01"), make_area(dept, "QX02")
    path = write_csv(tmp_path / "t.csv", TARGET_HEADER, [(2026, "", "", 1234, "")])
    first = import_file("targets", path, department=dept)
    target = AnnualTarget.objects.get(department=dept, year=2026)
    cells = MonthTarget.objects.filter(target=target)
    assert (target.volume_cases, target.revenue) == (1234, 0)
    assert cells.count() == 24 and sum(c.volume_cases for c in cells) == 1234
    assert {c.revenue for c in cells} == {0}
    again = import_file("targets", path, department=dept)
    assert (first.updated, again.unchanged, again.updated) == (1, 1, 0)
    mixed = write_csv(
        tmp_path / "m.csv", TARGET_HEADER, [(2027, "", "", 100, ""), (2027, 1, "QX01", 5, "")]
    )
    [(row, field, message)] = _problems("targets", mixed, dept)
    assert (row, field) == (3, "月份") and message.startswith("Row 2 gives this year as a whole")


def test_the_target_page_takes_a_volume_only_year(client, dept):
    make_area(dept, "QX01")
    director = make_staff(Role.DIRECTOR, dept=dept)
    client.force_login(director.user)
    answer = client.post(
        reverse("targets:targets"),
        {"year": 2026, "volume_cases": 500, "revenue": "", "basis": "even"},
    )
    assert answer.status_code == 302
    target = AnnualTarget.objects.get(department=dept, year=2026)
    assert (target.volume_cases, target.revenue) == (500, 0)
    assert (
        "未设（只定销量）" in client.get(reverse("targets:targets") + "?year=2026").content.decode()
    )


def test_the_import_page_lists_new_brands_and_derived_classes_in_chinese(client, tmp_path, dept):
    director = make_staff(Role.DIRECTOR, dept=dept)
    rows = [("S1", "6901", "新品牌", "新品(硬)", "", "150", "300", "否", "是")]
    path = write_csv(tmp_path / "k.csv", SKU_HEADER, rows)
    client.force_login(director.user)
    with translation.override("zh-hans"):
        page = client.post(
            reverse("dataio:import"),
            {"kind": "skus", "file": SimpleUploadedFile("k.csv", path.read_bytes())},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        ).content.decode()
    assert "根据品规文件新建的品牌： 新品牌" in page
    assert "1 个品规没有调拨价" in page and "<td>一类</td>" in page


VISIT_HEADER = ["工号", "许可证号", "拜访时间", "经营指导", "指导内容"]


def test_visit_history_is_recorded_through_the_visits_service_once(tmp_path, dept):
    area = make_area(dept, "QX01")
    cm = make_staff(Role.CUSTOMER_MANAGER, area=area)
    shop = make_retailer(area=area, manager=cm)
    rows = [
        (cm.employee_no, shop.licence_no, "2025-03-04 10:15", "是", "陈列建议"),
        (cm.employee_no, shop.licence_no, "2025-03-11", "", ""),
    ]
    path = write_csv(tmp_path / "v.csv", VISIT_HEADER, rows)
    first = import_file("visits", path, department=dept)
    again = import_file("visits", path, department=dept)
    assert (first.created, again.created, again.unchanged) == (2, 0, 2)
    times = sorted(
        v.checked_in_at.astimezone().strftime("%m-%d %H:%M") for v in Visit.objects.all()
    )
    assert times == ["03-04 10:15", "03-11 09:00"]
    other = make_staff(Role.CUSTOMER_MANAGER, area=area)
    bad = write_csv(
        tmp_path / "b.csv",
        VISIT_HEADER,
        [(other.employee_no, shop.licence_no, "2025-03-05 10:00", "是", "")],
    )
    [(row, field, _message)] = _problems("visits", bad, dept)
    assert (row, field) == (2, "许可证号") and Visit.objects.count() == 2


@pytest.mark.parametrize("kind", ["areas", "staff", "targets", "visits"])
def test_an_order_clerk_may_not_send_the_directors_files(client, tmp_path, dept, kind):
    clerk = make_staff(Role.ORDER_CLERK, dept=dept)
    client.force_login(clerk.user)
    upload = SimpleUploadedFile("x.csv", "编码,名称\nQX09,新区\n".encode())
    answer = client.post(reverse("dataio:import"), {"kind": kind, "file": upload})
    assert answer.status_code == 403 and not MarketArea.objects.filter(code="QX09").exists()
