"""The director's runs on the web: a month's quotas and a week's allocation, through the
same services as ``jinye quotas`` / ``jinye allocate``; others are refused; bad input is
told on the field with its limit."""

from datetime import date

import pytest
from django.test import Client

from jinye.supply.models import MonthlyQuota
from jinye.supply.services import do_compute_quotas
from tests.factories import (
    make_area,
    make_department,
    make_order,
    make_retailer,
    make_sku,
    make_staff,
)

pytestmark = pytest.mark.django_db


def _client(staff) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(staff.user)
    return client


def _shop(dept, n: int = 3):  # type: ignore[no-untyped-def]
    area = make_area(dept)
    sku = make_sku()
    shops = []
    for i in range(n):
        shop = make_retailer(area=area)
        make_order(shop, [(sku, 5 + 7 * i)], on=date(2026, 10, 14))
        make_order(shop, [(sku, 3 + 2 * i)], on=date(2026, 11, 10))
        shops.append(shop)
    return shops


def _quota_values() -> dict[int, tuple[int, int, int]]:
    return {
        q.retailer_id: (q.agreed, q.ceiling, q.ordered)
        for q in MonthlyQuota.objects.filter(month="2026-12")
    }


def test_director_computes_quotas_on_the_web_as_the_cli_service_does() -> None:
    dept = make_department()
    _shop(dept)
    director = make_staff("director", dept=dept)
    page = _client(director).get("/supply/quotas/?month=2026-12").content.decode()
    assert "compute-quotas" in page and "jinye quotas" not in page
    response = _client(director).post("/supply/quotas/compute/", {"month": "2026-12"})
    assert response.status_code == 302
    assert response["Location"].endswith("/supply/quotas/?month=2026-12")
    by_web = _quota_values()
    assert len(by_web) == 3
    MonthlyQuota.objects.all().delete()
    do_compute_quotas(month="2026-12", department=dept)
    assert _quota_values() == by_web


def test_others_may_not_compute_quotas_and_see_no_form() -> None:
    dept = make_department()
    _shop(dept)
    manager = make_staff("market_manager", dept=dept)
    response = _client(manager).post("/supply/quotas/compute/", {"month": "2026-12"})
    assert response.status_code == 403
    assert "计算月度总量" in response.content.decode()
    assert not MonthlyQuota.objects.exists()
    page = _client(manager).get("/supply/quotas/?month=2026-12").content.decode()
    assert "compute-quotas" not in page


@pytest.mark.parametrize("month", ["2026-13", "next month", "", "9999-99"])
def test_a_bad_month_is_told_on_the_form(month: str) -> None:
    dept = make_department()
    _shop(dept)
    director = make_staff("director", dept=dept)
    response = _client(director).post("/supply/quotas/compute/", {"month": month})
    assert response.status_code == 200
    assert 'class="errors"' in response.content.decode()
    assert not MonthlyQuota.objects.exists()
