"""The director allocates a week's scarce SKU and publishes it in a real browser (1400×900),
without leaving the web."""

from datetime import date

import pytest
from playwright.sync_api import expect

from jinye.supply.models import AllocationRun, SkuSupplyRule
from tests.e2e.test_browse import log_in, shot
from tests.factories import (
    make_area,
    make_department,
    make_order,
    make_retailer,
    make_sku,
    make_staff,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_director_runs_and_publishes_an_allocation(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    dept = make_department()
    area = make_area(dept)
    sku = make_sku(scarce=True)
    SkuSupplyRule.objects.create(sku=sku, method="max_min_fair")
    for i in range(3):
        make_order(make_retailer(area=area), [(sku, 4 + i)], on=date(2026, 11, 24))
    director = make_staff("director", dept=dept)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    base = live_server.url
    log_in(page, base, director.user.username)
    page.goto(f"{base}/supply/")
    page.click("#new-run")
    page.fill("input[name=week]", "2026-W49")
    page.fill(f"input[name=supply_{sku.code}]", "9")
    page.click("#run-allocation")
    expect(page.locator("body")).to_contain_text("已生成分配草稿")
    page.click("#runs a")
    expect(page.locator("#run-supply")).to_have_text("9")
    expect(page.locator("#tier-chart")).to_be_visible()
    shot(page, "allocation-draft")
    page.click("#publish-week")
    expect(page.locator("#to-publish")).to_contain_text(sku.name)
    assert AllocationRun.objects.get().status == "draft"
    page.click("#confirm-publish")
    expect(page.locator("body")).to_contain_text("已发布 1 个品规")
    assert AllocationRun.objects.get().status == "published"
    context.close()
