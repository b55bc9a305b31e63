"""The intake rules as plain functions: no database, unsaved values in, problems out."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from jinye.supply.intake_rules import (
    MAX_LINE_QUANTITY,
    MAX_LINES,
    Line,
    SkuTerms,
    demand_problems,
    limit_problems,
    parse_lines,
    parse_quantity,
)
from jinye.supply.models import Allowance, DemandRecord, MonthlyQuota

PLAIN = SkuTerms(1, "P1", active=True, scarce=False, price=Decimal("10.00"), per_order_cap=None)
SCARCE = SkuTerms(2, "S1", active=True, scarce=True, price=Decimal("30.00"), per_order_cap=5)
OLD = SkuTerms(3, "O1", active=False, scarce=False, price=Decimal("5.00"), per_order_cap=None)
SKUS = {s.code: s for s in (PLAIN, SCARCE, OLD)}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(3, 3), ("  7 ", 7), (4.0, 4), (MAX_LINE_QUANTITY, MAX_LINE_QUANTITY)],
)
def test_whole_positive_quantities_are_read(raw: object, expected: int) -> None:
    assert parse_quantity(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (True, "quantity_not_whole"),
        (2.5, "quantity_not_whole"),
        ("3.5", "quantity_not_whole"),
        (None, "quantity_not_whole"),
        (0, "quantity_not_positive"),
        ("-2", "quantity_not_positive"),
        (MAX_LINE_QUANTITY + 1, "quantity_over_line_limit"),
    ],
)
def test_bad_quantities_give_their_code(raw: object, code: str) -> None:
    refused = parse_quantity(raw)
    assert isinstance(refused, tuple) and refused[0] == code


def test_every_bad_line_is_named_by_row_field_and_sku() -> None:
    lines, problems = parse_lines(
        [
            {"sku": "P1", "quantity": 2},
            {"sku": "NOPE", "quantity": 1},
            {"sku": "O1", "quantity": 1},
            {"sku": "P1", "quantity": 1},
            {"sku": "", "quantity": "x"},
        ],
        SKUS,
    )
    assert [(p.code, p.row, p.field, p.extra["sku"]) for p in problems] == [
        ("sku_unknown", 2, "sku", "NOPE"),
        ("sku_inactive", 3, "sku", "O1"),
        ("sku_repeated", 4, "sku", "P1"),
        ("sku_missing", 5, "sku", ""),
        ("quantity_not_whole", 5, "quantity", ""),
    ]
    assert [(ln.number, ln.sku.code, ln.quantity) for ln in lines] == [(1, "P1", 2), (4, "P1", 1)]


def test_an_empty_or_overlong_order_is_one_problem_for_the_whole_order() -> None:
    assert [(p.code, p.row) for p in parse_lines([], SKUS)[1]] == [("no_lines", None)]
    many = [{"sku": "P1", "quantity": 1}] * (MAX_LINES + 1)
    assert [p.code for p in parse_lines(many, SKUS)[1]] == ["too_many_lines"]


def test_limits_name_the_cap_the_allowance_and_the_month_at_once() -> None:
    lines = [Line(1, SCARCE, 6), Line(2, PLAIN, 10)]
    quota = MonthlyQuota(month="2026-12", agreed=15, ceiling=20, ordered=5)
    allowance = Allowance(sku_id=SCARCE.pk, quantity=8, ordered=3)
    with translation.override("en"):
        problems = limit_problems(lines, quota, {SCARCE.pk: allowance})
    assert [(p.code, p.row) for p in problems] == [
        ("over_order_cap", 1),
        ("over_allowance", 1),
        ("over_quota", None),
    ]
    assert "5 left" in problems[1].message and "15 left" in problems[2].message
    with translation.override("zh-hans"):
        chinese = limit_problems(lines, quota, {SCARCE.pk: allowance})
    assert "剩余5条" in chinese[1].message and "剩余15条" in chinese[2].message
    assert limit_problems([Line(1, SCARCE, 5)], quota, {SCARCE.pk: allowance}) == []
    assert [p.code for p in limit_problems([Line(1, SCARCE, 1)], quota, {})] == ["no_allowance"]


def test_demand_must_be_verified_unused_earlier_and_cover_each_line() -> None:
    day = date(2026, 12, 9)
    demand = DemandRecord(
        pk=7,
        retailer_id=1,
        recorded_on=date(2026, 12, 8),
        lines={"P1": 3},
        verified_by_id=5,
        verified_at=day,
    )
    assert demand_problems(demand, 7, 1, [Line(1, PLAIN, 3)], day) == []
    over = demand_problems(demand, 7, 1, [Line(1, PLAIN, 4)], day)
    assert [(p.code, p.row) for p in over] == [("over_demand", 1)]
    assert [p.code for p in demand_problems(demand, 7, 2, [], day)] == ["demand_unknown"]
    assert [p.code for p in demand_problems(None, 7, 1, [], day)] == ["demand_unknown"]
    same_day = demand_problems(demand, 7, 1, [Line(1, PLAIN, 1)], demand.recorded_on)
    assert [p.code for p in same_day] == ["demand_same_day"]
    demand.verified_by_id = None
    assert [p.code for p in demand_problems(demand, 7, 1, [], day)] == ["demand_unverified"]
