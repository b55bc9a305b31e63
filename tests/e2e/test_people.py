"""People pages in a browser: the KPI charts draw, and the committee approves a promotion."""

import pytest
from playwright.sync_api import Page, expect

from jinye.org.models import Role
from jinye.people.models import CareerDecision
from jinye.people.services import do_compute_kpis, do_run_career_window
from tests.factories import make_area, make_department, make_retailer, make_staff
from tests.people.factories import profile, scores

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-12345678"


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_kpi_charts_and_committee_approval(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    dept = make_department()
    area = make_area(dept)
    make_staff(Role.DIRECTOR, dept=dept, username="director")
    cm = make_staff(Role.CUSTOMER_MANAGER, area=area, username="cm1")
    make_retailer(manager=cm)
    do_compute_kpis(department=dept, month="2026-11")
    profile(cm, 3)
    scores(cm, ["2026-07", "2026-08", "2026-09"], 85)
    do_run_career_window(department=dept, window="2026Q3")

    base = live_server.url
    log_in(page, base, "director")
    page.goto(f"{base}/people/kpis/?month=2026-11")
    expect(page.locator("h1")).to_contain_text("客户经理考核")
    expect(page.locator("#rank-chart canvas")).to_have_count(1)
    expect(page.locator("#ranking")).to_contain_text(cm.name)

    page.goto(f"{base}/people/committee/")
    row = page.locator("#pending tbody tr").first
    expect(row).to_contain_text("晋级")
    row.locator("input[name=reason]").fill("三个月考核均分85，达到中级C标准")
    row.locator("button[value=approve]").click()
    expect(page.locator("#notices")).to_contain_text(cm.name)
    assert CareerDecision.objects.get(staff=cm).status == "notice"


def test_a_rejected_skip_shows_its_fallback_step(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    """Seed 004: 晋档 “可以自动晋升一档”. The committee page says what stands if the 跳档 is
    not approved; after the director rejects it, the person's page shows 初级C → 初级B with
    why, and the trail records it."""
    dept = make_department()
    area = make_area(dept)
    make_staff(Role.DIRECTOR, dept=dept, username="director")
    cm = make_staff(Role.CUSTOMER_MANAGER, area=area, username="cm1")
    profile(cm, 1, outstanding=True)
    scores(cm, ["2026-07", "2026-08", "2026-09"], 81)
    do_run_career_window(department=dept, window="2026Q3")

    base = live_server.url
    log_in(page, base, "director")
    page.goto(f"{base}/people/committee/")
    row = page.locator("#pending tbody tr").first
    expect(row).to_contain_text("跳档")
    expect(row.locator("em.fallback")).to_contain_text("自动晋升一档：初级C→初级B")
    row.locator("input[name=reason]").fill("贡献尚不突出")
    row.locator("button[value=reject]").click()
    expect(page.locator("#decided")).to_contain_text("跳档初级C→初级A未获考评委员会通过")

    page.goto(f"{base}/people/career/{cm.pk}/")
    expect(page.locator("#rank")).to_have_text("初级B")
    history = page.locator("#history tbody tr").first
    expect(history).to_contain_text("晋档")
    expect(history).to_contain_text("自动晋升一档：初级C→初级B")
    expect(page.locator("body")).to_contain_text("跳档（跳级）未获批准，按不跳档的评定执行")
