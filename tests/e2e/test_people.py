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
