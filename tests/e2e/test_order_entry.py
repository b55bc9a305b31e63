"""The clerk's order entry in a real browser: an over-allowance line is answered on its own
line, the corrected order is placed."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jinye.orders.models import Order
from tests.e2e.test_browse import log_in, shot
from tests.supply.factories import make_world

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
    expect(errors).to_contain_text(f"第2行 (quantity, {world.scarce.code})")
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
