"""The retailer's own login: sees only itself, its allowance, total and tier with reasons,
orders online through the same intake rules, and no staff page."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from jinye import access
from jinye.errors import Forbidden, Invalid
from jinye.orders.models import Order
from jinye.retailers.models import RetailerLogin
from jinye.retailers.services import do_create_login
from jinye.supply.intake import submit_order
from jinye.supply.models import Allowance, MonthlyQuota
from tests.factories import make_retailer
from tests.supply.factories import World, make_world

pytestmark = pytest.mark.django_db
PASSWORD = "shop-pass-2026"


def _shop(world: World) -> RetailerLogin:
    return do_create_login(
        retailer=world.retailer, username="shop", password=PASSWORD, by=world.clerk.user
    )


def _client(login: RetailerLogin) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(login.user)
    return client


def test_a_retailer_sees_only_itself_and_no_staff_page() -> None:
    world = make_world(on=timezone.localdate())
    neighbour = make_retailer(area=world.retailer.area, name="隔壁的店")
    login = _shop(world)
    assert list(access.retailers(login.user)) == [world.retailer]
    client = _client(login)
    assert client.get("/").url == "/portal/"
    home = client.get("/portal/").content.decode()
    assert world.retailer.name in home and neighbour.name not in home
    assert "本周配额及原因" in home and 'id="supply-allowances"' in home
    assert "网上订货" in home and "营销部主任" not in home
    staff_pages = ["/supply/quotas/", "/supply/orders/new/", "/people/kpis/", "/retailers/"]
    staff_pages.append(f"/retailers/{world.retailer.pk}/")  # its own, with internal notes
    for staff_page in staff_pages:
        response = client.get(staff_page)
        assert (response.status_code, response.url) == (302, "/portal/"), staff_page


def test_a_staff_member_cannot_open_the_portal() -> None:
    world = make_world(on=timezone.localdate())
    client = Client()
    client.force_login(world.clerk.user)
    assert client.get("/portal/").status_code == 403


def test_the_retailer_orders_online_and_sees_the_order() -> None:
    world = make_world(on=timezone.localdate(), allowance=10)
    client = _client(_shop(world))
    form = client.get("/portal/order/").content.decode()
    assert f'name="qty-{world.scarce.code}"' in form and f'name="qty-{world.plain.code}"' in form
    key = form.split('name="key" value="')[1].split('"')[0]
    data = {"key": key, f"qty-{world.scarce.code}": "3", f"qty-{world.plain.code}": "7"}
    response = client.post("/portal/order/", data)
    assert response.status_code == 302 and response.url == "/portal/orders/"
    order = Order.objects.get()
    assert (order.retailer, order.channel, order.entered_by) == (
        world.retailer,
        "online",
        RetailerLogin.objects.get().user,
    )
    assert MonthlyQuota.objects.get().ordered == 10 and Allowance.objects.get().ordered == 3
    assert client.post("/portal/order/", data).status_code == 302  # same key: the replay
    assert Order.objects.count() == 1
    assert order.order_no in client.get("/portal/orders/").content.decode()


def test_a_refused_order_shows_the_reason_beside_the_line_and_stores_nothing() -> None:
    world = make_world(on=timezone.localdate(), allowance=2)
    client = _client(_shop(world))
    page = client.post(
        "/portal/order/", {"key": "k-1", f"qty-{world.scarce.code}": "5"}
    ).content.decode()
    row = page.split(f'name="qty-{world.scarce.code}"')[1].split("</tr>")[0]
    assert "本周配额2条" in row and 'value="5"' in row  # the reason beside what was typed
    assert "订单未提交" in page
    assert not Order.objects.exists() and Allowance.objects.get().ordered == 0
    twice = client.post("/portal/order/", {"key": "k-1", f"qty-{world.scarce.code}": "5"})
    assert "本周配额2条" in twice.content.decode()  # a double click replays the reasons too
    empty = client.post("/portal/order/", {"key": "k-2"}).content.decode()
    assert "订单没有任何品规行" in empty


def test_intake_and_api_keep_a_retailer_to_its_own_shop() -> None:
    world = make_world(on=timezone.localdate())
    other = make_retailer(area=world.retailer.area)
    login = _shop(world)
    lines = [{"sku": world.plain.code, "quantity": 1}]
    with pytest.raises(Forbidden, match="只能为本店订货"):
        submit_order(retailer=other, lines=lines, entered_by=login.user, channel="online")
    client = _client(login)
    body = {"retailer": world.retailer.licence_no, "lines": lines}
    ok = client.post("/api/v1/orders", json.dumps(body), content_type="application/json")
    assert ok.status_code == 201 and ok.json()["channel"] == "online"
    theirs = client.post(
        "/api/v1/orders",
        json.dumps({**body, "retailer": other.licence_no}),
        content_type="application/json",
    )
    # Another shop's licence reads as one nobody holds: a login learns nothing of it.
    assert theirs.status_code == 404 and Order.objects.count() == 1


def test_a_login_needs_a_free_username_a_good_password_and_one_per_retailer() -> None:
    world = make_world()
    _shop(world)
    with pytest.raises(Invalid) as taken:
        do_create_login(retailer=world.retailer, username="shop", password="x", by=None)
    fields = {(p.field, p.code) for p in taken.value.problems}
    assert {"username", "retailer", "password"} == {f for f, _ in fields}
    assert {("username", "username_taken"), ("retailer", "has_login")} <= fields
    other = make_retailer(area=world.retailer.area)
    with pytest.raises(Invalid) as empty:
        do_create_login(retailer=other, username=" ", password=PASSWORD, by=None)
    assert [(p.field, p.code) for p in empty.value.problems] == [("username", "username_empty")]
    for bad in ("x" * 151, "shop one"):
        with pytest.raises(Invalid) as refused:
            do_create_login(retailer=other, username=bad, password=PASSWORD, by=None)
        assert {(p.field, p.code) for p in refused.value.problems} == {
            ("username", "username_invalid")
        }
    assert RetailerLogin.objects.count() == 1


def test_the_order_page_puts_usual_skus_first_and_closes_scarce_ones_without_allowance() -> None:
    from datetime import timedelta

    from tests.factories import make_order, make_sku

    today = timezone.localdate()
    world = make_world(on=today, allowance=3)
    unallocated = make_sku(scarce=True)
    make_order(world.retailer, [(world.plain, 6)], on=today - timedelta(days=10))
    make_order(world.retailer, [(world.plain, 4)], on=today - timedelta(weeks=20))  # too old
    page = _client(_shop(world)).get("/portal/order/").content.decode()
    rows = page.split("<tbody>")[1].split("</tr>")
    assert f"qty-{world.plain.code}" in rows[0] and '<td class="num">6</td>' in rows[0]
    closed = next(r for r in rows if f"qty-{unallocated.code}" in r)
    assert "disabled" in closed
    open_scarce = next(r for r in rows if f"qty-{world.scarce.code}" in r)
    assert "disabled" not in open_scarce


def test_the_portal_bar_speaks_the_users_language() -> None:
    world = make_world(on=timezone.localdate())
    login = _shop(world)
    zh = _client(login).get("/portal/").content.decode()
    assert "本店" in zh and "我的订单" in zh and "My shop" not in zh
    en = Client(HTTP_ACCEPT_LANGUAGE="en")
    en.force_login(login.user)
    page = en.get("/portal/").content.decode()
    assert "My shop" in page and "This week's allowance and why" in page


def test_a_clerk_opens_a_login_on_the_retailer_page_and_a_manager_may_not() -> None:
    world = make_world(on=timezone.localdate())
    url = f"/retailers/{world.retailer.pk}/login/"
    manager = Client()
    manager.force_login(world.manager.user)
    assert manager.post(url, {"username": "shop", "password": PASSWORD}).status_code == 403
    clerk = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    clerk.force_login(world.clerk.user)
    page = clerk.get(f"/retailers/{world.retailer.pk}/").content.decode()
    assert 'id="open-login"' in page
    weak = clerk.post(url, {"username": "shop", "password": "123"}, follow=True)
    assert "密码" in weak.content.decode() and not RetailerLogin.objects.exists()
    done = clerk.post(url, {"username": "shop", "password": PASSWORD}, follow=True)
    login = RetailerLogin.objects.get()
    assert (login.retailer, login.created_by) == (world.retailer, world.clerk.user)
    shown = done.content.decode().split('id="portal-login">')[1].split("</td>")[0]
    assert "shop" in shown and world.clerk.user.username in shown and "open-login" not in shown


def test_the_retailer_withdraws_its_submitted_order_with_a_reason() -> None:
    from jinye.supply.models import OrderCancellation

    world = make_world(on=timezone.localdate(), allowance=10)
    login = _shop(world)
    client = _client(login)
    placed = submit_order(
        retailer=world.retailer,
        lines=[{"sku": world.scarce.code, "quantity": 4}],
        entered_by=login.user,
        channel="online",
    )
    assert placed.order is not None
    url = f"/portal/orders/{placed.order.pk}/cancel/"
    assert 'class="cancel-order"' in client.get("/portal/orders/").content.decode()
    client.post(url, {"reason": " "})
    assert Order.objects.get().status == "submitted"
    client.post(url, {"reason": "买重了"})
    assert Order.objects.get().status == "cancelled"
    assert Allowance.objects.get().ordered == 0 and MonthlyQuota.objects.get().ordered == 0
    record = OrderCancellation.objects.get()
    assert (record.cancelled_by, record.reason) == (login.user, "买重了")
    assert 'class="cancel-order"' not in client.get("/portal/orders/").content.decode()
    other = make_retailer(area=world.retailer.area)
    theirs = Order.objects.create(
        order_no="X1",
        retailer=other,
        order_date=timezone.localdate(),
        week=timezone.localdate(),
        channel="phone",
    )
    assert client.post(f"/portal/orders/{theirs.pk}/cancel/", {"reason": "x"}).status_code == 404


def test_the_retailer_sees_an_adjusted_allowance_with_its_reason() -> None:
    from jinye.supply.services import do_adjust_allowance
    from tests.factories import make_staff

    world = make_world(on=timezone.localdate(), allowance=10)
    director = make_staff("director", dept=world.retailer.area.department).user
    allowance = Allowance.objects.get(retailer=world.retailer)
    do_adjust_allowance(allowance=allowance, new_quantity=4, reason="货源临时短缺", user=director)
    login = _shop(world)
    home = _client(login).get("/portal/").content.decode()
    assert "测试营销部已调整为4条，原因：货源临时短缺" in home
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(login.user)
    home = english.get("/portal/").content.decode()
    assert "Adjusted by the marketing department to 4 cartons: 货源临时短缺" in home
