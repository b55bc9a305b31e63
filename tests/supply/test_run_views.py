"""The director's runs on the web: a month's quotas and a week's allocation, through the
same services as ``jinye quotas`` / ``jinye allocate``; others are refused; bad input is
told on the field with its limit."""

from datetime import date

import pytest
from django.test import Client

from jinye.supply.models import (
    AllocationRun,
    Allowance,
    MonthlyQuota,
    SkuSupplyRule,
    WeeklySupply,
)
from jinye.supply.services import do_allocate, do_compute_quotas
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


def _scarce_world():  # type: ignore[no-untyped-def]
    dept = make_department()
    area = make_area(dept)
    skus = [make_sku(scarce=True), make_sku(scarce=True)]
    for sku in skus:
        SkuSupplyRule.objects.create(sku=sku, method="max_min_fair")
    for i in range(4):
        shop = make_retailer(area=area)
        make_order(shop, [(skus[0], 2 + 3 * i), (skus[1], 1 + i)], on=date(2026, 11, 24))
    return dept, skus, make_staff("director", dept=dept)


def _allowances(sku) -> dict[int, int]:  # type: ignore[no-untyped-def]
    return {a.retailer_id: a.quantity for a in Allowance.objects.filter(sku=sku)}


def test_director_allocates_a_week_as_the_cli_service_does() -> None:
    dept, skus, director = _scarce_world()
    client = _client(director)
    assert "new-run" in client.get("/supply/").content.decode()
    form = {"week": "2026-W49", "method": "", f"supply_{skus[0].code}": "7"}
    response = client.post("/supply/runs/new/", form)
    assert response.status_code == 302
    assert response["Location"].endswith("/supply/?week=2026-W49")
    run = AllocationRun.objects.get()
    assert (run.sku, run.supply, run.status) == (skus[0], 7, "draft")
    by_web = _allowances(skus[0])
    assert sum(by_web.values()) == run.allocated <= 7
    run.delete()
    do_allocate(week=date(2026, 11, 30), sku=skus[0], department=dept)
    assert _allowances(skus[0]) == by_web


def test_the_chosen_method_is_used_for_the_run() -> None:
    _, skus, director = _scarce_world()
    form = {"week": "2026-W49", "method": "proportional", f"supply_{skus[1].code}": "3"}
    _client(director).post("/supply/runs/new/", form)
    assert AllocationRun.objects.get(sku=skus[1]).method == "proportional"
    assert SkuSupplyRule.objects.get(sku=skus[1]).method == "max_min_fair"


@pytest.mark.parametrize(
    ("typed", "limit"),
    [("-1", "最少 0 条"), ("10000001", "10,000,000"), ("12x", "10,000,000"), ("1e9", "10,000,000")],
)
def test_a_bad_supply_is_told_on_its_field_with_the_limit(typed: str, limit: str) -> None:
    _, skus, director = _scarce_world()
    form = {"week": "2026-W49", f"supply_{skus[0].code}": typed}
    html = _client(director).post("/supply/runs/new/", form).content.decode()
    assert f"{skus[0].name} 的货源" in html and limit in html
    assert not AllocationRun.objects.exists() and not WeeklySupply.objects.exists()


def test_an_unknown_sku_or_week_is_refused() -> None:
    _, skus, director = _scarce_world()
    html = (
        _client(director)
        .post("/supply/runs/new/", {"week": "2026-W60", "supply_NOPE": "5"})
        .content.decode()
    )
    assert "没有代码为 NOPE 的紧俏品规" in html and 'class="errors"' in html
    assert not AllocationRun.objects.exists()


def test_others_may_not_run_or_publish_a_week() -> None:
    dept, skus, director = _scarce_world()
    manager = make_staff("market_manager", dept=dept)
    form = {"week": "2026-W49", f"supply_{skus[0].code}": "5"}
    response = _client(manager).post("/supply/runs/new/", form)
    assert response.status_code == 403 and "您无权" in response.content.decode()
    _client(director).post("/supply/runs/new/", form)
    assert _client(manager).post("/supply/weeks/2026-W49/publish/").status_code == 403
    assert AllocationRun.objects.get().status == "draft"


def test_publishing_a_week_asks_first_then_publishes_every_sku() -> None:
    _, skus, director = _scarce_world()
    client = _client(director)
    form = {"week": "2026-W49", f"supply_{skus[0].code}": "5", f"supply_{skus[1].code}": "4"}
    client.post("/supply/runs/new/", form)
    page = client.get("/supply/weeks/2026-W49/publish/").content.decode()
    assert skus[0].name in page and skus[1].name in page and "确认发布" in page
    client.post("/supply/weeks/2026-W49/publish/")
    assert set(AllocationRun.objects.values_list("status", flat=True)) == {"draft"}
    client.post("/supply/weeks/2026-W49/publish/", {"confirm": "yes"})
    assert set(AllocationRun.objects.values_list("status", flat=True)) == {"published"}
