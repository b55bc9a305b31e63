"""Pages reading a period from the query string answer bad input with a message, never a 500."""

import pytest
from django.test import Client
from django.utils import timezone

from jinye.org.models import Role
from tests.factories import make_staff
from tests.supply.factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(client, dept):
    staff = make_staff(Role.DIRECTOR, dept=dept)
    client.force_login(staff.user)
    return staff


@pytest.mark.parametrize("query", ["year=abc", "year=0000", "quarter=2026Q9", "quarter=９９９９Q1"])
def test_targets_refuses_a_bad_period_with_a_message(client, director, query):
    page = client.get(f"/targets/?{query}")
    assert page.status_code == 200
    assert "2000" in page.content.decode() and "2100" in page.content.decode()


def test_targets_reads_full_width_year(client, director):
    page = client.get("/targets/?year=２０２５")
    assert page.status_code == 200 and "· 2025" in page.content.decode()


@pytest.mark.parametrize("query", ["month=9999-12", "month=0000-01", "quarter=1999Q4"])
def test_report_refuses_a_bad_period_with_the_reason(client, director, query):
    page = client.get(f"/reports/?{query}")
    assert page.status_code == 400
    body = page.content.decode()
    assert "不是有效的" in body and "2000" in body and "2100" in body
    assert "一、总体情况" not in body  # no other period shown in its place


@pytest.mark.parametrize("month", ["0000-01", "9999-12", "2026-13", "abc"])
def test_supply_quotas_fall_back_to_this_month_with_a_message(client, director, month):
    page = client.get(f"/supply/quotas/?month={month}")
    assert page.status_code == 200
    assert "2000" in page.content.decode() and "2100" in page.content.decode()


def test_visit_plans_fall_back_to_this_month_with_a_message(client, director):
    page = client.get("/visits/?month=9999-12")
    assert page.status_code == 200
    assert "“9999-12”不是有效的月份" in page.content.decode()


def test_visit_plans_read_full_width_month(client, director):
    page = client.get("/visits/?month=２０２５-０３")
    assert page.status_code == 200 and "2025-03" in page.content.decode()


@pytest.mark.parametrize("week", ["2026-W54", "0000-01-01", "next"])
def test_allowance_api_refuses_a_bad_week_with_422(week):
    world = make_world(on=timezone.localdate())
    client = Client()
    client.force_login(world.clerk.user)
    response = client.get(
        f"/api/v1/retailers/{world.retailer.licence_no}/allowance", {"week": week}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "bad_week" and body["errors"][0]["field"] == "week"
    assert "2000" in body["detail"] and "2100" in body["detail"]
