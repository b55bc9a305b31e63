"""Round workflow: scope sampling, entry rules (own retailers, deadline, SKUs), corrections
kept with who/when/old/new, review and submit, and the supply-side selector."""

from datetime import date

import pytest

from jinye.errors import Conflict, Forbidden, Invalid
from jinye.forecasts.models import ChangeKind, CollectedForecast, ForecastCorrection, RoundStatus
from jinye.forecasts.selectors import next_month_forecast
from jinye.forecasts.services import (
    Entry,
    do_correct_forecast,
    do_enter_forecasts,
    do_open_round,
    do_review_round,
    do_submit_round,
    sample_retailers,
)
from tests.forecasts.factories import AFTER, BEFORE, DEADLINE, County, make_county

pytestmark = pytest.mark.django_db

DEC = date(2026, 12, 1)


def _round(c: County, scope: str = "all", seed: int = 0):  # type: ignore[no-untyped-def]
    return do_open_round(
        department=c.dept,
        month=DEC,
        sku_ids=[s.pk for s in c.skus],
        deadline=DEADLINE,
        scope=scope,
        seed=seed,
        opened_by=c.director.user,
    )


def test_third_scope_is_reproducible_and_a_third() -> None:
    ids = list(range(1, 31))
    a = sample_retailers(ids, "third", 7)
    assert len(a) == 10 and a == sample_retailers(list(reversed(ids)), "third", 7)
    assert a != sample_retailers(ids, "third", 8)
    assert sample_retailers(ids, "all", 7) == ids
    assert len(sample_retailers(list(range(7)), "third", 1)) == 3


def test_open_round_stores_the_sample(dept) -> None:
    c = make_county(dept)
    rnd = _round(c, "third", seed=3)
    assert rnd.members.count() == 2  # ⌈6/3⌉ of the department's open retailers
    with pytest.raises(Conflict) as exc:
        _round(c)
    assert (exc.value.code, exc.value.field) == ("round_exists", "month")


def test_open_round_rejects_unknown_sku(dept) -> None:
    c = make_county(dept)
    with pytest.raises(Invalid, match="999999") as exc:
        do_open_round(
            department=c.dept, month=DEC, sku_ids=[999999], deadline=DEADLINE, scope="all"
        )
    assert (exc.value.code, exc.value.field) == ("unknown_sku", "skus")


def test_customer_manager_enters_own_retailers_before_deadline(dept) -> None:
    c = make_county(dept)
    rnd = _round(c)
    own, other = c.retailers[0], c.retailers[3]
    user = c.managers[0].user
    n = do_enter_forecasts(
        round=rnd, user=user, entries=[Entry(own.pk, c.skus[0].pk, 12)], now=BEFORE
    )
    assert n == 1
    with pytest.raises(Invalid) as exc:
        do_enter_forecasts(
            round=rnd,
            user=user,
            entries=[Entry(own.pk, c.skus[1].pk, 5), Entry(other.pk, c.skus[0].pk, 3)],
            now=BEFORE,
        )
    assert [(p.code, p.field) for p in exc.value.problems] == [("retailer_not_yours", "retailer")]
    assert CollectedForecast.objects.count() == 1  # all or nothing
    with pytest.raises(Conflict) as exc:
        do_enter_forecasts(
            round=rnd, user=user, entries=[Entry(own.pk, c.skus[0].pk, 1)], now=AFTER
        )
    assert exc.value.code == "deadline_passed"
    with pytest.raises(Forbidden):
        do_enter_forecasts(
            round=rnd, user=c.market.user, entries=[Entry(own.pk, c.skus[0].pk, 1)], now=BEFORE
        )


def test_corrections_keep_every_change(dept) -> None:
    c = make_county(dept)
    rnd = _round(c)
    r = c.retailers[0]
    do_enter_forecasts(
        round=rnd, user=c.managers[0].user, entries=[Entry(r.pk, c.skus[0].pk, 10)], now=BEFORE
    )
    do_enter_forecasts(
        round=rnd, user=c.managers[0].user, entries=[Entry(r.pk, c.skus[0].pk, 14)], now=BEFORE
    )
    fc = CollectedForecast.objects.get()
    do_correct_forecast(forecast=fc, qty=9, user=c.market.user, reason="店主高估", now=AFTER)
    with pytest.raises(Forbidden):
        do_correct_forecast(forecast=fc, qty=1, user=c.other_area_market.user)
    with pytest.raises(Forbidden):
        do_correct_forecast(forecast=fc, qty=1, user=c.managers[0].user)
    changes = list(
        ForecastCorrection.objects.values_list("kind", "old_qty", "new_qty", "changed_by")
    )
    assert changes == [
        (ChangeKind.ENTRY, None, 10, c.managers[0].user.pk),
        (ChangeKind.ENTRY, 10, 14, c.managers[0].user.pk),
        (ChangeKind.CORRECTION, 14, 9, c.market.user.pk),
    ]
    assert CollectedForecast.objects.get().qty == 9


def test_review_then_submit_locks_and_feeds_supply(dept) -> None:
    c = make_county(dept)
    rnd = _round(c)
    r = c.retailers[0]
    do_enter_forecasts(
        round=rnd, user=c.managers[0].user, entries=[Entry(r.pk, c.skus[0].pk, 10)], now=BEFORE
    )
    assert next_month_forecast([r.pk], DEC) == {}  # not submitted yet
    with pytest.raises(Forbidden):
        do_submit_round(round=rnd, user=c.market.user)
    with pytest.raises(Conflict) as exc:
        do_submit_round(round=rnd, user=c.director.user)
    assert exc.value.code == "round_not_reviewed"
    with pytest.raises(Forbidden):  # closing entry for every area is the director's
        do_review_round(round=rnd, user=c.market.user)
    assert rnd.status == RoundStatus.OPEN
    do_review_round(round=rnd, user=c.director.user)
    with pytest.raises(Conflict) as exc:
        do_enter_forecasts(
            round=rnd, user=c.managers[0].user, entries=[Entry(r.pk, c.skus[0].pk, 1)], now=BEFORE
        )
    assert exc.value.code == "round_closed"
    do_submit_round(round=rnd, user=c.director.user)
    assert rnd.status == RoundStatus.SUBMITTED
    fc = CollectedForecast.objects.get()
    with pytest.raises(Conflict) as exc:
        do_correct_forecast(forecast=fc, qty=3, user=c.director.user)
    assert exc.value.code == "round_submitted"
    got = next_month_forecast([r.pk], DEC)
    assert got[(r.pk, c.skus[0].pk)].qty == 10
    assert got[(r.pk, c.skus[0].pk)].source == "collected"
