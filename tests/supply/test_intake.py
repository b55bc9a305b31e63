"""Order intake: accepted orders move the counters; every rejection names line, field, reason
and writes nothing."""

import pytest

from jinye.errors import Conflict, Forbidden, Invalid, JinyeError
from jinye.orders.models import Order
from jinye.supply.intake import submit_order
from jinye.supply.models import Allowance, IdempotentRequest, MonthlyQuota
from tests.factories import make_retailer, make_sku, make_staff
from tests.supply.factories import DAY, make_demand, make_world

pytestmark = pytest.mark.django_db


def _submit(world, lines, *, staff=None, **kw):  # type: ignore[no-untyped-def]
    staff = staff or world.clerk
    return submit_order(
        retailer=world.retailer,
        lines=lines,
        entered_by=staff.user,
        channel=kw.pop("channel", "phone"),
        on=kw.pop("on", DAY),
        **kw,
    )


def _refused(world, lines, kind=Invalid, **kw) -> JinyeError:  # type: ignore[no-untyped-def]
    with pytest.raises(kind) as refused:
        _submit(world, lines, **kw)
    return refused.value


def _counters(world):  # type: ignore[no-untyped-def]
    quota = MonthlyQuota.objects.get(retailer=world.retailer)
    allowance = Allowance.objects.get(retailer=world.retailer, sku=world.scarce)
    return quota.ordered, allowance.ordered


def test_accepted_order_is_stored_with_channel_and_who_and_moves_counters() -> None:
    world = make_world()
    result = _submit(
        world,
        [{"sku": world.plain.code, "quantity": 5}, {"sku": world.scarce.code, "quantity": "4"}],
    )
    assert not result.replayed, result.body
    order = Order.objects.get()
    assert order.channel == "phone" and order.entered_by == world.clerk.user
    assert sorted(order.lines.values_list("quantity", flat=True)) == [4, 5]
    assert _counters(world) == (9, 4)
    assert result.body["total_quantity"] == 9


@pytest.mark.parametrize(
    ("quantity", "reason"),
    [
        (0, "必须大于0"),
        (-3, "必须大于0"),
        (2.5, "不是整数"),
        ("3.5", "不是整数"),
        (10**9, "超过单行上限"),
        (None, "必须是整数"),
    ],
)
def test_bad_quantities_are_rejected_per_line(quantity: object, reason: str) -> None:
    world = make_world()
    refused = _refused(
        world,
        [
            {"sku": world.plain.code, "quantity": 1},
            {"sku": world.plain.code + "X", "quantity": 1},
            {"sku": world.scarce.code, "quantity": quantity},
        ],
    )
    by_line = {(p.row, p.field): p.message for p in refused.problems}
    assert "不存在" in by_line[(2, "sku")]
    assert reason in by_line[(3, "quantity")]
    assert refused.problems[0].code == "sku_unknown"
    assert "第3行（quantity）" in str(refused)
    assert not Order.objects.exists()
    assert _counters(world) == (0, 0)


def test_inactive_and_duplicate_skus_are_rejected() -> None:
    world = make_world()
    old = make_sku(active=False)
    refused = _refused(
        world,
        [
            {"sku": old.code, "quantity": 1},
            {"sku": world.plain.code, "quantity": 1},
            {"sku": world.plain.code, "quantity": 2},
        ],
    )
    assert [p.code for p in refused.problems] == ["sku_inactive", "sku_repeated"]
    messages = [p.message for p in refused.problems]
    assert any("已停用" in m for m in messages) and any("重复" in m for m in messages)


