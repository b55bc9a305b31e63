"""The main pages run as many SQL queries for 2N retailers as for N (no N+1), for every role.

Each page is requested once to warm up, then once with its queries counted; the county then
doubles (retailers, their orders, survey counts and stock) and the count must not change.
"""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jinye.org.models import Role, Staff
from jinye.targets.models import AnnualTarget, InventorySurvey, MonthTarget, StockCount
from tests.factories import make_area, make_order, make_retailer, make_sku, make_staff

pytestmark = pytest.mark.django_db

ROLES = ["director", "mm", "cm", "clerk", "deliverer", "inspector"]


@pytest.fixture
def county(dept) -> dict:  # type: ignore[no-untyped-def]
    """Two areas with two customer managers each, a target for the year and a survey."""
    today = timezone.localdate()
    a, b = make_area(dept, code="A"), make_area(dept, code="B")
    people = {
        "director": make_staff(Role.DIRECTOR, dept=dept),
        "mm": make_staff(Role.MARKET_MANAGER, area=a),
        "clerk": make_staff(Role.ORDER_CLERK, dept=dept),
        "deliverer": make_staff(Role.DELIVERER, dept=dept),
        "inspector": make_staff(Role.INSPECTOR, dept=dept),
    }
    managers = [make_staff(Role.CUSTOMER_MANAGER, area=area) for area in (a, a, b, b)]
    people["cm"] = managers[0]
    target = AnnualTarget.objects.create(
        department=dept, year=today.year, volume_cases=24_000, revenue=1, basis="even"
    )
    MonthTarget.objects.bulk_create(
        MonthTarget(target=target, area=area, month=m, volume_cases=1_000, revenue=0)
        for area in (a, b)
        for m in range(1, 13)
    )
    survey = InventorySurvey.objects.create(
        department=dept, name="全采", taken_on=today - timedelta(days=3)
    )
    return {
        "people": people,
        "managers": managers,
        "skus": [make_sku(), make_sku(wholesale="20.00", transfer="17.00")],
        "survey": survey,
        "today": today,
    }


def grow(county: dict, per_manager: int) -> None:
    """Add ``per_manager`` retailers to every customer manager, each with orders this week,
    last week, last year, and a stock count in the survey."""
    today: date = county["today"]
    hi, lo = county["skus"]
    survey: InventorySurvey = county["survey"]
    for manager in county["managers"]:
        for _ in range(per_manager):
            r = make_retailer(manager=manager)
            for day in (today, today - timedelta(days=7), today - timedelta(days=365)):
                make_order(r, [(hi, 10), (lo, 5)], on=day)
            survey.retailers.add(r)
            StockCount.objects.create(survey=survey, retailer=r, sku=hi, cartons=30)


def count_queries(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


PAGES: dict[str, Callable[[dict], str]] = {
    "dashboard": lambda c: "/",
    "retailers": lambda c: "/retailers/",
    "targets": lambda c: "/targets/",
    "survey": lambda c: f"/targets/surveys/{c['survey'].pk}/",
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_query_count_does_not_grow_with_retailers(county, role: str, page: str):
    staff: Staff = county["people"][role]
    client = Client()
    client.force_login(staff.user)
    url = PAGES[page](county)
    grow(county, 2)
    small = count_queries(client, url)
    grow(county, 2)
    assert count_queries(client, url) == small


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_runs_fewer_than_30_queries(county, role: str):
    """Issue 14's budget: one dashboard request, every figure on it, under 30 queries."""
    client = Client()
    client.force_login(county["people"][role].user)
    grow(county, 1)
    assert count_queries(client, "/") < 30
