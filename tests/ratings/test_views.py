"""Pages: a retailer's classification (404 outside scope), distribution and movers scoped
by role, the director's rules and run page, and the template tags."""

import pytest
from django.template import Context, Template
from django.test import Client

from jinye.org.models import Role
from jinye.ratings.models import ClassificationRun, RatingSettings, RetailerRating
from jinye.ratings.selectors import rating_settings
from jinye.ratings.services import do_classify_quarter
from tests.factories import make_order, make_staff
from tests.ratings.factories import Q3_DAY, County, make_county

pytestmark = pytest.mark.django_db


def _client(staff) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(staff.user)
    return c


def _rated(dept) -> County:  # type: ignore[no-untyped-def]
    c = make_county(dept)
    do_classify_quarter(quarter="2026Q2", department=dept)
    # The lowest retailer of the first manager becomes the department's biggest buyer.
    make_order(c.retailers[0], [(c.high, 100)], on=Q3_DAY)
    do_classify_quarter(quarter="2026Q3", department=dept)
    return c


def test_customer_manager_sees_own_retailers_rating_and_404_for_others(dept):
    c = _rated(dept)
    client = _client(c.managers[0])
    own, other = c.retailers[0], c.retailers[3]
    resp = client.get(f"/ratings/retailer/{own.pk}/")
    assert resp.status_code == 200
    body = resp.content.decode()
    rating = RetailerRating.objects.get(retailer=own, quarter="2026Q3")
    assert f'id="rating-tier">{rating.tier}<' in body
    assert rating.class_code in body and 'id="star-explanation"' in body
    assert "rating-trend-data" in body  # two quarters: the trend chart
    assert client.get(f"/ratings/retailer/{other.pk}/").status_code == 404
    assert client.get("/ratings/retailer/999999/").status_code == 404


def test_market_manager_sees_own_area_only_and_director_everything(dept):
    c = _rated(dept)
    mm = make_staff(Role.MARKET_MANAGER, area=c.areas[1])
    assert _client(mm).get(f"/ratings/retailer/{c.retailers[0].pk}/").status_code == 404
    assert _client(mm).get(f"/ratings/retailer/{c.retailers[3].pk}/").status_code == 200
    director = make_staff(Role.DIRECTOR, dept=dept)
    assert _client(director).get(f"/ratings/retailer/{c.retailers[0].pk}/").status_code == 200


def test_anonymous_is_sent_to_login(dept):
    c = _rated(dept)
    resp = Client().get(f"/ratings/retailer/{c.retailers[0].pk}/")
    assert resp.status_code == 302 and "login" in resp.url


def test_distribution_counts_only_the_readers_retailers(dept):
    c = _rated(dept)
    cm_dist = _client(c.managers[0]).get("/ratings/").context["dist"]
    assert cm_dist.quarter == "2026Q3" and cm_dist.total == 3
    assert sum(n for _, n in cm_dist.tiers) == 3
    director = make_staff(Role.DIRECTOR, dept=dept)
    resp = _client(director).get("/ratings/", {"quarter": "2026Q2"})
    dist = resp.context["dist"]
    assert dist.quarter == "2026Q2" and dist.total == 6
    assert len(dist.tiers) == 30 and sum(n for _, n in dist.tiers) == 6
    assert sum(n for _, _, n in dist.stars) == 6
    body = resp.content.decode()
    assert 'id="tier-chart"' in body and "echarts-5.6.0.min.js" in body


def test_distribution_with_unknown_quarter_falls_back_with_a_message(dept):
    c = _rated(dept)
    resp = _client(c.managers[0]).get("/ratings/", {"quarter": "2031Q1"})
    assert resp.context["quarter"] == "2026Q3"
    assert "2031Q1" in resp.content.decode()


def test_movers_are_scoped_and_ordered(dept):
    c = _rated(dept)
    director = make_staff(Role.DIRECTOR, dept=dept)
    resp = _client(director).get("/ratings/movers/")
    ups, downs = resp.context["ups"], resp.context["downs"]
    assert [m.retailer.pk for m in ups] == [c.retailers[0].pk]
    assert ups[0].change > 0 and all(m.change < 0 for m in downs)
    assert {m.retailer.pk for m in downs} == {r.pk for r in c.retailers[1:]}
    changes = [m.change for m in downs]
    assert changes == sorted(changes)
    other = _client(c.managers[1]).get("/ratings/movers/")
    assert other.context["ups"] == []
    assert {m.retailer.pk for m in other.context["downs"]} == {r.pk for r in c.retailers[3:]}


