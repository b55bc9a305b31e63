"""Quotas from history, allocation runs (draft → re-run → publish → adjust) and their records."""

from datetime import date

import pytest

from jinye.errors import Conflict, Forbidden, Invalid
from jinye.supply.models import (
    AllocationRun,
    Allowance,
    MonthlyQuota,
    QuotaAdjustment,
    SkuSupplyRule,
)
from jinye.supply.services import (
    do_adjust_allowance,
    do_adjust_quota,
    do_allocate,
    do_compute_quotas,
    do_publish,
    do_set_weekly_supply,
)
from tests.factories import (
    make_area,
    make_department,
    make_order,
    make_retailer,
    make_sku,
    make_staff,
)

pytestmark = pytest.mark.django_db
WEEK = date(2026, 11, 30)


def test_quotas_come_from_history_and_count_orders_already_in_the_month() -> None:
    dept = make_department()
    area = make_area(dept)
    sku = make_sku()
    busy, fresh = make_retailer(area=area), make_retailer(area=area)
    for month in (9, 10, 11):
        make_order(busy, [(sku, 100)], on=date(2026, month, 10))
    make_order(busy, [(sku, 7)], on=date(2026, 12, 2))
    summary = do_compute_quotas(month="2026-12", department=dept)
    assert summary.created == 2
    q = MonthlyQuota.objects.get(retailer=busy, month="2026-12")
    # Never rated: small (inputs.DEFAULT_SCALE), whose band is 30%: 100 × 1.3.
    assert (q.agreed, q.ceiling, q.ordered) == (100, 130, 7)
    assert "近3个月月均购进100.0条" in q.explanation_text
    assert "小户的总量浮动幅度为30%" in q.explanation_text
    assert q.inputs["band"] == 0.3
    new = MonthlyQuota.objects.get(retailer=fresh)
    assert (new.agreed, new.ceiling) == (50, 65)


def test_adjusted_quota_is_kept_on_recompute_and_adjustment_needs_reason() -> None:
    dept = make_department()
    retailer = make_retailer(area=make_area(dept))
    do_compute_quotas(month="2026-12", department=dept)
    quota = MonthlyQuota.objects.get(retailer=retailer)
    director = make_staff("director", dept=dept).user
    with pytest.raises(Invalid, match="原因") as exc:
        do_adjust_quota(quota=quota, new_ceiling=90, reason=" ", user=director)
    assert (exc.value.code, exc.value.field) == ("reason_required", "reason")
    do_adjust_quota(quota=quota, new_ceiling=90, reason="月初集中订货，核定偏小", user=director)
    assert do_compute_quotas(month="2026-12", department=dept).kept_adjusted == 1
    quota.refresh_from_db()
    assert quota.ceiling == 90
    assert QuotaAdjustment.objects.get().old_ceiling == 65  # a new small retailer: 50 × 1.3


def test_bad_month_is_rejected() -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        do_compute_quotas(month="2026-13", department=make_department())


def _scarce_setup():  # type: ignore[no-untyped-def]
    dept = make_department()
    area = make_area(dept)
    retailers = [make_retailer(area=area) for _ in range(3)]
    sku = make_sku(scarce=True)
    SkuSupplyRule.objects.create(sku=sku, method="max_min_fair", per_order_cap=8)
    return dept, retailers, sku


def test_allocation_run_stores_inputs_results_and_explanations() -> None:
    dept, (a, b, c), sku = _scarce_setup()
    do_set_weekly_supply(week=WEEK, sku=sku, quantity=14)
    run = do_allocate(week=WEEK, sku=sku, department=dept, requests={a.pk: 3, b.pk: 20, c.pk: 20})
    got = {x.retailer_id: x for x in run.allowances.all()}
    assert [got[r.pk].quantity for r in (a, b, c)] == [3, 6, 5] or [
        got[r.pk].quantity for r in (a, b, c)
    ] == [3, 5, 6]
    assert run.allocated == 14 and run.requested == 43 and run.supply == 14
    assert run.config["per_retailer_cap"] == 8
    assert "申请20条" in got[b.pk].explanation_text


