"""Retailer list (search, filters, paging, scope) and detail (fields, figures, access)."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from jinye.org.models import Role
from tests.factories import (
    make_area,
    make_department,
    make_order,
    make_retailer,
    make_sku,
    make_staff,
)

pytestmark = pytest.mark.django_db


def listing(client: Client, **params: object) -> list[str]:
    resp = client.get(reverse("retailers:list"), params)
    assert resp.status_code == 200
    return [r.licence_no for r in resp.context["page"]]


@pytest.fixture
def world(dept):  # type: ignore[no-untyped-def]
    a1, a2 = make_area(dept), make_area(dept)
    cm1 = make_staff(Role.CUSTOMER_MANAGER, area=a1)
    cm2 = make_staff(Role.CUSTOMER_MANAGER, area=a1)
    cm3 = make_staff(Role.CUSTOMER_MANAGER, area=a2)
    mm1 = make_staff(Role.MARKET_MANAGER, area=a1)
    director = make_staff(Role.DIRECTOR, dept=dept)
    r1 = make_retailer(
        manager=cm1,
        licence_no="420300000001",
        name="红旗超市",
        owner="张三",
        phone="13900000001",
        business_format="supermarket",
    )
    r2 = make_retailer(
        manager=cm2,
        licence_no="420300000002",
        name="幸福便利店",
        owner="李四",
        phone="13900000002",
        business_format="convenience",
        status="suspended",
    )
    r3 = make_retailer(
        manager=cm3,
        licence_no="420300000003",
        name="乡村食杂店",
        owner="王五",
        phone="13900000003",
        location_type="rural",
    )
    return locals()


def test_director_sees_all_and_search_fields(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["director"].user)
    assert listing(client) == ["420300000001", "420300000002", "420300000003"]
    assert listing(client, q="0000002") == ["420300000002"]  # licence
    assert listing(client, q="红旗") == ["420300000001"]  # name
    assert listing(client, q="王五") == ["420300000003"]  # owner
    assert listing(client, q="13900000002") == ["420300000002"]  # phone
    assert listing(client, q="不存在") == []


def test_each_filter_narrows(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["director"].user)
    assert listing(client, area=world["a2"].pk) == ["420300000003"]
    assert listing(client, manager=world["cm2"].pk) == ["420300000002"]
    assert listing(client, status="suspended") == ["420300000002"]
    assert listing(client, format="supermarket") == ["420300000001"]
    assert listing(client, area=world["a1"].pk, status="open") == ["420300000001"]


def test_bad_filter_value_is_reported_and_ignored(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["director"].user)
    resp = client.get(reverse("retailers:list"), {"area": "x1", "status": "bogus"})
    assert len(resp.context["page"].object_list) == 3
    html = resp.content.decode()
    assert "x1" in html and "bogus" in html


def test_scopes_in_list_and_filter_choices(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["cm1"].user)
    assert listing(client) == ["420300000001"]
    resp = client.get(reverse("retailers:list"))
    assert [m.pk for m in resp.context["managers"]] == [world["cm1"].pk]
    assert [a.pk for a in resp.context["areas"]] == [world["a1"].pk]
    # Filtering by another manager does not widen the scope.
    assert listing(client, manager=world["cm2"].pk) == []
    client.force_login(world["mm1"].user)
    assert listing(client) == ["420300000001", "420300000002"]
    assert listing(client, area=world["a2"].pk) == []


def test_paging_keeps_filters(client, dept):  # type: ignore[no-untyped-def]
    area = make_area(dept)
    director = make_staff(Role.DIRECTOR, dept=dept)
    for i in range(60):
        make_retailer(
            area=area, licence_no=f"5000{i:08d}", status="open" if i < 55 else "suspended"
        )
    make_retailer(area=area, licence_no="600000000001")
    client.force_login(director.user)
    first = client.get(reverse("retailers:list"), {"q": "5000", "status": "open"})
    page = first.context["page"]
    assert page.paginator.count == 55 and len(page.object_list) == 50
    html = first.content.decode()
    assert "?q=5000&amp;status=open&amp;page=2" in html
    second = client.get(reverse("retailers:list"), {"q": "5000", "status": "open", "page": 2})
    assert [r.licence_no for r in second.context["page"]] == [f"5000{i:08d}" for i in range(50, 55)]


def test_export_link_carries_query(client, world):  # type: ignore[no-untyped-def]
    export = reverse("dataio:export_retailers")
    client.force_login(world["director"].user)
    html = client.get(reverse("retailers:list"), {"q": "红旗", "status": "open"}).content.decode()
    assert f'href="{export}?q=%E7%BA%A2%E6%97%97&amp;status=open"' in html


def test_detail_fields_figures_and_history(client, world):  # type: ignore[no-untyped-def]
    r1 = world["r1"]
    sku_a, sku_b = make_sku(wholesale="120.00"), make_sku(wholesale="20.00", transfer="17.00")
    latest = date(2026, 11, 18)  # reference: last full week starts 2026-11-09
    make_order(r1, [(sku_a, 10), (sku_b, 5)], on=date(2026, 11, 10))  # 15 条, 1,300 元
    make_order(r1, [(sku_a, 2)], on=date(2026, 9, 1))  # in the 13 weeks: 2 条, 240 元
    make_order(r1, [(sku_a, 100)], on=date(2026, 11, 11), status="cancelled")
    make_order(r1, [(sku_b, 7)], on=date(2026, 8, 1))  # before the 13 weeks (from 2026-08-17)
    make_order(r1, [(sku_b, 1)], on=latest)  # current partial week: not in the summary
    client.force_login(world["cm1"].user)
    resp = client.get(reverse("retailers:detail", args=[r1.pk]))
    assert resp.status_code == 200
    s = resp.context["sales"]["summary"]
    assert (s.cartons, s.revenue, s.orders, s.skus) == (17, 1540, 2, 2)
    html = resp.content.decode()
    for text in ("红旗超市", "张三", "13900000001", "CS", "1,540.00", "retailer-data", "已取消"):
        assert text in html
    chart = resp.context["sales"]["chart"]
    assert chart["weeks"][-1] == "2026-11-09" and chart["cartons"][-1] == 15
    assert len(chart["weeks"]) == 52
    orders = [o.order_date for o in resp.context["sales"]["orders"]]
    assert orders == sorted(orders, reverse=True) and len(orders) == 5
    export = reverse("dataio:export_retailer_order_lines", kwargs={"pk": r1.pk})
    assert f'href="{export}"' in html


def test_class_letters(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["director"].user)
    resp = client.get(reverse("retailers:detail", args=[world["r3"].pk]))
    assert resp.context["class_letters"] == "XZ"
    assert 'id="class-code"' in resp.content.decode()
    assert ">XZ</small>" in resp.content.decode()


def test_class_code_comes_from_the_latest_rating(client, world, dept):  # type: ignore[no-untyped-def]
    from jinye.ratings.models import RetailerRating
    from jinye.ratings.services import do_classify_quarter

    do_classify_quarter(quarter="2026Q4", department=dept)
    rating = RetailerRating.objects.get(retailer=world["r3"], quarter="2026Q4")
    client.force_login(world["director"].user)
    resp = client.get(reverse("retailers:detail", args=[world["r3"].pk]))
    assert rating.class_code.startswith("XZ") and rating.class_code[2:].isdigit()
    html = resp.content.decode()
    assert f">{rating.class_code}</small>" in html
    assert f'{rating.class_code} <span class="label">2026Q4</span>' in html


def test_detail_out_of_scope_is_404(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["cm1"].user)
    assert client.get(reverse("retailers:detail", args=[world["r2"].pk])).status_code == 404
    client.force_login(world["mm1"].user)
    assert client.get(reverse("retailers:detail", args=[world["r2"].pk])).status_code == 200
    assert client.get(reverse("retailers:detail", args=[world["r3"].pk])).status_code == 404
    other = make_staff(Role.DIRECTOR, dept=make_department("D2"))
    client.force_login(other.user)
    assert client.get(reverse("retailers:detail", args=[world["r1"].pk])).status_code == 404
    client.force_login(world["director"].user)
    assert client.get(reverse("retailers:detail", args=[world["r3"].pk])).status_code == 200


def test_order_history_paged(client, world):  # type: ignore[no-untyped-def]
    sku = make_sku()
    for i in range(25):
        make_order(world["r1"], [(sku, i + 1)], on=date(2026, 1, 5) + timedelta(days=i))
    client.force_login(world["cm1"].user)
    p1 = client.get(reverse("retailers:detail", args=[world["r1"].pk]))
    assert len(p1.context["sales"]["orders"].object_list) == 20
    assert p1.context["sales"]["orders"][0].order_date == date(2026, 1, 29)
    p2 = client.get(reverse("retailers:detail", args=[world["r1"].pk]), {"page": 2})
    assert [o.order_date for o in p2.context["sales"]["orders"]][-1] == date(2026, 1, 5)