def test_run_page_is_for_the_director_only(dept):
    c = _rated(dept)
    assert _client(c.managers[0]).get("/ratings/run/").status_code == 403
    director = make_staff(Role.DIRECTOR, dept=dept)
    resp = _client(director).get("/ratings/run/")
    assert resp.status_code == 200 and len(resp.context["runs"]) == 2


def test_director_runs_a_quarter_from_the_page(dept):
    make_county(dept, per_manager=1)
    director = make_staff(Role.DIRECTOR, dept=dept)
    client = _client(director)
    bad = client.post("/ratings/run/", {"action": "run", "run-quarter": "2026Q9"})
    assert bad.status_code == 200 and bad.context["run_form"].errors["quarter"]
    assert not ClassificationRun.objects.exists()
    ok = client.post("/ratings/run/", {"action": "run", "run-quarter": "2026Q3"})
    assert ok.status_code == 302
    run = ClassificationRun.objects.get()
    assert run.run_by == director.user and run.retailer_count == 2


def _settings_post(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "tiers": 30,
        "tier_quantiles": "",
        "weight_amount": 0.7,
        "weight_volume": 0.2,
        "weight_structure": 0.1,
        "weight_actual": 0.4,
        "weight_development": 0.2,
        "weight_support": 0.2,
        "weight_integrity": 0.2,
        "min_5s2": 90,
        "min_5s1": 82,
        "min_4s2": 74,
        "min_4s1": 66,
        "min_3s": 55,
        "min_2s": 40,
        "large_share": 0.1,
        "medium_share": 0.3,
    }
    values.update(changes)
    return {"action": "settings", **{f"cfg-{k}": v for k, v in values.items()}}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weight_amount": 0.8}, "weight_amount"),
        ({"weight_integrity": 0.5}, "weight_actual"),
        ({"min_3s": 70}, "min_3s"),
        ({"min_2s": 120}, "min_2s"),
        ({"large_share": 0.8}, "medium_share"),
        ({"tiers": 3, "tier_quantiles": "0.5"}, "tier_quantiles"),
        ({"tiers": 3, "tier_quantiles": "0.5, abc"}, "tier_quantiles"),
        ({"tiers": 0}, "tiers"),
    ],
)
def test_settings_form_rejects_bad_rules_on_the_field(dept, changes, field):
    director = make_staff(Role.DIRECTOR, dept=dept)
    resp = _client(director).post("/ratings/run/", _settings_post(**changes))
    assert resp.status_code == 200
    assert resp.context["settings_form"].errors[field]
    row = rating_settings(dept)
    assert (row.tiers, row.weight_amount, row.min_3s, row.updated_by) == (30, 0.7, 55.0, None)


def test_settings_form_saves_good_rules(dept):
    director = make_staff(Role.DIRECTOR, dept=dept)
    resp = _client(director).post(
        "/ratings/run/",
        _settings_post(tiers=3, tier_quantiles="0.5，0.9", weight_amount=0.6, weight_volume=0.3),
    )
    assert resp.status_code == 302
    row = RatingSettings.objects.get(department=dept)
    assert row.quantiles() == (0.5, 0.9) and row.weight_amount == 0.6
    assert row.updated_by == director.user


def test_panel_and_class_code_tags(dept):
    c = make_county(dept, per_manager=1)
    shop = c.retailers[0]
    render = Template(
        "{% load ratings_tags %}[{% rating_class_code retailer %}]{% rating_panel retailer %}"
    ).render
    before = render(Context({"retailer": shop}))
    assert "[CZ]" in before and "新增户" in before
    do_classify_quarter(quarter="2026Q3", department=dept)
    after = render(Context({"retailer": shop}))
    rating = RetailerRating.objects.get(retailer=shop)
    assert f"[{rating.class_code}]" in after and rating.class_code[-1].isdigit()
    assert 'id="tier-explanation"' in after and "rating-trend-data" not in after
