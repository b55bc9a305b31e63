"""Adjusting a published allowance: never over the run's supply or the retailer's cap without
a recorded override, always with a reason, and shown in the retailer's explanation."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.db import connection, connections, transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jinye.errors import Invalid
from jinye.supply.models import AllocationRun, Allowance, SkuSupplyRule
from jinye.supply.services import do_adjust_allowance, do_allocate, do_publish
from tests.factories import make_area, make_department, make_retailer, make_sku, make_staff

pytestmark = pytest.mark.django_db
WEEK = date(2026, 11, 30)
CAP = 5


def _world():  # type: ignore[no-untyped-def]
    dept = make_department()
    area = make_area(dept)
    retailers = [make_retailer(area=area) for _ in range(3)]
    sku = make_sku(scarce=True)
    SkuSupplyRule.objects.create(sku=sku, method="max_min_fair", per_order_cap=CAP)
    director = make_staff("director", dept=dept).user
    return dept, retailers, sku, director


def _published(supply: int = 6, requests: tuple[int, ...] = (1, 10, 10)):  # type: ignore[no-untyped-def]
    dept, retailers, sku, director = _world()
    run = do_allocate(
        week=WEEK,
        sku=sku,
        department=dept,
        supply=supply,
        requests={r.pk: q for r, q in zip(retailers, requests, strict=True)},
    )
    do_publish(run=run, user=director)
    allowances = [Allowance.objects.get(run=run, retailer=r) for r in retailers]
    return run, allowances, director


def test_a_raise_over_the_cap_is_refused_naming_the_cap() -> None:
    run, (small, _, _), director = _published()
    assert (small.quantity, small.cap) == (1, CAP)
    with translation.override("en"), pytest.raises(Invalid) as exc:
        do_adjust_allowance(allowance=small, new_quantity=6, reason="promotion", user=director)
    assert (exc.value.code, exc.value.field) == ("over_cap", "quantity")
    assert "per-order cap of 5 cartons" in exc.value.message
    with translation.override("zh-hans"), pytest.raises(Invalid) as exc:
        do_adjust_allowance(allowance=small, new_quantity=999, reason="活动", user=director)
    assert "上限5条" in exc.value.message
    small.refresh_from_db()
    assert small.quantity == 1 and not small.adjustments.exists()


def test_a_raise_over_the_supply_is_refused_naming_what_is_left() -> None:
    run, (small, big, other), director = _published()
    assert run.allocated == 6 == run.supply
    with translation.override("en"), pytest.raises(Invalid) as exc:
        do_adjust_allowance(allowance=small, new_quantity=2, reason="promotion", user=director)
    assert (exc.value.code, exc.value.field) == ("over_supply", "quantity")
    assert "supply of 6 cartons" in exc.value.message
    assert "at most 1" in exc.value.message
    with translation.override("zh-hans"), pytest.raises(Invalid) as exc:
        do_adjust_allowance(allowance=small, new_quantity=2, reason="活动", user=director)
    assert "货源6条" in exc.value.message and "最多可调整为1条" in exc.value.message
    # Lowering one frees supply for another, up to the cap.
    do_adjust_allowance(allowance=big, new_quantity=big.quantity - 1, reason="退回", user=director)
    do_adjust_allowance(allowance=small, new_quantity=2, reason="补给", user=director)
    run.refresh_from_db()
    assert run.allocated == 6
    assert sum(Allowance.objects.filter(run=run).values_list("quantity", flat=True)) == 6


def test_an_override_with_a_reason_is_accepted_and_recorded() -> None:
    run, (small, _, _), director = _published()
    with pytest.raises(Invalid) as exc:
        do_adjust_allowance(
            allowance=small, new_quantity=999, reason=" ", user=director, override=True
        )
    assert exc.value.code == "reason_required"
    adjustment = do_adjust_allowance(
        allowance=small, new_quantity=999, reason="专供活动", user=director, override=True
    )
    assert (adjustment.old_quantity, adjustment.new_quantity, adjustment.reason) == (
        1,
        999,
        "专供活动",
    )
    assert adjustment.override and adjustment.adjusted_by == director and adjustment.adjusted_at
    assert AllocationRun.objects.get().allocated == 5 + 999
    # A change within the limits is not recorded as an override, even if the box was ticked.
    within = do_adjust_allowance(
        allowance=small, new_quantity=3, reason="回落", user=director, override=True
    )
    assert not within.override


def test_the_explanation_shows_the_adjusted_figure_and_reason_in_both_languages() -> None:
    run, (small, _, _), director = _published()
    do_adjust_allowance(
        allowance=small, new_quantity=999, reason="专供活动", user=director, override=True
    )
    small.refresh_from_db()
    with translation.override("zh-hans"):
        text = small.explanation_text
    assert "分得1条。营销部已调整为999条，原因：专供活动" in text
    with translation.override("en"):
        text = small.explanation_text
    assert "Allotted 1 carton. Adjusted by the marketing department to 999 cartons" in text
    assert "Adjusted by the marketing department to 999 cartons: 专供活动" in text


def test_an_old_row_without_codes_keeps_its_text_and_shows_the_adjustment() -> None:
    run, (small, _, _), director = _published()
    Allowance.objects.filter(pk=small.pk).update(explanation_data=None, explanation="旧的原因。")
    small.refresh_from_db()
    do_adjust_allowance(allowance=small, new_quantity=0, reason="停供", user=director)
    small.refresh_from_db()
    with translation.override("zh-hans"):
        assert small.explanation_text == "旧的原因。营销部已调整为0条，原因：停供"


def test_the_retailer_sees_the_adjustment_in_the_api() -> None:
    from django.test import Client

    run, (small, _, _), director = _published()
    do_adjust_allowance(allowance=small, new_quantity=0, reason="停供", user=director)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(director)
    response = client.get(
        f"/api/v1/retailers/{small.retailer.licence_no}/allowance", {"week": "2026-W49"}
    )
    assert response.status_code == 200, response.content
    (row,) = [a for a in response.json()["allowances"] if a["allowance"] == 0]
    assert "营销部已调整为0条，原因：停供" in row["explanation"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    supply=st.integers(0, 20),
    requests=st.tuples(*[st.integers(0, 12)] * 3),
    steps=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 15)), max_size=12),
)
def test_adjustments_without_override_never_exceed_supply_or_caps(
    supply: int, requests: tuple[int, int, int], steps: list[tuple[int, int]]
) -> None:
    with transaction.atomic():
        run, allowances, director = _published(supply, requests)
        for index, new in steps:
            try:
                do_adjust_allowance(
                    allowance=allowances[index], new_quantity=new, reason="r", user=director
                )
            except Invalid as exc:
                assert exc.code in {"over_cap", "over_supply"}
            quantities = list(Allowance.objects.filter(run=run).values_list("quantity", "cap"))
            run.refresh_from_db()
            assert sum(q for q, _ in quantities) == run.allocated <= supply
            assert all(cap is None or q <= cap for q, cap in quantities)
        transaction.set_rollback(True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks; SQLite serialises writers, set DATABASE_URL to run",
)
def test_concurrent_raises_together_never_exceed_the_supply() -> None:
    dept = make_department()
    area = make_area(dept)
    retailers = [make_retailer(area=area) for _ in range(12)]
    sku = make_sku(scarce=True)
    SkuSupplyRule.objects.create(sku=sku, method="max_min_fair", per_order_cap=CAP)
    director = make_staff("director", dept=dept).user
    run = do_allocate(
        week=WEEK, sku=sku, department=dept, supply=10, requests={retailers[0].pk: 10}
    )
    do_publish(run=run, user=director)
    assert run.allocated == CAP  # 5 of the 10 are free
    idle = list(Allowance.objects.filter(run=run, quantity=0))
    barrier = threading.Barrier(len(idle))

    def raise_one(allowance: Allowance) -> str:
        try:
            barrier.wait()
            do_adjust_allowance(allowance=allowance, new_quantity=1, reason="补", user=director)
            return "ok"
        except Invalid as refused:
            return refused.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(idle)) as pool:
        outcomes = list(pool.map(raise_one, idle))
    assert outcomes.count("ok") == 5 and outcomes.count("over_supply") == len(idle) - 5
    run.refresh_from_db()
    total = sum(Allowance.objects.filter(run=run).values_list("quantity", flat=True))
    assert total == run.allocated == 10
