"""Log in, see the drawn dashboard charts, search retailers, open one; scope is enforced."""

import os
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from jinye.org.models import Role
from tests.factories import (
    make_area,
    make_department,
    make_order,
    make_retailer,
    make_sku,
    make_staff,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-12345678"


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    dept = make_department()
    area = make_area(dept)
    make_staff(Role.DIRECTOR, dept=dept, username="director")
    cm1 = make_staff(Role.CUSTOMER_MANAGER, area=area, username="cm1")
    cm2 = make_staff(Role.CUSTOMER_MANAGER, area=area, username="cm2")
    sku_hi, sku_lo = make_sku(wholesale="120.00"), make_sku(wholesale="20.00", transfer="17.00")
    mine = make_retailer(manager=cm1, name="红旗超市", licence_no="420300000001")
    theirs = make_retailer(manager=cm2, name="幸福便利店", licence_no="420300000002")
    monday = date(2026, 11, 16)
    for week in range(1, 30):
        on = monday - timedelta(weeks=week)
        make_order(mine, [(sku_hi, 20 + week), (sku_lo, 10)], on=on)
        make_order(theirs, [(sku_lo, 40)], on=on + timedelta(days=2))
    make_order(mine, [(sku_hi, 5)], on=monday)  # latest order → last full week is 2026-11-09
    return {"mine": mine, "theirs": theirs}


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/accounts/login/?next=/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{base}/")


def shot(page: Page, name: str) -> None:
    """Save a screenshot when JINYE_E2E_SHOTS names a folder (for looking at the pages)."""
    folder = os.environ.get("JINYE_E2E_SHOTS")
    if folder:
        page.wait_for_timeout(1500)  # let the chart animations finish
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def assert_drawn(page: Page, selector: str) -> None:
    canvas = page.locator(f"{selector} canvas").first
    expect(canvas).to_be_attached()
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    size = canvas.evaluate("c => [c.width, c.height]")
    assert size[0] > 0 and size[1] > 0


def test_director_dashboard_list_detail(page: Page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    log_in(page, base, "director")
    expect(page.locator("#week-label")).to_contain_text("2026-11-09")
    expect(page.locator("#retailer-open")).to_have_text("2")
    assert_drawn(page, "#weekly-chart")
    assert_drawn(page, "#structure-chart")
    shot(page, "dashboard")

    page.click("nav >> text=零售客户")
    expect(page.locator("table.list tbody tr")).to_have_count(2)
    page.fill("input[name=q]", "红旗")
    page.click("form.filters button[type=submit]")
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    shot(page, "list")
    page.click("text=红旗超市")
    expect(page.locator("h1")).to_contain_text("红旗超市")
    expect(page.locator("#class-code")).to_have_text("CZ")
    assert_drawn(page, "#retailer-chart")
    shot(page, "detail")


def test_customer_manager_gets_404_for_other_managers_retailer(
    page: Page, live_server, world
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    log_in(page, base, "cm1")
    expect(page.locator("#retailer-open")).to_have_text("1")
    ok = page.goto(f"{base}/retailers/{world['mine'].pk}/")
    assert ok is not None and ok.status == 200
    denied = page.goto(f"{base}/retailers/{world['theirs'].pk}/")
    assert denied is not None and denied.status == 404
