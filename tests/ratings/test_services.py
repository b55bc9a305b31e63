"""The quarterly run: stores results with history, replaces a quarter atomically, records
who ran it with which rules, and leaves the previous results on any failure."""

from datetime import date

import pytest
from django.contrib.auth.models import User

from jinye.errors import Invalid
from jinye.periods import Quarter
from jinye.ratings.inputs import ExtraInputs, build_inputs
from jinye.ratings.models import ClassificationRun, RatingSettings, RetailerRating
from jinye.ratings.services import do_classify_quarter, do_update_rating_settings
from jinye.visits.services import SkuSeen, do_record_visit
from tests.factories import make_order, make_retailer
from tests.ratings.factories import Q3_DAY, make_county
from tests.visits.factories import at

pytestmark = pytest.mark.django_db


def _ratings(quarter: str = "2026Q3") -> dict[int, RetailerRating]:
    return {r.retailer_id: r for r in RetailerRating.objects.filter(quarter=quarter)}


def test_run_rates_open_retailers_and_records_the_run(dept):
    c = make_county(dept)
    make_retailer(area=c.areas[0], status="suspended")
    make_retailer(area=c.areas[0], opened_on=date(2026, 10, 1))  # after the quarter
    user = User.objects.create_user("boss")
    run = do_classify_quarter(quarter="2026q3", department=dept, run_by=user)
    ratings = _ratings()
    assert set(ratings) == {r.pk for r in c.retailers}
    assert run.quarter == "2026Q3" and run.retailer_count == 6 and run.run_by == user
    assert run.finished_at >= run.started_at
    assert run.config["tier"]["weight_amount"] == 0.7 and run.config["tier"]["tiers"] == 30
    tiers = [ratings[r.pk].tier for r in c.retailers]
    assert tiers == sorted(tiers) and tiers[0] == 1 and tiers[-1] == 30
    assert ratings[c.retailers[-1].pk].scale == "large"
    assert ratings[c.retailers[0].pk].class_code == "CZ5"


def test_inputs_come_from_the_quarters_orders_without_cancelled_ones(dept):
    c = make_county(dept, per_manager=1)
    shop = c.retailers[0]
    make_order(shop, [(c.high, 100)], on=Q3_DAY, status="cancelled")
    make_order(shop, [(c.low, 4)], on=date(2026, 9, 30))
    make_order(shop, [(c.low, 50)], on=date(2026, 10, 1))  # next quarter
    do_classify_quarter(quarter="2026Q3", department=dept)
    inputs = _ratings()[shop.pk].explanation["inputs"]
    assert inputs["volume"] == 5.0  # 1 class-1 carton + 4 class-5 cartons
    assert inputs["high_volume"] == 1.0
    assert inputs["amount"] == pytest.approx(300.0 + 4 * 12.0)


def test_last_year_amount_only_for_retailers_open_all_of_that_quarter(dept):
    c = make_county(dept, per_manager=1)
    late = make_retailer(area=c.areas[0], opened_on=date(2025, 8, 1))
    make_order(late, [(c.high, 1)], on=date(2025, 8, 20))
    make_order(c.retailers[0], [(c.high, 2)], on=date(2025, 8, 20))
    inputs = build_inputs(dept, Quarter.parse("2026Q3"))
    last_year = dict(inputs.select("retailer_id", "amount_last_year").iter_rows())
    assert last_year[c.retailers[0].pk] == 600.0
    assert last_year[c.retailers[1].pk] == 0.0
    assert last_year[late.pk] is None


def test_new_retailer_is_provisional_and_new(dept):
    c = make_county(dept, per_manager=1)
    shop = make_retailer(area=c.areas[0], opened_on=date(2026, 9, 1))
    make_order(shop, [(c.high, 3)], on=date(2026, 9, 10))
    do_classify_quarter(quarter="2026Q3", department=dept)
    rating = _ratings()[shop.pk]
    assert rating.provisional and rating.star == "NEW"
    assert rating.explanation["inputs"]["history_weeks"] == 5


def test_visits_feed_the_support_value(dept):
    c = make_county(dept, per_manager=1)
    shop = c.retailers[0]
    cm = c.managers[0]
    do_record_visit(
        user=cm.user,
        retailer_id=shop.pk,
        checked_in_at=at(2026, 8, 5),
        skus=[SkuSeen(sku_id=c.high.pk, stock=3)],
    )
    do_record_visit(
        user=cm.user,
        retailer_id=shop.pk,
        checked_in_at=at(2026, 8, 12),
        guidance=True,
        guidance_content="陈列",
    )
    do_record_visit(user=cm.user, retailer_id=shop.pk, checked_in_at=at(2026, 10, 2))
    do_classify_quarter(quarter="2026Q3", department=dept)
    rating = _ratings()[shop.pk]
    assert rating.explanation["inputs"]["visits"] == 2
    assert rating.support == pytest.approx(0.6 * 50 + 0.4 * 50)
    assert _ratings()[c.retailers[1].pk].support == pytest.approx(50.0)


