"""Visit log and access: scope, closed months, bad input, plan visibility, director-only rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils.translation import override

from jinye.errors import Invalid
from jinye.org.models import Role
from jinye.visits.models import ClosedMonth, Visit, VisitRule, VisitRuleChange, VisitSkuInfo
from jinye.visits.services import (
    SkuSeen,
    do_close_month,
    do_generate_month_plans,
    do_record_visit,
    do_update_visit_rule,
)
from tests.factories import make_sku, make_staff
from tests.visits.factories import LATER, at, fix_stars, make_cm_with_retailers

pytestmark = pytest.mark.django_db


def _by_field(error: Invalid) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in error.problems:
        out.setdefault(p.field, []).append(str(p.message))
    return out


def _client(staff) -> Client:
    c = Client()
    c.force_login(staff.user)
    return c


def _post_visit(client: Client, retailer_id: int, **extra: str) -> object:
    data = {
        "checked_in_at": "2026-12-01T09:30",
        "retailer": str(retailer_id),
        "guidance": "on",
        "guidance_content": "陈列调整",
        "observations": "",
        "complaints": "",
        "sku-TOTAL_FORMS": "1",
        "sku-INITIAL_FORMS": "0",
        "sku-MIN_NUM_FORMS": "0",
        "sku-MAX_NUM_FORMS": "30",
    }
    data.update(extra)
    return client.post("/visits/log/", data)


def test_record_a_visit_with_market_information():
    cm, (r,) = make_cm_with_retailers(1)
    sku = make_sku()
    resp = _post_visit(
        _client(cm),
        r.pk,
        **{"sku-0-sku": str(sku.pk), "sku-0-stock": "12", "sku-0-retail_price": "130"},
    )
    assert resp.status_code == 302
    visit = Visit.objects.get()
    assert (visit.retailer_id, visit.staff_id, visit.guidance) == (r.pk, cm.pk, True)
    info = VisitSkuInfo.objects.get()
    assert (info.sku_id, info.stock, str(info.retail_price)) == (sku.pk, 12, "130.00")


def test_unplanned_visit_is_allowed_and_planned_one_links_to_its_stop(monkeypatch):
    fix_stars(monkeypatch, {})
    cm, (r,) = make_cm_with_retailers(1)
    unplanned = do_record_visit(
        user=cm.user, retailer_id=r.pk, checked_in_at=at(2026, 11, 20), now=LATER
    )
    assert unplanned.stop_id is None
    do_generate_month_plans(department=cm.department, month="2026-12")
    stop = r.plan_stops.order_by("plan_day__day").first()
    d = stop.plan_day.day
    planned = do_record_visit(
        user=cm.user, retailer_id=r.pk, checked_in_at=at(d.year, d.month, d.day), now=LATER
    )
    assert planned.stop_id == stop.pk


def test_customer_manager_cannot_log_a_visit_outside_scope():
    cm, _ = make_cm_with_retailers(1)
    other_cm, (theirs,) = make_cm_with_retailers(1)
    resp = _post_visit(_client(cm), theirs.pk)
    assert resp.status_code == 200
    assert (
        "Unknown retailer, or outside your scope." in resp.content.decode()
        or "范围" in resp.content.decode()
    )
    assert not Visit.objects.exists()
    with pytest.raises(Invalid) as err:
        do_record_visit(
            user=cm.user, retailer_id=theirs.pk, checked_in_at=at(2026, 12, 3), now=LATER
        )
    assert "retailer" in _by_field(err.value)
    assert err.value.code == "retailer_out_of_scope"
    assert not Visit.objects.exists()


def test_unknown_retailer_is_a_clear_error():
    cm, _ = make_cm_with_retailers(1)
    with pytest.raises(Invalid) as err:
        do_record_visit(user=cm.user, retailer_id=999_999, checked_in_at=at(2026, 12, 3), now=LATER)
    assert "999999" in _by_field(err.value)["retailer"][0]
    resp = _post_visit(_client(cm), 999_999)
    assert resp.status_code == 200 and not Visit.objects.exists()
    assert resp.context["form"].errors["retailer"]


def test_negative_stock_is_rejected_and_nothing_stored():
    cm, (r,) = make_cm_with_retailers(1)
    sku = make_sku()
    resp = _post_visit(_client(cm), r.pk, **{"sku-0-sku": str(sku.pk), "sku-0-stock": "-3"})
    assert resp.status_code == 200
    assert resp.context["skus"].forms[0].errors["stock"]
    with override("en"), pytest.raises(Invalid) as err:
        do_record_visit(
            user=cm.user,
            retailer_id=r.pk,
            checked_in_at=at(2026, 12, 3),
            skus=[SkuSeen(sku.pk, -3)],
        )
    assert "Row 1" in _by_field(err.value)["skus"][0]
    assert not Visit.objects.exists() and not VisitSkuInfo.objects.exists()


def test_unknown_sku_is_rejected():
    cm, (r,) = make_cm_with_retailers(1)
    with pytest.raises(Invalid) as err:
        do_record_visit(
            user=cm.user, retailer_id=r.pk, checked_in_at=at(2026, 12, 3), skus=[SkuSeen(987654, 1)]
        )
    assert "987654" in _by_field(err.value)["skus"][0]
    assert not Visit.objects.exists()


def test_visit_in_a_closed_month_is_rejected():
    cm, (r,) = make_cm_with_retailers(1)
    director = make_staff(Role.DIRECTOR, dept=cm.department)
    do_close_month(user=director.user, month="2026-11")
    with pytest.raises(Invalid) as err:
        do_record_visit(user=cm.user, retailer_id=r.pk, checked_in_at=at(2026, 11, 30), now=LATER)
    assert "2026-11" in _by_field(err.value)["checked_in_at"][0]
    assert err.value.code == "month_closed"
    resp = _post_visit(_client(cm), r.pk, checked_in_at="2026-11-30T10:00")
    assert resp.status_code == 200 and resp.context["form"].errors["checked_in_at"]
    assert not Visit.objects.exists()
    assert do_record_visit(user=cm.user, retailer_id=r.pk, checked_in_at=at(2026, 12, 1), now=LATER)


def test_only_the_director_closes_months():
    cm, _ = make_cm_with_retailers(1)
    with pytest.raises(PermissionDenied):
        do_close_month(user=cm.user, month="2026-11")
    assert not ClosedMonth.objects.exists()


def test_customer_manager_sees_only_their_own_plan(monkeypatch):
    fix_stars(monkeypatch, {})
    cm, _ = make_cm_with_retailers(2)
    other, _ = make_cm_with_retailers(2, area=cm.area)
    do_generate_month_plans(department=cm.department, month="2026-12")
    c = _client(cm)
    assert c.get(f"/visits/plan/{cm.pk}/2026-12/").status_code == 200
    assert c.get(f"/visits/plan/{other.pk}/2026-12/").status_code == 404
    mm = make_staff(Role.MARKET_MANAGER, area=cm.area)
    assert _client(mm).get(f"/visits/plan/{other.pk}/2026-12/").status_code == 200
    foreign_mm = make_staff(Role.MARKET_MANAGER)
    assert _client(foreign_mm).get(f"/visits/plan/{other.pk}/2026-12/").status_code == 404


def test_plan_page_shows_ordered_stops_and_chart_data(monkeypatch):
    fix_stars(monkeypatch, {})
    cm, rs = make_cm_with_retailers(3)
    do_generate_month_plans(department=cm.department, month="2026-12")
    client = _client(cm)
    resp = client.get(f"/visits/plan/{cm.pk}/2026-12/")
    body = resp.content.decode()
    assert 'id="route-data"' in body and "echarts-5.6.0.min.js" in body
    assert resp.context["stop_count"] == 12
    # One day at a time: every retailer is on the route of some day of the month.
    shown: set[str] = set()
    for d in resp.context["days"]:
        day = client.get(f"/visits/plan/{cm.pk}/2026-12/", {"day": d.day.isoformat()})
        seqs = [s.seq for s in day.context["shown"].stops]
        assert seqs == sorted(seqs) and day.context["shown"].day == d.day
        shown.update(r.name for r in rs if r.name in day.content.decode())
    assert shown == {r.name for r in rs}


def test_rules_are_edited_by_the_director_only_with_a_change_log():
    cm, _ = make_cm_with_retailers(1)
    director = make_staff(Role.DIRECTOR, dept=cm.department)
    rule = VisitRule.objects.get(star="2S")
    data = {
        "action": f"rule-{rule.pk}",
        f"r{rule.pk}-cm_visits": "3",
        f"r{rule.pk}-cm_period": "month",
        f"r{rule.pk}-mm_visits": "0",
    }
    assert _client(cm).post("/visits/rules/", data).status_code == 403
    rule.refresh_from_db()
    assert rule.cm_visits == 2
    assert _client(director).post("/visits/rules/", data).status_code == 302
    rule.refresh_from_db()
    assert rule.cm_visits == 3
    change = VisitRuleChange.objects.get()
    assert change.changed_by == director.user
    assert change.old["cm_visits"] == 2 and change.new["cm_visits"] == 3
    with pytest.raises(PermissionDenied):
        do_update_visit_rule(user=cm.user, rule=rule, cm_visits=1, cm_period="month", mm_visits=0)


def test_rule_below_once_a_month_is_refused():
    director = make_staff(Role.DIRECTOR)
    rule = VisitRule.objects.get(star="1S")
    with pytest.raises(ValidationError):
        do_update_visit_rule(
            user=director.user, rule=rule, cm_visits=0, cm_period="month", mm_visits=0
        )
    assert VisitRule.objects.get(star="1S").cm_visits == 1
    assert not VisitRuleChange.objects.exists()


def test_default_rules_follow_domain_table():
    rules = {r.star: (r.cm_visits, r.cm_period, r.mm_visits) for r in VisitRule.objects.all()}
    assert rules["5S2"] == (1, "week", 1)
    assert rules["3S"] == (4, "month", 0)
    assert rules["1S"] == (1, "month", 0)
    assert rules["NEW"] == rules["3S"]
    assert len(rules) == 8


def test_log_page_renders_for_a_narrow_screen():
    cm, _ = make_cm_with_retailers(1)
    body = _client(cm).get("/visits/log/").content.decode()
    assert 'name="viewport"' in body and "max-width: 480px" in body
