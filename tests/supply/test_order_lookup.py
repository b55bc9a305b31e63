"""Order entry by hand: finding retailers and SKUs (licence, name, owner, phone, pinyin
initials), within the reader's scope; the chosen retailer's usual SKUs and allowances; order
errors named by line and SKU name; the page's statements do not grow with the data."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jinye.catalog.models import Sku
from jinye.orders.models import Order
from jinye.pinyin import initials
from jinye.retailers.models import Retailer
from jinye.supply.intake import submit_order
from tests.factories import (
    make_area,
    make_brand,
    make_department,
    make_retailer,
    make_sku,
    make_staff,
)
from tests.supply.factories import make_quota, make_world

pytestmark = pytest.mark.django_db


def _client(staff, lang: str = "zh-hans") -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_login(staff.user)
    return client


def _named(sku: Sku, name: str) -> Sku:
    sku.name = name
    sku.save()
    return sku


def _licences(client: Client, q: str) -> list[str]:
    body = client.get("/supply/orders/find/retailers/", {"q": q}).json()
    return [r["licence_no"] for r in body["results"]]


def _codes(client: Client, q: str) -> list[str]:
    return [s["code"] for s in client.get("/supply/orders/find/skus/", {"q": q}).json()["results"]]


def test_initials_of_han_text_keep_letters_and_digits() -> None:
    assert initials("红塔山") == "hts"
    assert initials("红塔山(硬经典)") == "htsyjd"
    assert initials("黄鹤楼 1916", "张三") == "hhl1916 zs"


def test_saving_a_retailer_stores_the_initials_of_its_name_and_owner() -> None:
    shop = make_retailer(name="张三便利店", owner="李四")
    assert Retailer.objects.get(pk=shop.pk).search_initials == "zsbld ls"
    shop.name = "王五超市"
    shop.save()
    assert Retailer.objects.get(pk=shop.pk).search_initials == "wwcs ls"


@pytest.mark.parametrize(
    "query", ["420311112222", "4203111", "张三便利", "李四", "13912345678", "zsbld", "ls", "zsbld8"]
)
def test_clerk_finds_a_retailer_by_licence_name_owner_phone_or_initials(query: str) -> None:
    world = make_world()
    shop = make_retailer(
        manager=world.manager,
        licence_no="420311112222",
        name="张三便利店8号",
        owner="李四",
        phone="13912345678",
    )
    assert _licences(_client(world.clerk), query) == [shop.licence_no]


def test_customer_manager_does_not_find_another_managers_retailer() -> None:
    world = make_world()
    other = make_staff("customer_manager", area=world.manager.area)
    make_retailer(manager=other, name="别人的烟酒店", owner="赵六")
    mine = make_retailer(manager=world.manager, name="自己的烟酒店", owner="钱七")
    client = _client(world.manager)
    assert _licences(client, "烟酒店") == [mine.licence_no]
    assert _licences(client, "zl") == []
    assert _licences(_client(world.clerk), "烟酒店") != [mine.licence_no]
    form = {"retailer": "别人的烟酒店", "sku": [world.plain.code], "quantity": ["1"]}
    html = client.post("/supply/orders/new/", form).content.decode()
    assert "没有与“别人的烟酒店”相符的" in html and not Order.objects.exists()


def test_other_departments_retailers_are_not_found_by_a_clerk() -> None:
    world = make_world()
    make_retailer(area=make_area(make_department("D2")), name="外县的小卖部")
    assert _licences(_client(world.clerk), "小卖部") == []


@pytest.mark.parametrize("query", ["S", "红塔", "硬经典", "hts", "htsyjd", "HTS"])
def test_skus_are_found_by_code_brand_name_or_initials(query: str) -> None:
    world = make_world()
    hts = _named(make_sku(brand=make_brand("红塔山")), "红塔山(硬经典)")
    other = _named(make_sku(brand=make_brand("黄鹤楼")), "黄鹤楼(软蓝)")
    q = hts.code if query == "S" else query
    found = _codes(_client(world.clerk), q)
    assert hts.code in found and other.code not in found


def test_inactive_skus_are_not_suggested() -> None:
    world = make_world()
    gone = _named(make_sku(active=False), "停产烟(硬)")
    assert gone.code not in _codes(_client(world.clerk), "停产烟")


def test_search_needs_a_person_who_enters_orders() -> None:
    world = make_world()
    deliverer = make_staff("deliverer", dept=world.retailer.area.department)
    response = _client(deliverer).get("/supply/orders/find/retailers/", {"q": "便民"})
    assert response.status_code == 403


def test_chosen_retailer_shows_usual_skus_and_this_weeks_allowances() -> None:
    today = timezone.localdate()
    world = make_world(allowance=10, on=today)
    submit_order(
        retailer=world.retailer,
        lines=[{"sku": world.scarce.code, "quantity": 3}, {"sku": world.plain.code, "quantity": 5}],
        entered_by=world.clerk.user,
        channel="phone",
    )
    body = (
        _client(world.clerk)
        .get("/supply/orders/retailer-supply/", {"licence": world.retailer.licence_no})
        .json()
    )
    assert body["allowances"] == [
        {"code": world.scarce.code, "name": world.scarce.name, "quantity": 10, "left": 7}
    ]
    assert [(s["code"], s["recent"]) for s in body["usual"]] == [
        (world.plain.code, 5),
        (world.scarce.code, 3),
    ]
    assert body["quota"] == {"ceiling": 100, "ordered": 8, "left": 92}


def test_retailer_supply_of_a_retailer_out_of_scope_is_404() -> None:
    world = make_world()
    other = make_staff("customer_manager", area=world.manager.area)
    theirs = make_retailer(manager=other)
    response = _client(world.manager).get(
        "/supply/orders/retailer-supply/", {"licence": theirs.licence_no}
    )
    assert response.status_code == 404


def _over_allowance_form(world) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "retailer": world.retailer.name,
        "sku": [world.plain.code, "红塔山(硬经典)"],
        "quantity": ["2", "11"],
        "key": "k-1",
    }


def test_order_errors_name_the_line_and_sku_in_words_in_chinese() -> None:
    world = make_world(allowance=10, on=timezone.localdate())
    _named(world.scarce, "红塔山(硬经典)")
    html = _client(world.clerk).post("/supply/orders/new/", _over_allowance_form(world))
    text = html.content.decode()
    assert "第2行 红塔山(硬经典)：数量须在1–10条之间（" in text
    assert "(quantity" not in text and world.scarce.code not in text.split("order-errors")[1][:400]
    assert not Order.objects.exists()


def test_order_errors_name_the_line_and_sku_in_words_in_english() -> None:
    world = make_world(allowance=10, on=timezone.localdate())
    _named(world.scarce, "红塔山(硬经典)")
    response = _client(world.clerk, "en").post("/supply/orders/new/", _over_allowance_form(world))
    text = response.content.decode()
    assert "Line 2 红塔山(硬经典): The quantity must be between 1 and 10 cartons (" in text
    assert "(quantity" not in text


def test_without_javascript_a_shop_name_and_sku_name_are_taken_when_unique() -> None:
    world = make_world(allowance=10, on=timezone.localdate())
    _named(world.scarce, "红塔山(硬经典)")
    form = {**_over_allowance_form(world), "quantity": ["2", "4"]}
    response = _client(world.clerk).post("/supply/orders/new/", form, follow=True)
    assert "已提交" in response.content.decode()
    order = Order.objects.get()
    assert order.retailer == world.retailer
    assert sorted(order.lines.values_list("sku__code", "quantity")) == sorted(
        [(world.plain.code, 2), (world.scarce.code, 4)]
    )


def test_several_matching_shops_are_listed_not_guessed() -> None:
    world = make_world()
    make_retailer(manager=world.manager, name="同名便利店")
    make_retailer(manager=world.manager, name="同名便利店二")
    form = {"retailer": "同名便利", "sku": [world.plain.code], "quantity": ["1"]}
    html = _client(world.clerk).post("/supply/orders/new/", form).content.decode()
    assert "有多个零售户与“同名便利”相符" in html and "请输入许可证号" in html
    assert not Order.objects.exists()


def _page_statements(client: Client) -> int:
    with CaptureQueriesContext(connection) as q:
        assert client.get("/supply/orders/new/").status_code == 200
    return len(q.captured_queries)


def test_order_entry_page_statements_do_not_grow_with_retailers_or_orders() -> None:
    today = timezone.localdate()
    world = make_world(ceiling=1000, on=today)
    client = _client(world.clerk)
    counts = []
    for n in (2, 12):
        for _ in range(n):
            shop = make_retailer(manager=world.manager)
            make_quota(shop, 100, on=today)
            submit_order(
                retailer=shop,
                lines=[{"sku": world.plain.code, "quantity": 1}],
                entered_by=world.clerk.user,
                channel="phone",
            )
        counts.append(_page_statements(client))
    assert counts[0] == counts[1]
    html = client.get("/supply/orders/new/").content.decode()
    assert html.count("<tr><td>", html.index('id="recent-orders"')) == 10


def test_a_crafted_form_with_many_sku_names_costs_no_search_per_line() -> None:
    world = make_world()
    client = _client(world.clerk)
    form = {
        "retailer": world.retailer.licence_no,
        "sku": [f"名称{n}" for n in range(150)],
        "quantity": ["1"] * 150,
    }
    with CaptureQueriesContext(connection) as q:
        html = client.post("/supply/orders/new/", form).content.decode()
    assert "一张订单最多100行" in html
    assert len(q.captured_queries) < 30