def test_allowance_monthly_total_and_per_order_cap_are_enforced() -> None:
    world = make_world(ceiling=20, allowance=6, per_order_cap=5)
    over_cap = _refused(world, [{"sku": world.scarce.code, "quantity": 6}]).problems[0]
    assert over_cap.code == "over_order_cap" and "单品批次购进量5条" in over_cap.message
    assert _submit(world, [{"sku": world.scarce.code, "quantity": 4}]).order is not None
    over_allowance = _refused(world, [{"sku": world.scarce.code, "quantity": 3}]).problems[0]
    assert over_allowance.code == "over_allowance" and "剩余2条" in over_allowance.message
    over_month = _refused(world, [{"sku": world.plain.code, "quantity": 17}]).problems[0]
    assert over_month.row is None and "剩余16条" in over_month.message
    assert _counters(world) == (4, 4)


def test_scarce_sku_without_published_allowance_and_retailer_without_quota() -> None:
    world = make_world()
    other_scarce = make_sku(scarce=True)
    assert (
        "未向该客户投放"
        in _refused(world, [{"sku": other_scarce.code, "quantity": 1}]).problems[0].message
    )
    world.retailer = make_retailer(manager=world.manager)
    assert "尚未核定" in str(_refused(world, [{"sku": world.plain.code, "quantity": 1}]))


def test_idempotency_key_replays_the_first_answer() -> None:
    world = make_world()
    lines = [{"sku": world.scarce.code, "quantity": 2}]
    first = _submit(world, lines, idempotency_key="k-1")
    again = _submit(world, lines, idempotency_key="k-1")
    assert not first.replayed and again.replayed
    assert again.body == first.body
    assert Order.objects.count() == 1 and _counters(world) == (2, 2)
    other = [{"sku": world.scarce.code, "quantity": 3}]
    assert _refused(world, other, Conflict, idempotency_key="k-1").code == "key_reused"


def test_the_stored_answer_is_the_answer_given() -> None:
    world = make_world()
    first = _submit(world, [{"sku": world.plain.code, "quantity": 4}], idempotency_key="k-s")
    stored = IdempotentRequest.objects.get(key="k-s")
    assert first.order is not None and stored.order_id == first.order.pk == first.body["id"]
    assert stored.outcome == "accepted" and stored.response == first.body


def test_a_retry_replays_even_when_the_order_would_now_be_refused() -> None:
    world = make_world(allowance=3)
    lines = [{"sku": world.scarce.code, "quantity": 3}]
    first = _submit(world, lines, idempotency_key="k-r")
    again = _submit(world, lines, idempotency_key="k-r")  # the allowance is used up now
    assert not first.replayed and again.replayed and again.body == first.body
    assert Order.objects.count() == 1 and _counters(world) == (3, 3)


def test_a_retry_that_would_now_pass_replays_the_refusal_and_writes_nothing() -> None:
    world = make_world(allowance=3)
    lines = [{"sku": world.scarce.code, "quantity": 5}]
    refused = _refused(world, lines, idempotency_key="k-n")
    Allowance.objects.filter(retailer=world.retailer).update(quantity=10)
    again = _refused(world, lines, idempotency_key="k-n")
    assert str(again) == str(refused) and again.problems == refused.problems
    assert Order.objects.count() == 0 and _counters(world) == (0, 0)


def test_an_overlong_idempotency_key_is_refused_and_nothing_is_written() -> None:
    world = make_world()
    lines = [{"sku": world.plain.code, "quantity": 1}]
    refused = _refused(world, lines, idempotency_key="k" * 101)
    assert refused.code == "key_too_long" and refused.problems[0].field == "Idempotency-Key"
    assert not Order.objects.exists() and not IdempotentRequest.objects.exists()


def test_rejections_are_replayed_too() -> None:
    world = make_world()
    lines = [{"sku": world.scarce.code, "quantity": 50}]
    first = _refused(world, lines, idempotency_key="k-2")
    Allowance.objects.filter(retailer=world.retailer).update(quantity=100)
    assert _refused(world, lines, idempotency_key="k-2").as_dict() == first.as_dict()
    assert IdempotentRequest.objects.get(key="k-2").outcome == "invalid"