def test_compliance_findings_lower_integrity(dept):
    c = make_county(dept, per_manager=1)
    extra = ExtraInputs(compliance_flags={c.retailers[0].pk: 1})
    do_classify_quarter(quarter="2026Q3", department=dept, extra=extra)
    assert _ratings()[c.retailers[0].pk].integrity == 75.0
    assert _ratings()[c.retailers[1].pk].integrity == 100.0


def test_history_is_kept_and_feeds_the_yearly_score(dept):
    c = make_county(dept)
    do_classify_quarter(quarter="2026Q2", department=dept)
    do_classify_quarter(quarter="2026Q3", department=dept)
    q2, q3 = _ratings("2026Q2"), _ratings("2026Q3")
    assert len(q2) == len(q3) == 6
    for r in c.retailers:
        assert q3[r.pk].year_score == pytest.approx((q2[r.pk].total + q3[r.pk].total) / 2)


def test_rerun_replaces_the_quarter_and_keeps_the_first_run_on_record(dept):
    c = make_county(dept)
    do_classify_quarter(quarter="2026Q2", department=dept)
    first = do_classify_quarter(quarter="2026Q3", department=dept)
    q2_before = {k: (v.pk, v.tier) for k, v in _ratings("2026Q2").items()}
    RatingSettings.objects.filter(department=dept).update(tiers=3)
    second = do_classify_quarter(quarter="2026Q3", department=dept)
    ratings = _ratings()
    assert len(ratings) == len(c.retailers)
    assert {r.run_id for r in ratings.values()} == {second.pk}
    assert max(r.tier for r in ratings.values()) == 3
    assert second.config["tier"]["tiers"] == 3
    assert set(ClassificationRun.objects.values_list("pk", flat=True)) >= {first.pk, second.pk}
    assert {k: (v.pk, v.tier) for k, v in _ratings("2026Q2").items()} == q2_before


def test_failure_mid_run_leaves_the_previous_results(dept):
    make_county(dept)
    first = do_classify_quarter(quarter="2026Q3", department=dept)
    before = {k: (v.pk, v.tier, v.run_id) for k, v in _ratings().items()}
    RatingSettings.objects.filter(department=dept).update(tiers=3)

    def crash_after_storing(done: int, total: int, label: str) -> None:
        if done == total:  # the new rows are written, the transaction not yet committed
            assert RetailerRating.objects.filter(quarter="2026Q3", tier__gt=3).count() == 0
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        do_classify_quarter(quarter="2026Q3", department=dept, progress=crash_after_storing)
    assert {k: (v.pk, v.tier, v.run_id) for k, v in _ratings().items()} == before
    assert list(ClassificationRun.objects.values_list("pk", flat=True)) == [first.pk]


@pytest.mark.parametrize("bad", ["2026Q5", "2026-3", "Q3 2026", "", "1999Q1"])
def test_bad_quarter_is_rejected_before_anything_is_written(dept, bad):
    make_county(dept, per_manager=1)
    with pytest.raises(Invalid) as caught:
        do_classify_quarter(quarter=bad, department=dept)
    assert caught.value.code == "bad_quarter"
    assert not ClassificationRun.objects.exists() and not RetailerRating.objects.exists()


def test_inconsistent_stored_settings_stop_the_run_and_keep_results(dept):
    make_county(dept, per_manager=1)
    do_classify_quarter(quarter="2026Q3", department=dept)
    before = sorted(RetailerRating.objects.values_list("pk", flat=True))
    RatingSettings.objects.filter(department=dept).update(weight_amount=0.9)
    with pytest.raises(Invalid, match="tier weights must be non-negative and sum to 1") as exc:
        do_classify_quarter(quarter="2026Q3", department=dept)
    assert exc.value.code == "bad_settings"
    assert sorted(RetailerRating.objects.values_list("pk", flat=True)) == before


def test_update_settings_saves_valid_rules_with_who(dept):
    user = User.objects.create_user("director")
    row = do_update_rating_settings(
        department=dept,
        values={
            "tiers": 10,
            "weight_amount": 0.5,
            "weight_volume": 0.3,
            "weight_structure": 0.2,
            "tier_quantiles": "",
        },
        updated_by=user,
    )
    row.refresh_from_db()
    assert (row.tiers, row.weight_amount, row.updated_by) == (10, 0.5, user)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"weight_amount": 0.9}, "tier weights"),
        ({"min_3s": 95.0}, "descending"),
        ({"tiers": 3, "tier_quantiles": "0.5, x"}, "'x' is not a number"),
        ({"tiers": 3, "tier_quantiles": "0.9, 0.5"}, "ascending"),
        ({"large_share": 1.5}, "large_share"),
        ({"password": "x"}, "not rating settings: password"),
    ],
)
def test_update_settings_rejects_bad_rules_and_saves_nothing(dept, values, message):
    user = User.objects.create_user("director")
    with pytest.raises(Invalid, match=message) as exc:
        do_update_rating_settings(department=dept, values=values, updated_by=user)
    assert exc.value.code in {"bad_settings", "unknown_setting"}
    row = RatingSettings.objects.filter(department=dept).first()
    assert row is None or (row.tiers, row.weight_amount, row.min_3s) == (30, 0.7, 55.0)
