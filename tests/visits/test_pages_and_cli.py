"""Pages render for each role; the panel tag; the CLI plans a month and reports coverage."""

import pytest
from django.template import Context, Template
from django.test import Client
from typer.testing import CliRunner

from jinye.cli import app
from jinye.org.models import Role
from jinye.visits.models import PlanStop, VisitPlan
from jinye.visits.services import do_generate_month_plans, do_record_visit
from tests.factories import make_staff
from tests.visits.factories import LATER, at, fix_stars, make_cm_with_retailers

pytestmark = pytest.mark.django_db


def test_rules_page_shows_forms_to_the_director_and_a_table_to_others():
    cm, _ = make_cm_with_retailers(1)
    director = make_staff(Role.DIRECTOR, dept=cm.department)
    c = Client()
    c.force_login(director.user)
    body = c.get("/visits/rules/").content.decode()
    assert 'value="generate"' in body and "-cm_visits" in body
    c.force_login(cm.user)
    body = c.get("/visits/rules/").content.decode()
    assert 'value="generate"' not in body and "cm_visits" not in body


def test_director_generates_plans_from_the_rules_page(monkeypatch):
    fix_stars(monkeypatch, {})
    cm, _ = make_cm_with_retailers(3)
    director = make_staff(Role.DIRECTOR, dept=cm.department)
    c = Client()
    c.force_login(director.user)
    resp = c.post("/visits/rules/", {"action": "generate", "m-month": "2026-12"})
    assert resp.status_code == 302
    assert VisitPlan.objects.filter(staff=cm, month="2026-12").exists()
    bad = c.post("/visits/rules/", {"action": "close", "m-month": "12/2026"})
    assert bad.status_code == 200 and bad.context["month_form"].errors["month"]


def test_plans_list_redirects_a_customer_manager_to_their_plan(monkeypatch):
    fix_stars(monkeypatch, {})
    cm, _ = make_cm_with_retailers(2)
    do_generate_month_plans(department=cm.department, month="2026-12")
    c = Client()
    c.force_login(cm.user)
    resp = c.get("/visits/", {"month": "2026-12"})
    assert resp.status_code == 302 and resp.url == f"/visits/plan/{cm.pk}/2026-12/"


def test_visit_panel_lists_the_retailers_visits(monkeypatch):
    fix_stars(monkeypatch, {})
    cm, (r,) = make_cm_with_retailers(1)
    do_record_visit(
        user=cm.user,
        retailer_id=r.pk,
        checked_in_at=at(2026, 12, 3),
        guidance=True,
        guidance_content="调整陈列位置",
        now=LATER,
    )
    html = Template("{% load visits_tags %}{% visit_panel retailer %}").render(
        Context({"retailer": r, "staff": cm})
    )
    assert "调整陈列位置" in html and f"?retailer={r.pk}" in html
    clerk = make_staff(Role.ORDER_CLERK, dept=cm.department)
    as_clerk = Template("{% load visits_tags %}{% visit_panel retailer %}").render(
        Context({"retailer": r, "staff": clerk})
    )
    assert "调整陈列位置" in as_clerk and f"?retailer={r.pk}" not in as_clerk


def test_cli_plans_a_month_and_reports_coverage(monkeypatch):
    fix_stars(monkeypatch, {})
    cm, rs = make_cm_with_retailers(4)
    monkeypatch.setattr("jinye.clikit.setup_django", lambda: None)
    monkeypatch.setattr("jinye.visits.cli.setup_django", lambda: None)
    runner = CliRunner()
    result = runner.invoke(app, ["plan-visits", "--month", "2026-12"])
    assert result.exit_code == 0, result.output
    assert PlanStop.objects.filter(plan_day__plan__staff=cm).count() == 16
    result = runner.invoke(app, ["coverage", "--month", "2026-12"])
    assert result.exit_code == 0, result.output
    assert "not visited this month: 4" in result.output
    bad = runner.invoke(app, ["plan-visits", "--month", "2026-13"])
    assert bad.exit_code == 2 and "YYYY-MM" in bad.output
