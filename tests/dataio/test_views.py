"""The import page end to end, templates, and the export downloads' scope."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from jinye.orders.models import Order
from jinye.retailers.models import Retailer
from tests.dataio.helpers import RETAILER_HEADER, department_world, retailer_row, write_xlsx
from tests.factories import make_order, make_retailer

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def w(dept):
    w = department_world(dept)
    w["r1"] = make_retailer(manager=w["cm1"], licence_no="420300000001", name="红旗超市")
    w["r2"] = make_retailer(manager=w["cm2"], licence_no="420300000002", name="幸福便利店")
    make_order(w["r1"], [(w["sku1"], 5)], on=date(2026, 1, 7))
    make_order(w["r2"], [(w["sku2"], 9)], on=date(2026, 1, 8))
    return w


def xlsx_rows(resp) -> list[list]:
    assert resp["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content)), read_only=True)
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def upload(tmp_path, rows, name="r.xlsx"):
    path = write_xlsx(tmp_path / name, RETAILER_HEADER, rows)
    return SimpleUploadedFile(name, path.read_bytes())


def test_import_page_is_for_the_director_and_order_clerks_only(client, w):
    url = reverse("dataio:import")
    assert client.get(url).status_code == 302  # to the login page
    for role in ("cm1", "mm1"):
        client.force_login(w[role].user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"kind": "retailers"}).status_code == 403
    for role in ("director", "clerk"):
        client.force_login(w[role].user)
        assert client.get(url).status_code == 200


def test_import_page_imports_a_good_file_and_shows_the_counts(client, w, tmp_path):
    client.force_login(w["clerk"].user)
    rows = [retailer_row(i, "QX01", w["cm1"].employee_no) for i in range(3)]
    resp = client.post(
        reverse("dataio:import"), {"kind": "retailers", "file": upload(tmp_path, rows)}
    )
    assert resp.status_code == 200
    result = resp.context["result"]
    assert (result.created, result.unchanged) == (3, 0) and resp.context["problems"] == []
    assert Retailer.objects.filter(licence_no__startswith="4203990").count() == 3
    html = resp.content.decode()
    assert 'id="import-success"' in html and "3 created" not in html  # the page is in Chinese
    again = client.post(
        reverse("dataio:import"), {"kind": "retailers", "file": upload(tmp_path, rows)}
    )
    assert (again.context["result"].created, again.context["result"].unchanged) == (0, 3)


def test_a_broken_file_lists_every_problem_and_imports_nothing(client, w, tmp_path):
    client.force_login(w["director"].user)
    rows = [
        retailer_row(1, "QX01"),
        retailer_row(2, "火星"),
        retailer_row(3, "QX01", 开业日期="2020-02-30", 业态="杂货铺"),
        retailer_row(1, "QX01"),
    ]
    resp = client.post(
        reverse("dataio:import"), {"kind": "retailers", "file": upload(tmp_path, rows)}
    )
    assert resp.context["result"] is None
    errors = resp.context["problems"]
    assert [(e.row, e.field) for e in errors] == [
        (3, "市场部"),
        (4, "业态"),
        (4, "开业日期"),
        (5, "许可证号"),
    ]
    html = resp.content.decode()
    assert 'id="import-errors"' in html and "火星" in html and "未知的市场部" in html
    assert not Retailer.objects.filter(licence_no__startswith="4203990").exists()


def test_upload_limits_and_wrong_file_types_are_explained(client, w, tmp_path, settings):
    client.force_login(w["director"].user)
    settings.SHEET_LIMITS = {"file_bytes": 1000}
    rows = [retailer_row(i, "QX01") for i in range(30)]
    with translation.override("en"):
        resp = client.post(
            reverse("dataio:import"),
            {"kind": "retailers", "file": upload(tmp_path, rows)},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert resp.context["result"] is None
    assert "the limit is 1000\xa0bytes" in resp.content.decode()
    notes = SimpleUploadedFile("notes.txt", b"hello")
    resp = client.post(reverse("dataio:import"), {"kind": "retailers", "file": notes})
    assert resp.context["form"].errors["file"] and resp.context["result"] is None
    assert not Retailer.objects.filter(licence_no__startswith="4203990").exists()


@pytest.mark.parametrize("kind", ["retailers", "skus", "orders"])
def test_templates_download(client, w, kind):
    client.force_login(w["cm1"].user)
    rows = xlsx_rows(client.get(reverse("dataio:template", args=[kind])))
    assert rows[0][0] in ("许可证号", "品规编码", "订单号")


def test_unknown_template_is_404(client, w):
    client.force_login(w["director"].user)
    assert client.get(reverse("dataio:template", args=["brands"])).status_code == 404


def test_retailer_export_follows_scope_and_filters(client, w):
    url = reverse("dataio:export_retailers")
    client.force_login(w["cm1"].user)
    assert [r[0] for r in xlsx_rows(client.get(url))[1:]] == ["420300000001"]
    assert len(xlsx_rows(client.get(url, {"manager": w["cm2"].pk}))) == 1  # header only
    client.force_login(w["director"].user)
    assert [r[0] for r in xlsx_rows(client.get(url))[1:]] == ["420300000001", "420300000002"]
    assert [r[0] for r in xlsx_rows(client.get(url, {"q": "幸福"}))[1:]] == ["420300000002"]
    assert len(xlsx_rows(client.get(url, {"area": "x", "status": "bogus"}))) == 3


def test_retailer_order_lines_export_is_404_outside_scope(client, w):
    client.force_login(w["cm1"].user)
    own = client.get(reverse("dataio:export_retailer_order_lines", args=[w["r1"].pk]))
    assert [(r[1], r[8]) for r in xlsx_rows(own)[1:]] == [("420300000001", 5)]
    other = reverse("dataio:export_retailer_order_lines", args=[w["r2"].pk])
    assert client.get(other).status_code == 404
    client.force_login(w["mm1"].user)
    assert client.get(other).status_code == 404


def test_order_lines_export_window_and_scope(client, w):
    url = reverse("dataio:export_order_lines")
    make_order(w["r1"], [(w["sku2"], 1)], on=date(2025, 6, 1))  # older than the default 90 days
    client.force_login(w["director"].user)
    assert sorted(r[1] for r in xlsx_rows(client.get(url))[1:]) == ["420300000001", "420300000002"]
    rows = xlsx_rows(client.get(url, {"start": "2025-01-01", "end": "2025-12-31"}))[1:]
    assert [r[3] for r in rows] == [datetime(2025, 6, 1)]
    client.force_login(w["cm1"].user)
    assert {r[1] for r in xlsx_rows(client.get(url, {"start": "2025-01-01"}))[1:]} == {
        "420300000001"
    }
    bad = client.get(url, {"start": "2026-02-01", "end": "2026-01-01"})
    assert bad.status_code == 302 and Order.objects.count() == 3
