"""Plan service: stored plans meet the rules, capacity and days; regeneration; sample."""

from collections import Counter
from datetime import date

import pytest

from jinye.engines.stars import StarLevel
from jinye.engines.visit_plan import sample_retailers
from jinye.errors import Invalid
from jinye.org.models import Role
from jinye.visits.models import PlanDay, PlanStop, VisitPlan, VisitRule, VisitSettings
from jinye.visits.services import do_generate_month_plans, do_record_visit
from tests.factories import make_retailer, make_staff
from tests.visits.factories import at, fix_stars, make_cm_with_retailers

pytestmark = pytest.mark.django_db


def _stops(staff) -> list[PlanStop]:
    return list(PlanStop.objects.filter(plan_day__plan__staff=staff).select_related("plan_day"))


def test_plan_meets_each_retailers_rule(monkeypatch):
    cm, rs = make_cm_with_retailers(12)
    stars = {rs[0].pk: StarLevel.FIVE_2, rs[1].pk: StarLevel.TWO, rs[2].pk: StarLevel.ONE}
    fix_stars(monkeypatch, stars)
    do_generate_month_plans(department=cm.department, month="2026-12")
    per = Counter(s.retailer_id for s in _stops(cm))
    assert per[rs[0].pk] == 5  # weekly, 5 calendar weeks touch December 2026
    assert per[rs[1].pk] == 2 and per[rs[2].pk] == 1
    assert all(per[r.pk] == 4 for r in rs[3:])  # NEW → like 三星, 4 a month
    days = [s.plan_day.day for s in _stops(cm)]
    assert all(d.weekday() != 6 and d.month == 12 for d in days)


def test_rule_change_is_used_and_capacity_respected(monkeypatch):
    fix_stars(monkeypatch, {})
    VisitRule.objects.filter(star="NEW").update(cm_visits=2, cm_period="week")
    cfg = VisitSettings.current()
    cfg.daily_capacity = 20
    cfg.working_weekdays = "0,1,2,3,4"
    cfg.holidays = "2026-12-25"
    cfg.save()
    cm, rs = make_cm_with_retailers(40)
    do_generate_month_plans(department=cm.department, month="2026-12")
    stops = _stops(cm)
    assert len(stops) == 40 * 2 * 5
    load = Counter(s.plan_day.day for s in stops)
    assert max(load.values()) <= 20
    assert all(d.weekday() < 5 and d != date(2026, 12, 25) for d in load)


def test_routes_are_stored_in_order_with_distances(monkeypatch):
    fix_stars(monkeypatch, {})
    cm, _ = make_cm_with_retailers(30)
    do_generate_month_plans(department=cm.department, month="2026-12")
    for day in PlanDay.objects.filter(plan__staff=cm):
        seqs = sorted(day.stops.values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))
        assert day.distance_m > 0


def test_too_many_visits_for_capacity_is_an_error_and_stores_nothing(monkeypatch):
    fix_stars(monkeypatch, {})
    cfg = VisitSettings.current()
    cfg.daily_capacity = 1
    cfg.save()
    cm, _ = make_cm_with_retailers(10)
    with pytest.raises(Invalid, match=cm.employee_no) as exc:
        do_generate_month_plans(department=cm.department, month="2026-12")
    assert exc.value.code == "plan_impossible"
    assert not VisitPlan.objects.exists() and not PlanStop.objects.exists()


def test_regenerating_keeps_done_stops_and_replaces_the_rest(monkeypatch):
    fix_stars(monkeypatch, {})
    cm, rs = make_cm_with_retailers(5)
    do_generate_month_plans(department=cm.department, month="2026-12")
    first = PlanStop.objects.filter(plan_day__plan__staff=cm).order_by("plan_day__day").first()
    assert first is not None
    d = first.plan_day.day
    visit = do_record_visit(
        user=cm.user, retailer_id=first.retailer_id, checked_in_at=at(d.year, d.month, d.day)
    )
    assert visit.stop_id == first.pk
    before = set(PlanStop.objects.values_list("pk", flat=True))
    VisitRule.objects.filter(star="NEW").update(cm_visits=2)
    do_generate_month_plans(department=cm.department, month="2026-12")
    after = list(PlanStop.objects.filter(plan_day__plan__staff=cm))
    assert VisitPlan.objects.filter(staff=cm, month="2026-12").count() == 1
    assert first.pk in {s.pk for s in after}
    assert {s.pk for s in after} & before == {first.pk}
    per = Counter(s.retailer_id for s in after)
    assert all(per[r.pk] == 2 for r in rs)


def test_market_manager_plan_has_star_visits_plus_reproducible_sample(monkeypatch):
    cm, rs = make_cm_with_retailers(30)
    mm = make_staff(Role.MARKET_MANAGER, area=cm.area)
    top = rs[0]
    fix_stars(monkeypatch, {top.pk: StarLevel.FIVE_1})
    do_generate_month_plans(department=cm.department, month="2026-12")
    reasons = Counter((s.retailer_id, s.reason) for s in _stops(mm))
    expected_sample = sample_retailers([r.pk for r in rs], month="2026-12", area=cm.area.code)
    assert len(expected_sample) == 3
    assert {rid for rid, reason in reasons if reason == "sample"} == set(expected_sample)
    per = Counter(s.retailer_id for s in _stops(mm))
    assert per[top.pk] == 1 + (top.pk in expected_sample)
    assert set(per) == {top.pk, *expected_sample}
    again = sample_retailers([r.pk for r in rs], month="2027-01", area=cm.area.code)
    assert again != expected_sample or len(rs) < 10


def test_closed_and_suspended_retailers_are_not_planned(monkeypatch):
    fix_stars(monkeypatch, {})
    cm, rs = make_cm_with_retailers(3)
    gone = make_retailer(manager=cm, status="cancelled")
    do_generate_month_plans(department=cm.department, month="2026-12")
    assert gone.pk not in {s.retailer_id for s in _stops(cm)}
    assert {s.retailer_id for s in _stops(cm)} == {r.pk for r in rs}


def test_bad_month_is_a_clear_error():
    cm, _ = make_cm_with_retailers(1)
    with pytest.raises(ValueError, match="YYYY-MM"):
        do_generate_month_plans(department=cm.department, month="December")
