"""A retailer in a real browser: logs in to its own pages, reads its allowance and why, orders
online, is told beside the line what does not fit, and finds the order in its list."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jinye.orders.models import Order
from jinye.retailers.services import do_create_login
from tests.e2e.test_browse import shot
from tests.supply.factories import make_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_retailer_reads_its_allowance_then_orders_online(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    world = make_world(allowance=4, on=timezone.localdate())
    do_create_login(retailer=world.retailer, username="shop", password="shop-Pass-2026", by=None)
    base = live_server.url
    page.goto(f"{base}/")
    page.fill("#id_username", "shop")
    page.fill("#id_password", "shop-Pass-2026")
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{base}/portal/")
    expect(page.locator("#supply-allowances")).to_contain_text(world.scarce.name)
    expect(page.locator("#quota-remaining")).to_have_text("100")
    shot(page, "portal-home")
    page.click("#go-order")
    # The SKU filter (static/jinye/page.js, no inline script) narrows the list as one types.
    page.fill("#sku-filter", world.scarce.code)
    expect(page.locator(f"input[name=qty-{world.plain.code}]")).to_be_hidden()
    expect(page.locator(f"input[name=qty-{world.scarce.code}]")).to_be_visible()
    page.fill("#sku-filter", "")
    page.fill(f"input[name=qty-{world.scarce.code}]", "6")
    page.fill(f"input[name=qty-{world.plain.code}]", "2")
    page.click("#place-order")
    expect(page.locator("#order-errors")).to_be_visible()
    expect(page.locator("tr.error")).to_contain_text("剩余4条")
    shot(page, "portal-order-refused")
    assert not Order.objects.exists()
    page.fill(f"input[name=qty-{world.scarce.code}]", "4")
    page.click("#place-order")
    expect(page).to_have_url(f"{base}/portal/orders/")
    order = Order.objects.get()
    expect(page.locator("table.orders")).to_contain_text(order.order_no)
    assert order.channel == "online" and order.retailer == world.retailer
    page.goto(f"{base}/portal/")
    expect(page.locator("#quota-remaining")).to_have_text("94")
