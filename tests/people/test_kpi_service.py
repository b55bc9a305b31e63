"""KPIs computed from a constructed month of orders, targets, plans and visits."""

from datetime import date

import pytest
from django.utils import translation

from jinye.errors import Invalid
from jinye.org.models import Role
from jinye.people.models import KpiMonth, KpiSettings
from jinye.people.services import do_compute_kpis, do_update_kpi_settings, kpi_settings
from tests.factories import make_area, make_retailer, make_sku, make_staff
from tests.people.factories import plan, sell, set_target, visit

pytestmark = pytest.mark.django_db


def test_month_figures() -> None:
    area = make_area()
    cm = make_staff(Role.CUSTOMER_MANAGER, area=area)
    other = make_staff(Role.CUSTOMER_MANAGER, area=area)
    sku = make_sku()
    rs = [make_retailer(manager=cm) for _ in range(5)]
    make_retailer(manager=other)
    # target: the area's 4 cases split by last year's volume (all of it cm's) → 4 for cm
    set_target(cm, 2026, 11, 4)
    sell(rs[0], sku, 100, date(2025, 11, 10))
    # this month 750 条 = 3 cases → 75%; rs[0] and rs[1] also sold in October
    sell(rs[0], sku, 500, date(2026, 11, 3))
    sell(rs[1], sku, 250, date(2026, 11, 4))
    sell(rs[0], sku, 100, date(2026, 10, 3))
    sell(rs[1], sku, 400, date(2026, 10, 4))
    # 4 planned stops, 3 done
    stops = plan(cm, [(date(2026, 11, d), rs[d % 5]) for d in (2, 3, 4, 5)])
    for s in stops[:3]:
        visit(cm, s.retailer, s.plan_day.day, stop=s)
    # guidance to rs[0] (grew: effective) and rs[1] (fell: not), rs[2] (no order: not)
    visit(cm, rs[0], date(2026, 11, 10), guidance=True, info=[(sku, 10)])
    visit(cm, rs[1], date(2026, 11, 11), guidance=True, observations="发现假烟")
    visit(cm, rs[2], date(2026, 11, 12), guidance=True, complaints="到货慢")
    # a visit in December does not count
    visit(cm, rs[3], date(2026, 12, 1), guidance=True, complaints="x")

    results = {r.staff_id: r for r in do_compute_kpis(department=cm.department, month="2026-11")}
    mine = results[cm.pk]
    vals = {v.kpi: v for v in mine.values.all()}
    assert mine.inputs["target_cases"] == 4.0
    assert vals["sales"].value == pytest.approx(0.75)
    assert vals["visits"].value == pytest.approx(0.75)
    assert vals["market_info"].value == 2  # one SKU record + one observation
    assert vals["guidance_coverage"].value == pytest.approx(3 / 5)
    assert vals["guidance_effect"].value == pytest.approx(1 / 3)
    assert vals["complaints"].value == 1
    assert vals["forecast"].value is None and vals["forecast"].weight == 0
    # weights over the six available KPIs (30+15+10+10+10+10 = 85)
    expected = (30 * 0.75 + 15 * 0.75 + 10 * 0.4 + 10 * 1.0 + 10 * (1 / 3) / 0.8 + 10 * 0.8) / 85
    assert mine.score == pytest.approx(100 * expected, abs=0.01)
    assert set(results) == {cm.pk, other.pk}


def test_rerun_replaces_the_month_and_uses_settings() -> None:
    cm = make_staff(Role.CUSTOMER_MANAGER)
    make_retailer(manager=cm)
    do_compute_kpis(department=cm.department, month="2026-11")
    KpiSettings.objects.filter(department=cm.department).update(w_complaints=0)
    do_compute_kpis(department=cm.department, month="2026-11")
    assert KpiMonth.objects.filter(staff=cm, month="2026-11").count() == 1
    assert KpiMonth.objects.get(staff=cm).config["weights"]["complaints"] == 0


def test_bad_month_is_rejected() -> None:
    cm = make_staff(Role.CUSTOMER_MANAGER)
    with pytest.raises(ValueError, match="YYYY-MM"):
        do_compute_kpis(department=cm.department, month="2026-13")


@pytest.mark.parametrize(
    ("values", "field", "english", "chinese"),
    [
        ({"w_sales": -1.0}, "w_sales", "Must not be negative.", "不能为负数。"),
        ({"forecast_target": 0.0}, "forecast_target", "Must be greater than 0.", "必须大于 0。"),
        (
            {"complaint_penalty": 2.0},
            "complaint_penalty",
            "Must be between 0 and 1.",
            "必须在 0 到 1 之间。",
        ),
    ],
)
def test_bad_kpi_settings_are_refused_on_the_field(values, field, english, chinese) -> None:
    director = make_staff(Role.DIRECTOR)
    row = kpi_settings(director.department)
    for language, message in (("en", english), ("zh-hans", chinese)):
        with translation.override(language), pytest.raises(Invalid) as refused:
            do_update_kpi_settings(settings_row=row, values=values, by=director.user)
        assert (refused.value.code, refused.value.field, refused.value.message) == (
            "bad_settings",
            field,
            message,
        )
    assert KpiSettings.objects.get(pk=row.pk).complaint_penalty == 0.2