def test_customer_manager_needs_verified_recorded_demand() -> None:
    world = make_world()
    lines = [{"sku": world.plain.code, "quantity": 3}]
    no_demand = _refused(world, lines, staff=world.manager, channel="visit")
    assert "不得代客户下单" in no_demand.problems[0].message
    unverified = make_demand(world, {world.plain.code: 3}, verified=False)
    result = _refused(
        world, lines, staff=world.manager, channel="visit", demand_record_id=unverified.pk
    )
    assert "尚未经市场经理核实" in result.problems[0].message
    demand = make_demand(world, {world.plain.code: 3})
    more = _refused(
        world,
        [{"sku": world.plain.code, "quantity": 4}],
        staff=world.manager,
        channel="visit",
        demand_record_id=demand.pk,
    )
    assert "不得代客户加量" in more.problems[0].message
    same_day = _refused(
        world,
        lines,
        staff=world.manager,
        channel="visit",
        demand_record_id=demand.pk,
        on=demand.recorded_on,
    )
    assert "次日" in same_day.problems[0].message
    ok = _submit(world, lines, staff=world.manager, channel="visit", demand_record_id=demand.pk)
    demand.refresh_from_db()
    assert demand.order == ok.order is not None
    reused = _refused(
        world, lines, staff=world.manager, channel="visit", demand_record_id=demand.pk
    )
    assert reused.code == "demand_used" and "已经下过单" in reused.problems[0].message


def test_other_managers_retailer_and_wrong_roles_are_forbidden() -> None:
    world = make_world()
    stranger = make_staff("customer_manager", area=world.retailer.area)
    lines = [{"sku": world.plain.code, "quantity": 1}]
    assert _refused(world, lines, Forbidden, staff=stranger).code == "not_your_retailer"
    refused = _refused(world, lines, Forbidden, staff=world.market_manager)
    assert refused.code == "may_not_enter_orders"
    assert not Order.objects.exists()


def test_cancelling_gives_cartons_back_once() -> None:
    from jinye.supply.intake import cancel_order

    world = make_world()
    result = _submit(
        world, [{"sku": world.scarce.code, "quantity": 4}, {"sku": world.plain.code, "quantity": 1}]
    )
    assert _counters(world) == (5, 4)
    with pytest.raises(Invalid, match="原因"):
        cancel_order(order=result.order, by=world.clerk.user, reason=" ")
    assert _counters(world) == (5, 4)
    cancel_order(order=result.order, by=world.clerk.user, reason="客户来电取消")
    assert _counters(world) == (0, 0)
    record = result.order.cancellation
    assert (record.cancelled_by, record.reason) == (world.clerk.user, "客户来电取消")
    with pytest.raises(Conflict, match="不能取消"):
        cancel_order(order=result.order, by=world.clerk.user, reason="再取消")


def test_a_refused_counter_undoes_the_ones_already_taken_and_names_every_reason() -> None:
    from tests.supply.factories import make_allowance

    world = make_world(ceiling=20, allowance=10)
    second = make_sku(scarce=True)
    make_allowance(world.retailer, second, 1)
    lines = [
        {"sku": world.scarce.code, "quantity": 4},
        {"sku": second.code, "quantity": 2},
        {"sku": world.plain.code, "quantity": 15},
    ]
    problems = _refused(world, lines).problems
    assert [(p.row, p.field) for p in problems] == [(2, "quantity"), (None, "quantity")]
    assert "剩余1条" in problems[0].message and "剩余20条" in problems[1].message
    assert _counters(world) == (0, 0)
    lines[2]["quantity"] = 5  # the month and the first allowance fit, the second does not
    problems = _refused(world, lines).problems
    assert [(p.row, p.field) for p in problems] == [(2, "quantity")]
    assert _counters(world) == (0, 0)
    assert Allowance.objects.get(retailer=world.retailer, sku=second).ordered == 0
    assert not Order.objects.exists()
    lines[1]["quantity"] = 1
    assert _submit(world, lines).order is not None
    assert _counters(world) == (10, 4)
