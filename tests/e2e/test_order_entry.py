"""The clerk's order entry in a real browser: an over-allowance line is answered on its own
line, the corrected order is placed."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jinye.orders.models import Order
from tests.e2e.test_browse import log_in, shot
from tests.factories import make_brand, make_retailer
from tests.supply.factories import make_quota, make_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_clerk_sees_the_over_allowance_line_then_places_the_order(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    world = make_world(allowance=10, on=timezone.localdate())
    base = live_server.url
    log_in(page, base, world.clerk.user.username)
    page.goto(f"{base}/supply/orders/new/")
    page.fill("input[name=retailer]", world.retailer.licence_no)
    skus, quantities = page.locator("input[name=sku]"), page.locator("input[name=quantity]")
    skus.nth(0).fill(world.plain.code)
    quantities.nth(0).fill("2")
    skus.nth(1).fill(world.scarce.code)
    quantities.nth(1).fill("11")
    page.click("#submit-order")
    errors = page.locator("#order-errors")
    expect(errors).to_contain_text("订单未提交成功")
    expect(errors).to_contain_text(f"第2行 {world.scarce.name}：数量须在1–10条之间")
    expect(errors).to_contain_text("剩余10条")
    shot(page, "order-entry-rejected")
    assert not Order.objects.exists()
    expect(page.locator("input[name=quantity]").nth(1)).to_have_value("11")
    page.locator("input[name=quantity]").nth(1).fill("10")
    page.click("#submit-order")
    expect(page.locator("body")).to_contain_text("已提交")
    expect(page.locator("#order-errors")).to_have_count(0)
    order = Order.objects.get()
    assert sorted(order.lines.values_list("sku__code", "quantity")) == sorted(
        [(world.plain.code, 2), (world.scarce.code, 10)]
    )
    assert order.entered_by == world.clerk.user and order.channel == "phone"


def test_clerk_on_a_phone_finds_the_shop_by_name_and_skus_by_brand(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    world = make_world(allowance=10, on=timezone.localdate())
    shop = make_retailer(manager=world.manager, name="张三便利店", owner="张三")
    make_quota(shop, 100, on=timezone.localdate())
    make_retailer(manager=world.manager, name="<b>李四</b>烟酒行", owner="李四")
    world.plain.brand = make_brand("红塔山")
    world.plain.name = "红塔山(硬经典)"
    world.plain.save()
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    base = live_server.url
    log_in(page, base, world.clerk.user.username)
    page.goto(f"{base}/supply/orders/new/")
    page.fill("input[name=retailer]", "张三便利")
    page.locator("#retailer-suggestions button", has_text="张三便利店").click()
    expect(page.locator("input[name=retailer]")).to_have_value(shop.licence_no)
    expect(page.locator("#retailer-panel")).to_contain_text("张三便利店")
    sku = page.locator("input[name=sku]").nth(0)
    sku.fill("红塔山")
    page.locator("#entry-lines .suggestions button", has_text="红塔山(硬经典)").click()
    expect(sku).to_have_value(world.plain.code)
    page.locator("input[name=quantity]").nth(0).fill("3")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways: {width} px"
    shot(page, "order-entry-phone")
    page.fill("input[name=retailer]", "烟酒行")
    typed = page.locator("#retailer-suggestions button")
    expect(typed).to_contain_text("<b>李四</b>烟酒行")  # shown as typed, never as markup
    expect(page.locator("#retailer-suggestions b")).to_have_count(0)
    page.fill("input[name=retailer]", shop.licence_no)
    page.click("#submit-order")
    expect(page.locator("body")).to_contain_text("已提交")
    order = Order.objects.get()
    assert order.retailer == shop
    assert list(order.lines.values_list("sku__code", "quantity")) == [(world.plain.code, 3)]
    context.close()
