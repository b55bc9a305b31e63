"""Stored XSS (issue 15 item 3): a retailer (and a brand) imported with an ``<img onerror>`` name
shows as text on every page and chart tooltip that shows it, no element is created from it and
no dialog opens; and the pages run under the Content-Security-Policy without a violation (so
no chart or page behaviour silently stopped when inline scripts were moved to static files)."""

from datetime import date

import pytest
from playwright.sync_api import ConsoleMessage, Dialog, Page, expect

from jinye.org.models import Role
from jinye.visits.models import PlanStop, VisitRule
from jinye.visits.services import do_generate_month_plans
from tests.factories import (
    make_area,
    make_brand,
    make_department,
    make_order,
    make_retailer,
    make_sku,
    make_staff,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-12345678"
EVIL = "<img src=x onerror=alert(1)>"
EVIL_BRAND = "<img src=y onerror=alert(2)>"


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    dept = make_department()
    area = make_area(dept)
    make_staff(Role.DIRECTOR, dept=dept, username="director")
    cm = make_staff(Role.CUSTOMER_MANAGER, area=area, username="cm1")
    evil = make_retailer(manager=cm, name=EVIL, latitude=32.80, longitude=110.50)
    plain = make_retailer(manager=cm, name="红旗超市", latitude=32.82, longitude=110.53)
    sku = make_sku(wholesale="120.00", transfer="100.00", brand=make_brand(EVIL_BRAND))
    other = make_sku(wholesale="20.00", transfer="17.00", brand=make_brand("红金龙"))
    for r in (evil, plain):
        make_order(r, [(sku, 40), (other, 5)], on=date(2026, 2, 10))
        make_order(r, [(sku, 10), (other, 30)], on=date(2025, 2, 11))
        make_order(r, [(sku, 3)], on=date(2026, 11, 16))
    # The browser tests before this one flushed the rules a migration seeds; new retailers
    # are visited four times a month, as that migration says.
    VisitRule.objects.get_or_create(
        star="NEW", defaults={"cm_visits": 4, "cm_period": "month", "mm_visits": 0}
    )
    do_generate_month_plans(department=dept, month="2026-12")
    return {"evil": evil, "cm": cm}


class Watch:
    """Dialogs opened and Content-Security-Policy violations reported while browsing."""

    def __init__(self, page: Page) -> None:
        self.dialogs: list[str] = []
        self.violations: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", self._console)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append(message.text)


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).not_to_have_url(f"{base}/accounts/login/")


def assert_inert(page: Page) -> None:
    """No element was made from a name: no <img> at all on these pages, no on* attribute."""
    made = page.evaluate(
        """() => [...document.querySelectorAll('img, [onerror], [onload]')]
                   .map(e => e.outerHTML)"""
    )
    assert made == []


def show_tip(page: Page, selector: str, series: int, index: int) -> str:
    """Open a chart's tooltip on one data point, as hovering it does; the tooltip's HTML."""
    page.wait_for_function(
        "s => window.echarts && echarts.getInstanceByDom(document.querySelector(s))", arg=selector
    )
    page.evaluate(
        """([s, series, index]) => echarts.getInstanceByDom(document.querySelector(s))
             .dispatchAction({type: 'showTip', seriesIndex: series, dataIndex: index})""",
        [selector, series, index],
    )
    tip = page.locator(f"{selector} > div").filter(has_not=page.locator("canvas")).last
    expect(tip).to_be_visible()
    return tip.inner_html()


def test_an_evil_retailer_name_is_text_everywhere(page: Page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    watch = Watch(page)
    log_in(page, base, "director")

    page.goto(f"{base}/retailers/?q=img")
    expect(page.locator("table.list tbody")).to_contain_text(EVIL)
    assert_inert(page)

    page.goto(f"{base}/retailers/{world['evil'].pk}/")
    expect(page.locator("h1")).to_contain_text(EVIL)
    assert EVIL in page.title()
    page.locator("#retailer-chart canvas").first.wait_for()
    assert_inert(page)

    # The visit-plan map: the scatter point's tooltip names the retailer (the reported hole).
    # The plan page shows one day's route at a time: open the day the evil retailer is on.
    stop = (
        PlanStop.objects.select_related("plan_day")
        .filter(retailer=world["evil"], plan_day__plan__month="2026-12")
        .earliest("plan_day__day")
    )
    page.goto(f"{base}/visits/plan/{world['cm'].pk}/2026-12/?day={stop.plan_day.day.isoformat()}")
    expect(page.locator("main table").first).to_be_visible()
    points = page.evaluate(
        "() => JSON.parse(document.getElementById('route-data').textContent).days[0]"
        ".points.map(p => p[2])"
    )
    html = show_tip(page, "#route-chart", 1, points.index(EVIL))
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html
    expect(page.locator("#route-chart")).to_contain_text(EVIL)
    assert_inert(page)

    # The operation report: the brand chart's tooltip and the movers table.
    page.goto(f"{base}/reports/?quarter=2026Q1")
    expect(page.locator("main")).to_contain_text(EVIL_BRAND)
    categories = page.evaluate(
        "() => JSON.parse(document.getElementById('report-charts').textContent).brands.categories"
    )
    html = show_tip(page, "#chart-brands", 0, categories.index(EVIL_BRAND))
    assert "&lt;img src=y onerror=alert(2)&gt;" in html and "<img" not in html
    assert_inert(page)

    page.goto(f"{base}/visits/coverage/?start=2026-12-01&end=2026-12-31")
    expect(page.locator("main")).to_contain_text(EVIL)
    assert_inert(page)

    # The API docs (Swagger UI, served from our static files) run under the same policy.
    page.goto(f"{base}/api/v1/docs")
    expect(page.locator(".swagger-ui .info")).to_contain_text("Jinye")

    # The customer manager's browser: the dashboard and their own plan.
    page.context.clear_cookies()
    log_in(page, base, "cm1")
    page.locator("#weekly-chart canvas").first.wait_for()
    page.goto(f"{base}/visits/plan/{world['cm'].pk}/2026-12/?day={stop.plan_day.day.isoformat()}")
    expect(page.locator("main")).to_contain_text(EVIL)
    page.locator("#route-chart canvas").first.wait_for()
    assert_inert(page)
    # The language menu submits itself on change (static/jinye/page.js).
    page.select_option("select[name=language]", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main")).to_contain_text("Visit plan")
    assert watch.dialogs == [] and watch.violations == []
