"""On a phone (390×844): no page of any demo role slides sideways, and a customer manager works
through today's route, landing back on it after each visit.

One browser session per role walks that role's whole menu (the CI machine has two cores)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from jinye.demo.activity import derive_demo_activity
from jinye.demo.build import DEMO_ACCOUNTS, DEMO_PASSWORD, build_demo_county
from jinye.visits.models import Visit
from tests.visits.factories import make_cm_with_retailers, make_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SIDEWAYS = "document.documentElement.scrollWidth - window.innerWidth"
# What sticks out on the right (for the failure message): elements wider than the screen
# that no scrolling box of their own holds.
STICKING_OUT = """() => {
  const out = [];
  for (const e of document.querySelectorAll("body *")) {
    const r = e.getBoundingClientRect();
    if (r.right <= innerWidth + 1 || r.width === 0) continue;
    let p = e.parentElement, held = false;
    for (; p && !held; p = p.parentElement) held = getComputedStyle(p).overflowX !== "visible";
    if (!held) out.push(`${e.tagName}.${e.className} right=${Math.round(r.right)}`);
  }
  return out.slice(0, 3);
}"""


def sign_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def sideways(page: Page, what: str) -> list[str]:
    extra = page.evaluate(SIDEWAYS)
    return [] if extra <= 0 else [f"{what}: {extra}px too wide {page.evaluate(STICKING_OUT)}"]


def test_no_page_of_any_demo_role_scrolls_sideways(browser: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    build_demo_county(seed=2026, today=today, replace=False, scale=0.03)
    derive_demo_activity(seed=2026, today=today)
    base, failures, seen = live_server.url, [], 0
    for account in DEMO_ACCOUNTS:
        context = browser.new_context(locale="zh-CN", viewport=PHONE)
        page = context.new_page()
        sign_in(page, base, account.username, DEMO_PASSWORD)
        menus = page.locator("header details.menu")
        for i in range(menus.count()):  # an open menu stays on the screen too
            menus.nth(i).locator("summary").click()
            failures += sideways(page, f"{account.username} menu {i + 1} open")
            menus.nth(i).locator("summary").click()
        hrefs = page.eval_on_selector_all("header nav a", "as => as.map(a => a.href)")
        for href in hrefs:
            response = page.goto(href)
            assert response is not None and response.status == 200, href
            failures += sideways(page, f"{account.username} {page.url[len(base) :]}")
            seen += 1
        context.close()
    assert seen >= 60, seen  # every role's menu was walked
    assert not failures, "\n".join(failures)


def test_a_customer_manager_records_two_visits_from_todays_route(
    browser: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    cm, retailers = make_cm_with_retailers(6, username="cm-phone")
    routes = {today + timedelta(days=k): retailers[2 * (k + 1) : 2 * (k + 2)] for k in (-1, 0, 1)}
    make_plan(cm, {day: route for day, route in routes.items() if day.month == today.month})
    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    sign_in(page, base, "cm-phone", "pw-12345678")
    page.click("header summary >> text=客户服务")
    page.click("header nav >> text=拜访计划")
    day = page.locator("#shown-day")
    expect(day).to_have_attribute("data-day", today.isoformat())
    box = day.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]  # on the first screen
    route_url = page.url
    for n, retailer in enumerate(routes[today], start=1):
        row = page.locator("table.route tbody tr").nth(n - 1)
        expect(row).to_contain_text(retailer.name)
        row.locator("a.button").click()
        expect(page.locator("#id_retailer")).to_have_value(str(retailer.pk))
        page.click("button >> text=保存拜访")
        expect(page).to_have_url(f"{base}/visits/plan/{cm.pk}/{today:%Y-%m}/?day={today}")
        expect(page.locator(".messages")).to_contain_text("拜访已登记")
        expect(row).to_contain_text("✓")
        assert Visit.objects.filter(retailer=retailer, stop__isnull=False).count() == 1
        assert page.evaluate(SIDEWAYS) <= 0
    assert route_url.startswith(f"{base}/visits/plan/{cm.pk}/")
    context.close()
