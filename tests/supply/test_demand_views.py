"""六不准 pages: a customer manager records demand for their own retailers only; the area's
market manager verifies it or rejects it with a reason; a rejected record cannot be ordered."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jinye.errors import Conflict, Invalid
from jinye.supply.intake import submit_order
from jinye.supply.models import DemandRecord
from jinye.supply.services import do_reject_demand
from tests.factories import make_retailer, make_staff
from tests.supply.factories import make_demand, make_world

pytestmark = pytest.mark.django_db


def _client(staff) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(staff.user)
    return client


def test_customer_manager_records_demand_with_per_line_errors_first() -> None:
    world = make_world(on=timezone.localdate())
    client = _client(world.manager)
    assert "登记客户需求" in client.get("/supply/demands/new/").content.decode()
    form = {
        "retailer": world.retailer.licence_no,
        "sku": [world.plain.code, "", world.plain.code],
        "quantity": ["0", "3", "2"],
    }
    html = client.post("/supply/demands/new/", form).content.decode()
    assert "需求未登记成功" in html and "第1行" in html and "第2行：缺少品规代码" in html
    assert not DemandRecord.objects.exists()
    form = {**form, "sku": [world.plain.code, world.scarce.code], "quantity": ["4", "2"]}
    html = client.post("/supply/demands/new/", form, follow=True).content.decode()
    assert "已登记" in html and "待市场经理核实" in html
    demand = DemandRecord.objects.get()
    assert demand.lines == {world.plain.code: 4, world.scarce.code: 2}
    assert demand.recorded_by == world.manager and demand.recorded_on == timezone.localdate()


def test_customer_manager_cannot_record_for_another_managers_retailer() -> None:
    world = make_world()
    other = make_retailer(area=world.retailer.area, name="别人的店")
    form = {"retailer": other.licence_no, "sku": [world.plain.code], "quantity": ["1"]}
    html = _client(world.manager).post("/supply/demands/new/", form).content.decode()
    assert "不是您负责的客户" in html and not DemandRecord.objects.exists()
    assert _client(world.clerk).get("/supply/demands/new/").status_code == 403


def test_market_manager_verifies_and_rejects_with_a_reason() -> None:
    world = make_world()
    first = make_demand(world, {world.plain.code: 2}, verified=False)
    second = make_demand(world, {world.plain.code: 3}, verified=False)
    client = _client(world.market_manager)
    page = client.get("/supply/demands/").content.decode()
    assert f'id="demand-{first.pk}"' in page and "核实签字" in page
    client.post(f"/supply/demands/{first.pk}/verify/")
    client.post(f"/supply/demands/{second.pk}/reject/", {"reason": ""})
    second.refresh_from_db()
    assert second.rejected_at is None
    client.post(f"/supply/demands/{second.pk}/reject/", {"reason": "客户未报送此需求"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.verified_by == world.market_manager and first.verified_at is not None
    assert second.rejected_by == world.market_manager
    assert second.rejection_reason == "客户未报送此需求"
    assert "没有需求记录" in client.get("/supply/demands/").content.decode()
    assert "客户未报送此需求" in client.get("/supply/demands/?all=1").content.decode()


def test_only_the_areas_market_manager_reviews() -> None:
    world = make_world()
    demand = make_demand(world, {world.plain.code: 2}, verified=False)
    assert _client(world.manager).post(f"/supply/demands/{demand.pk}/verify/").status_code == 403
    elsewhere = make_staff("market_manager", dept=world.retailer.area.department)
    assert _client(elsewhere).post(f"/supply/demands/{demand.pk}/verify/").status_code == 404
    demand.refresh_from_db()
    assert demand.verified_at is None


def test_a_rejected_demand_cannot_be_verified_or_ordered() -> None:
    world = make_world()
    demand = make_demand(world, {world.plain.code: 2}, verified=False)
    do_reject_demand(demand=demand, rejected_by=world.market_manager, reason="数量不实")
    with pytest.raises(Conflict, match="已被驳回") as exc:
        do_reject_demand(demand=demand, rejected_by=world.market_manager, reason="再驳回")
    assert exc.value.code == "already_rejected"
    with pytest.raises(Invalid, match="驳回") as refused:
        submit_order(
            retailer=world.retailer,
            lines=[{"sku": world.plain.code, "quantity": 2}],
            entered_by=world.manager.user,
            channel="visit",
            demand_record_id=demand.pk,
            on=demand.recorded_on + timedelta(days=1),
        )
    assert refused.value.code == "demand_rejected"
