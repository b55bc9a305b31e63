"""The dashboard's target and inventory figures, per role: each role's own scope against its
own target, every figure computed here independently from the constructed rows."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone, translation

from jinye.org.models import Role
from jinye.targets import selectors
from jinye.targets.models import AnnualTarget, InventorySurvey, MonthTarget, StockCount
from jinye.targets.selectors import Scope
from tests.factories import make_area, make_order, make_retailer, make_sku, make_staff

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)


def pct(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.fixture
def county(dept):
    """Area A (market manager, customer managers 1 and 2) has a plan of 12,001 箱; area C
    (market manager, customer manager 3) has none. One survey of all three shops."""
    a, c = make_area(dept, code="A"), make_area(dept, code="C")
    p = {
        "director": make_staff(Role.DIRECTOR, dept=dept),
        "mm_a": make_staff(Role.MARKET_MANAGER, area=a),
        "cm1": make_staff(Role.CUSTOMER_MANAGER, area=a),
        "cm2": make_staff(Role.CUSTOMER_MANAGER, area=a),
        "mm_c": make_staff(Role.MARKET_MANAGER, area=c),
        "cm3": make_staff(Role.CUSTOMER_MANAGER, area=c),
    }
    r1, r2, r3 = (make_retailer(manager=p[k]) for k in ("cm1", "cm2", "cm3"))
    sku = make_sku()
    # last year: cm1 750 条 (in the first half), cm2 250 条 (in September)
    make_order(r1, [(sku, 750)], on=date(2025, 3, 1))
    make_order(r2, [(sku, 250)], on=date(2025, 9, 1))
    # this year to 30 June, plus a cancelled order and one after today that never count
    make_order(r1, [(sku, 300_000)], on=date(2026, 2, 10))
    make_order(r1, [(sku, 1_597)], on=date(2026, 2, 12))
    make_order(r1, [(sku, 500)], on=date(2026, 2, 11), status="cancelled")
    make_order(r2, [(sku, 400)], on=date(2026, 5, 20))
    make_order(r3, [(sku, 1_000)], on=date(2026, 6, 1))
    make_order(r3, [(sku, 9_999)], on=date(2026, 7, 5))
    target = AnnualTarget.objects.create(
        department=dept, year=2026, volume_cases=12_001, revenue=1, basis="even"
    )
    for m in range(1, 13):
        MonthTarget.objects.create(
            target=target, area=a, month=m, volume_cases=1_001 if m == 1 else 1_000, revenue=0
        )
    survey = InventorySurvey.objects.create(
        department=dept, name="6月全采", taken_on=date(2026, 6, 15)
    )
    survey.retailers.set([r1, r2, r3])
    for r, n in ((r1, 40), (r2, 80), (r3, 120)):
        StockCount.objects.create(survey=survey, retailer=r, sku=sku, cartons=n)
    return p


# The figures, by hand from the rows above.
CM1_YTD = 300_000 + 1_597  # the cancelled 500 does not count
CM2_YTD, CM3_YTD = 400, 1_000
AREA_A_PLAN = 1_001 + 11 * 1_000  # 12,001 箱
# cm1 and cm2 share area A's plan by last year's whole-year volume 750 : 250:
# 12,001 × 3/4 = 9,000.75 and 12,001 × 1/4 = 3,000.25 → 9,001 and 3,000 (largest remainder)
CM1_PLAN, CM2_PLAN = 9_001, 3_000


def test_customer_manager_sees_own_retailers_against_own_decomposed_target(county):
    f = selectors.dashboard_figures(county["cm1"], TODAY)
    assert (f.scope, f.target_cases, f.actual_cartons) == (Scope.MINE, CM1_PLAN, CM1_YTD)
    assert f.completion_pct == pct(CM1_YTD, CM1_PLAN * 250) == Decimal("13.40")
    assert f.yoy_pct == pct(CM1_YTD - 750, 750)
    s = f.survey
    assert s is not None
    assert (s.surveyed, s.total_cartons, s.sales_cartons, s.ratio) == (1, 40, 0, None)
    assert s.low_stock == {50: 1, 100: 1}
    cm2 = selectors.dashboard_figures(county["cm2"], TODAY)
    assert (cm2.target_cases, cm2.actual_cartons) == (CM2_PLAN, CM2_YTD)
    assert cm2.completion_pct == pct(CM2_YTD, CM2_PLAN * 250)
    assert CM1_PLAN + CM2_PLAN == AREA_A_PLAN


def test_market_manager_sees_the_area_against_the_area_target(county):
    f = selectors.dashboard_figures(county["mm_a"], TODAY)
    ytd = CM1_YTD + CM2_YTD
    assert (f.scope, f.target_cases, f.actual_cartons) == (Scope.AREA, AREA_A_PLAN, ytd)
    assert f.completion_pct == pct(ytd, AREA_A_PLAN * 250)
    s = f.survey
    assert s is not None
    # stock 40 + 80; sales 15 May – 14 June: r2's 400
    assert (s.surveyed, s.total_cartons, s.sales_cartons) == (2, 120, 400)
    assert s.ratio == Decimal("0.30")
    assert s.low_stock == {50: 1, 100: 2}


def test_director_sees_the_department_against_the_department_target(county):
    f = selectors.dashboard_figures(county["director"], TODAY)
    ytd = CM1_YTD + CM2_YTD + CM3_YTD
    assert (f.scope, f.target_cases, f.actual_cartons) == (Scope.DEPARTMENT, 12_001, ytd)
    assert f.completion_pct == pct(ytd, 12_001 * 250)
    s = f.survey
    assert s is not None
    assert (s.surveyed, s.total_cartons, s.sales_cartons) == (3, 240, 1_400)
    assert s.ratio == (Decimal(240) / 1_400).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert s.low_stock == {50: 1, 100: 2}


@pytest.mark.parametrize("who", ["mm_c", "cm3"])
def test_roles_without_a_target_get_no_completion(county, who):
    f = selectors.dashboard_figures(county[who], TODAY)
    assert f.target_cases is None and f.completion_pct is None
    assert f.actual_cartons == CM3_YTD


def _page(client, staff, monkeypatch, lang="zh-hans"):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    client.force_login(staff.user)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    translation.deactivate()
    return html


def test_pages_label_each_figure_with_its_scope(client, county, monkeypatch):
    html = _page(client, county["cm1"], monkeypatch)
    assert f"统计范围：我的客户（{county['cm1'].name}）" in html
    assert (
        "我的客户 2026年1月1日至2026年6月30日累计完成2026年全年计划的13.40% (1,206.39 / 9,001 箱)"
        in html
    )
    # the running quarter against its own plan: cm1 sold nothing since 1 April; Q2's plan
    # 3,000 箱 is split 3 : 1 like the year's
    assert "我的客户 2026年二季度截至2026年6月30日完成季度计划的比例 (0.00 / 2,250 箱)" in html
    assert 'id="quarter-completion">0.00%<' in html
    assert 'data-value="13.40"' in html
    assert "我的客户 库存少于 50 条的客户" in html
    assert "14,503" not in html

    html = _page(client, county["mm_a"], monkeypatch)
    ytd = CM1_YTD + CM2_YTD
    cases = f"{Decimal(ytd) / 250:,.2f}"
    assert (
        f"本市场部 2026年1月1日至2026年6月30日累计完成2026年全年计划的"
        f"{pct(ytd, AREA_A_PLAN * 250)}% ({cases} / 12,001 箱)" in html
    )
    # Q2 to date: r2's 400 条 of the area's 3,000 箱
    assert f'id="quarter-completion">{pct(400, 3_000 * 250)}%<' in html
    assert "本市场部 存销比（6月全采）" in html and 'id="stock-ratio">0.30<' in html

    html = _page(client, county["director"], monkeypatch)
    assert (
        "全营销部 2026年1月1日至2026年6月30日累计完成2026年全年计划的" in html
        and 'id="low-stock-100">2<' in html
    )


def test_page_without_a_target_says_so_and_draws_no_gauge(client, county, monkeypatch):
    html = _page(client, county["cm3"], monkeypatch)
    assert "我的客户 没有2026年度目标，不计算完成率。 年累计销量 4.00 箱。" in html
    assert 'id="target-gauge"' not in html
    html = _page(client, county["mm_c"], monkeypatch, lang="en")
    assert "My market area: no annual target for 2026, so no completion rate." in html
