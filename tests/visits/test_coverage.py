"""Coverage on a constructed case: plan vs done by manager, star and area; below-frequency."""

from datetime import date

import pytest
from django.test import Client

from jinye.engines.stars import StarLevel
from jinye.org.models import Role
from jinye.retailers.models import Retailer
from jinye.visits.models import PlanDay, PlanStop, VisitPlan, VisitRule
from jinye.visits.selectors import coverage, required_in_period
from jinye.visits.services import do_record_visit
from tests.factories import make_staff
from tests.visits.factories import LATER, at, fix_stars, make_cm_with_retailers

pytestmark = pytest.mark.django_db


def _plan(staff, stops: list[tuple[date, Retailer]]) -> list[PlanStop]:
    plan = VisitPlan.objects.create(
        staff=staff, month="2026-12", base_latitude=32, base_longitude=110
    )
    out = []
    for n, (day, retailer) in enumerate(stops, start=1):
        pd, _ = PlanDay.objects.get_or_create(
            plan=plan, day=day, defaults={"distance_m": 1, "method": "x"}
        )
        out.append(PlanStop.objects.create(plan_day=pd, seq=n, retailer=retailer, reason="policy"))
    return out


def test_constructed_month(monkeypatch):
    cm_a, (a1, a2) = make_cm_with_retailers(2)
    cm_b, (b1,) = make_cm_with_retailers(1)
    fix_stars(monkeypatch, {a1.pk: StarLevel.ONE, a2.pk: StarLevel.TWO, b1.pk: StarLevel.ONE})
    _plan(cm_a, [(date(2026, 12, 2), a1), (date(2026, 12, 2), a2), (date(2026, 12, 16), a2)])
    _plan(cm_b, [(date(2026, 12, 3), b1)])
    do_record_visit(
        user=cm_a.user, retailer_id=a1.pk, checked_in_at=at(2026, 12, 2), now=LATER
    )  # planned
    do_record_visit(
        user=cm_a.user, retailer_id=a2.pk, checked_in_at=at(2026, 12, 9), now=LATER
    )  # unplanned
    do_record_visit(
        user=cm_a.user, retailer_id=a2.pk, checked_in_at=at(2027, 1, 2), now=LATER
    )  # outside
    retailers = Retailer.objects.filter(pk__in=[a1.pk, a2.pk, b1.pk])
    cov = coverage(retailers, date(2026, 12, 1), date(2026, 12, 31))

    by_manager = {r.label: (r.planned, r.done_planned, r.visits) for r in cov.by_manager}
    assert by_manager == {cm_a.name: (3, 1, 2), cm_b.name: (1, 0, 0)}
    by_star = {r.key: (r.planned, r.done_planned, r.visits) for r in cov.by_star}
    assert by_star == {"2S": (2, 0, 1), "1S": (2, 1, 1)}
    by_area = {r.label: (r.planned, r.done_planned) for r in cov.by_area}
    assert by_area == {cm_a.area.name: (3, 1), cm_b.area.name: (1, 0)}
    assert [r.rate for r in cov.by_manager if r.label == cm_a.name] == [33.3]
    # a2 (二星, 2 a month) had 1 visit; b1 (一星) none; a1 (一星) met its rule
    assert {(b.retailer.pk, b.required, b.visits) for b in cov.below} == {
        (a2.pk, 2, 1),
        (b1.pk, 1, 0),
    }
    assert [r.pk for r in cov.unvisited] == [b1.pk]


def test_market_manager_visits_do_not_count_towards_the_customer_managers_rule(monkeypatch):
    cm, (r,) = make_cm_with_retailers(1)
    mm = make_staff(Role.MARKET_MANAGER, area=cm.area)
    fix_stars(monkeypatch, {r.pk: StarLevel.ONE})
    do_record_visit(user=mm.user, retailer_id=r.pk, checked_in_at=at(2026, 12, 5), now=LATER)
    cov = coverage(Retailer.objects.filter(pk=r.pk), date(2026, 12, 1), date(2026, 12, 31))
    assert cov.unvisited == []
    assert [(b.retailer.pk, b.visits) for b in cov.below] == [(r.pk, 0)]


def test_required_in_period_for_weeks_and_part_months():
    weekly = VisitRule(star="5S2", cm_visits=1, cm_period="week", mm_visits=1)
    # 2026-12-01 (Tue) … 2026-12-14 (Mon) touches the weeks of 30 Nov, 7 Dec, 14 Dec; the
    # period owns those whose Thursday it holds: 3 Dec and 10 Dec (17 Dec is outside)
    assert required_in_period(weekly, date(2026, 12, 1), date(2026, 12, 14)) == 2
    # November 2026 owns the weeks of Thursdays 5, 12, 19, 26 Nov (29 Oct and 3 Dec are not)
    assert required_in_period(weekly, date(2026, 11, 1), date(2026, 11, 30)) == 4
    # December 2026 owns Thursdays 3, 10, 17, 24, 31 Dec
    assert required_in_period(weekly, date(2026, 12, 1), date(2026, 12, 31)) == 5
    monthly = VisitRule(star="3S", cm_visits=4, cm_period="month", mm_visits=0)
    assert required_in_period(monthly, date(2026, 12, 1), date(2026, 12, 31)) == 4
    assert required_in_period(monthly, date(2026, 11, 1), date(2026, 12, 31)) == 8
    one = VisitRule(star="1S", cm_visits=1, cm_period="month", mm_visits=0)
    assert required_in_period(one, date(2026, 12, 1), date(2026, 12, 10)) == 0


def test_coverage_page_is_scoped_by_role(monkeypatch):
    fix_stars(monkeypatch, {})
    cm, (mine,) = make_cm_with_retailers(1)
    other, (theirs,) = make_cm_with_retailers(1, area=cm.area)
    c = Client()
    c.force_login(cm.user)
    resp = c.get("/visits/coverage/", {"start": "2026-12-01", "end": "2026-12-31"})
    assert resp.status_code == 200
    assert [r.pk for r in resp.context["cov"].unvisited] == [mine.pk]
    assert resp.context["whole_month"] is True
    director = make_staff(Role.DIRECTOR, dept=cm.department)
    c.force_login(director.user)
    resp = c.get("/visits/coverage/", {"start": "2026-12-01", "end": "2026-12-31"})
    assert {r.pk for r in resp.context["cov"].unvisited} == {mine.pk, theirs.pk}
    bad = c.get("/visits/coverage/", {"start": "2026-12-31", "end": "2026-12-01"})
    assert bad.status_code == 200 and bad.context["form"].errors
    assert VisitRule.objects.count() == 8
