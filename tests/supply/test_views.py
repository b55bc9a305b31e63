"""Supply pages: runs with explanations and publishing, quota review and adjustment, clerk
order entry with per-line errors, and the retailer page's panel — in Chinese, scoped."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from jinye.orders.models import Order
from jinye.supply.models import AllocationRun, MonthlyQuota, QuotaAdjustment, SkuSupplyRule
from jinye.supply.services import do_allocate
from jinye.supply.views import PAGE_SIZE
from tests.factories import make_area, make_department, make_retailer, make_sku, make_staff
from tests.supply.factories import make_world

pytestmark = pytest.mark.django_db


def _client(staff) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(staff.user)
    return client


def _run():  # type: ignore[no-untyped-def]
    dept = make_department()
    area = make_area(dept)
    mine_manager = make_staff("customer_manager", area=area)
    mine = make_retailer(manager=mine_manager)
    other = make_retailer(area=area, name="别人的店")
    sku = make_sku(scarce=True)
    SkuSupplyRule.objects.create(sku=sku, method="max_min_fair")
    run = do_allocate(
        week=date(2026, 11, 30),
        sku=sku,
        department=dept,
        supply=5,
        requests={mine.pk: 4, other.pk: 4},
    )
    return dept, mine_manager, mine, run


def test_run_page_shows_chart_and_only_own_retailers_to_a_customer_manager() -> None:
    dept, manager, mine, run = _run()
    html = _client(manager).get(f"/supply/runs/{run.pk}/").content.decode()
    assert "配额及原因" in html and "tier-chart" in html
    assert mine.name in html and "别人的店" not in html
    assert "发布配额" not in html
    assert "紧俏品规投放" in _client(manager).get("/supply/").content.decode()


def test_director_publishes_others_may_not() -> None:
    dept, manager, _, run = _run()
    assert _client(manager).post(f"/supply/runs/{run.pk}/publish/").status_code == 403
    director = make_staff("director", dept=dept)
    page = _client(director).get(f"/supply/runs/{run.pk}/").content.decode()
    step = page.split('<details class="confirm" id="publish-step">')[1].split("</details>")[0]
    assert "发布配额" in step and 'name="confirm"' in step and "确认发布" in step
    assert f"发布给 {run.retailer_count} 户" in step
    skipped = _client(director).post(f"/supply/runs/{run.pk}/publish/", follow=True)
    assert "未发布" in skipped.content.decode()  # the confirmation step was not taken
    assert AllocationRun.objects.get().status == "draft"
    response = _client(director).post(
        f"/supply/runs/{run.pk}/publish/", {"confirm": "yes"}, follow=True
    )
    assert "已发布" in response.content.decode()
    assert AllocationRun.objects.get().status == "published"


def test_quota_review_flags_and_adjustment_needs_reason() -> None:
    world = make_world(on=timezone.localdate())
    director = make_staff("director", dept=world.retailer.area.department)
    quota = MonthlyQuota.objects.get()
    client = _client(director)
    page = client.get("/supply/quotas/").content.decode()
    assert "月度总量评审" in page and world.retailer.name in page
    client.post(f"/supply/quotas/{quota.pk}/adjust/", {"ceiling": "150", "reason": ""})
    assert not QuotaAdjustment.objects.exists()
    client.post(f"/supply/quotas/{quota.pk}/adjust/", {"ceiling": "150", "reason": "月末断供"})
    assert QuotaAdjustment.objects.get().new_ceiling == 150
    assert _client(world.manager).post(f"/supply/quotas/{quota.pk}/adjust/", {}).status_code == 403


def test_clerk_order_entry_shows_per_line_errors_then_places_the_order() -> None:
    world = make_world(on=timezone.localdate())
    client = _client(world.clerk)
    form = {
        "retailer": world.retailer.licence_no,
        "sku": [world.plain.code, "NOPE"],
        "quantity": ["2.5", "1"],
        "key": "form-1",
    }
    html = client.post("/supply/orders/new/", form).content.decode()
    assert (
        "订单未提交成功" in html and "第1行" in html and "不是整数条" in html and "不存在" in html
    )
    assert not Order.objects.exists()
    form = {**form, "sku": [world.scarce.code, ""], "quantity": ["3", ""], "key": "form-2"}
    response = client.post("/supply/orders/new/", form, follow=True)
    assert "已提交" in response.content.decode()
    order = Order.objects.get()
    assert order.channel == "phone" and order.entered_by == world.clerk.user


def test_retailer_page_shows_this_weeks_allowance_and_monthly_total() -> None:
    world = make_world(on=timezone.localdate())
    html = _client(world.manager).get(f"/retailers/{world.retailer.pk}/").content.decode()
    assert "本周配额及原因" in html
    assert 'id="quota-ceiling">100<' in html


def test_pages_need_staff() -> None:
    world = make_world()
    stranger = make_staff("deliverer", dept=world.retailer.area.department)
    assert _client(stranger).get("/supply/orders/new/").status_code == 403


def test_director_adjusts_a_published_allowance_with_a_reason() -> None:
    from jinye.supply.models import Allowance, AllowanceAdjustment
    from jinye.supply.services import do_publish

    dept, manager, mine, run = _run()
    director = make_staff("director", dept=dept)
    allowance = Allowance.objects.get(run=run, retailer=mine)
    url = f"/supply/runs/{run.pk}/allowances/{allowance.pk}/adjust/"
    client = _client(director)
    client.post(url, {"quantity": "4", "reason": "补货到位"})
    assert not AllowanceAdjustment.objects.exists()  # a draft is re-run, not adjusted
    do_publish(run=run, user=director.user)
    assert "补货到位" not in client.get(f"/supply/runs/{run.pk}/").content.decode()
    client.post(url, {"quantity": "4", "reason": ""})
    client.post(url, {"quantity": "x", "reason": "补货到位"})
    assert not AllowanceAdjustment.objects.exists()
    refused = client.post(url, {"quantity": "4", "reason": "补货到位"}, follow=True)
    assert "超出货源5条" in refused.content.decode()  # over the supply without the override
    assert not AllowanceAdjustment.objects.exists()
    html = client.post(
        url, {"quantity": "4", "reason": "补货到位", "override": "on"}, follow=True
    ).content.decode()
    assert "配额已调整" in html
    assert "经特批调整，本次投放超出货源" in html
    adjustment = AllowanceAdjustment.objects.get()
    assert (adjustment.new_quantity, adjustment.reason, adjustment.adjusted_by) == (
        4,
        "补货到位",
        director.user,
    )
    run.refresh_from_db()
    assert run.allocated == 5 - allowance.quantity + 4
    assert _client(manager).post(url, {"quantity": "9", "reason": "x"}).status_code == 403


def test_clerk_cancels_an_order_they_entered_with_a_reason_and_is_recorded() -> None:
    world = make_world(on=timezone.localdate())
    client = _client(world.clerk)
    form = {"retailer": world.retailer.licence_no, "sku": [world.scarce.code], "quantity": ["3"]}
    client.post("/supply/orders/new/", {**form, "key": "c-1"})
    order = Order.objects.get()
    page = client.get("/supply/orders/new/").content.decode()
    assert "您最近录入的订单" in page and order.order_no in page and "取消订单" in page
    client.post(f"/supply/orders/{order.pk}/cancel/", {"reason": ""})
    order.refresh_from_db()
    assert order.status == "submitted"
    response = client.post(f"/supply/orders/{order.pk}/cancel/", {"reason": "客户来电取消"})
    order.refresh_from_db()
    assert response.status_code == 302 and order.status == "cancelled"
    assert order.cancellation.cancelled_by == world.clerk.user
    assert MonthlyQuota.objects.get().ordered == 0
    assert "客户来电取消" in client.get("/supply/orders/new/").content.decode()
    manager = _client(world.manager)
    assert manager.post(f"/supply/orders/{order.pk}/cancel/", {"reason": "x"}).status_code == 403


def test_quota_review_pages_through_every_retailer_keeping_the_month() -> None:
    from tests.supply.factories import make_quota

    today = timezone.localdate()
    world = make_world(on=today)
    director = make_staff("director", dept=world.retailer.area.department)
    area = world.retailer.area
    for _ in range(PAGE_SIZE):
        make_quota(make_retailer(area=area), 50, on=today)
    client = _client(director)
    first = client.get("/supply/quotas/").content.decode()
    assert first.count('<tr class="flag-') == PAGE_SIZE
    month = today.strftime("%Y-%m")
    assert f"month={month}&amp;flag=&amp;page=2" in first
    second = client.get("/supply/quotas/", {"month": month, "page": 2}).content.decode()
    assert second.count('<tr class="flag-') == 1 and "第 2 页" in second