def test_rerun_replaces_a_draft_and_published_runs_change_only_by_adjustment() -> None:
    dept, (a, b, c), sku = _scarce_setup()
    first = do_allocate(week=WEEK, sku=sku, department=dept, supply=10, requests={a.pk: 5})
    second = do_allocate(week=WEEK, sku=sku, department=dept, supply=4, requests={a.pk: 5})
    assert AllocationRun.objects.get().pk == second.pk != first.pk
    assert Allowance.objects.get(retailer=a).quantity == 4
    director = make_staff("director", dept=dept).user
    do_publish(run=second, user=director)
    with pytest.raises(Conflict, match="已发布") as exc:
        do_allocate(week=WEEK, sku=sku, department=dept, supply=9, requests={a.pk: 5})
    assert exc.value.code == "already_published"
    allowance = Allowance.objects.get(retailer=a)
    do_adjust_allowance(
        allowance=allowance, new_quantity=5, reason="补货到位", user=director, override=True
    )
    allowance.refresh_from_db()
    assert allowance.quantity == 5 and allowance.adjustments.get().old_quantity == 4
    assert AllocationRun.objects.get().allocated == 5


def test_allocation_without_supply_says_so() -> None:
    dept, _, sku = _scarce_setup()
    with pytest.raises(Invalid, match="货源数量") as exc:
        do_allocate(week=WEEK, sku=sku, department=dept)
    assert exc.value.code == "no_supply"


def test_demand_is_recorded_by_own_manager_and_verified_by_area_market_manager() -> None:
    from jinye.supply.services import do_record_demand, do_verify_demand

    area = make_area(make_department())
    manager = make_staff("customer_manager", area=area)
    retailer = make_retailer(manager=manager)
    sku = make_sku()
    with pytest.raises(Forbidden, match="客户经理"):
        do_record_demand(
            retailer=retailer,
            recorded_by=make_staff("customer_manager", area=area),
            lines={sku.code: 2},
            on=WEEK,
        )
    with pytest.raises(Invalid, match="正整数") as exc:
        do_record_demand(retailer=retailer, recorded_by=manager, lines={sku.code: 0}, on=WEEK)
    assert (exc.value.code, exc.value.field) == ("bad_quantity", "lines")
    demand = do_record_demand(retailer=retailer, recorded_by=manager, lines={sku.code: 2}, on=WEEK)
    with pytest.raises(Forbidden, match="市场经理") as exc:
        do_verify_demand(demand=demand, verified_by=make_staff("market_manager"))
    assert exc.value.code == "not_market_manager"
    verified = do_verify_demand(demand=demand, verified_by=make_staff("market_manager", area=area))
    assert verified.verified_at is not None


def test_quota_review_flags_a_month_start_surge_and_a_quiet_month() -> None:
    from jinye.supply.selectors import quota_review

    dept = make_department()
    area = make_area(dept)
    sku = make_sku()
    busy, quiet = make_retailer(area=area), make_retailer(area=area)
    for r in (busy, quiet):
        MonthlyQuota.objects.create(
            retailer=r, month="2026-11", agreed=100, ceiling=120, explanation="", inputs={}
        )
    make_order(busy, [(sku, 90)], on=date(2026, 11, 3))
    MonthlyQuota.objects.filter(retailer=busy).update(ordered=90)
    MonthlyQuota.objects.filter(retailer=quiet).update(ordered=10)
    rows = quota_review(
        dept.areas.first().retailers.all(), "2026-11", department=dept, today=date(2026, 12, 1)
    )
    flags = {r.quota.retailer_id: (r.flag, r.reason) for r in rows}
    assert flags[busy.pk][0] == "too_small" and "月初集中订货" in flags[busy.pk][1]
    assert flags[quiet.pk][0] == "too_large"
    running = quota_review(
        dept.areas.first().retailers.all(), "2026-11", department=dept, today=date(2026, 11, 20)
    )
    assert {r.flag for r in running if r.quota.retailer_id == quiet.pk} == {"ok"}
