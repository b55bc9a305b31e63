"""One split of an area's plan among its customer managers, used by the dashboard, the targets
page's completion table and the KPI inputs: the three agree, for a month and for the year,
and follow the documented rule (whole last year's volume of each manager's current retailers).
"""

from datetime import date

import pytest

from jinye.engines.analysis import Period
from jinye.org.models import Role
from jinye.people.kpi_inputs import manager_targets
from jinye.retailers.models import Retailer
from jinye.targets import selectors
from jinye.targets.models import AnnualTarget, MonthTarget
from tests.factories import make_area, make_order, make_retailer, make_sku, make_staff

pytestmark = pytest.mark.django_db

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def area_of_three(dept):
    """Three active managers and one who left; last year cm1 sold only in March, cm2 and cm3
    only in the autumn, so a same-month split and a whole-year split differ."""
    area = make_area(dept, code="A")
    cms = [make_staff(Role.CUSTOMER_MANAGER, area=area) for _ in range(3)]
    gone = make_staff(Role.CUSTOMER_MANAGER, area=area)
    gone.active = False
    gone.save()
    sku = make_sku()
    shops = [make_retailer(manager=m) for m in cms]
    make_order(shops[0], [(sku, 500)], on=date(2025, 3, 10))
    make_order(shops[1], [(sku, 300)], on=date(2025, 9, 10))
    make_order(shops[2], [(sku, 200)], on=date(2025, 10, 10))
    make_order(shops[2], [(sku, 999)], on=date(2025, 10, 11), status="cancelled")
    target = AnnualTarget.objects.create(
        department=dept, year=2026, volume_cases=12_000 + 7, revenue=1, basis="even"
    )
    for m in range(1, 13):
        MonthTarget.objects.create(
            target=target, area=area, month=m, volume_cases=1_007 if m == 3 else 1_000, revenue=0
        )
    return area, cms, gone


def test_the_three_users_of_the_split_agree(dept, area_of_three):
    area, cms, gone = area_of_three
    for period in (MARCH, YEAR):
        dashboard = {m.pk: selectors.manager_plan_cases(dept, m, period) for m in cms}
        rows = selectors.completion_rows(dept, period, retailers=Retailer.objects.all())
        page = {m.pk: next(r.plan for r in rows if r.name == f"· {m.name}") for m in cms}
        kpi = manager_targets(dept, [*cms, gone], period)
        assert dashboard == page == {m.pk: kpi[m.pk] for m in cms}
        assert sum(dashboard.values()) == selectors.plan_cases(dept, period, area=area)
        assert kpi[gone.pk] is None


def test_split_is_by_whole_last_year_of_current_retailers(dept, area_of_three):
    _, cms, _ = area_of_three
    # weights 500 : 300 : 200 (the cancelled order does not count), whatever the month
    march = selectors.manager_plans(dept, cms[0].area, MARCH)
    assert march == {cms[0].pk: 504, cms[1].pk: 302, cms[2].pk: 201}  # 1,007 × 5/10, 3/10, 2/10
    year = selectors.manager_plans(dept, cms[0].area, YEAR)
    assert year == {cms[0].pk: 6_004, cms[1].pk: 3_602, cms[2].pk: 2_401}


def test_retailers_moved_to_another_manager_carry_their_weight(dept, area_of_three):
    _, cms, _ = area_of_three
    Retailer.objects.filter(customer_manager=cms[0]).update(customer_manager=cms[1])
    plans = selectors.manager_plans(dept, cms[0].area, MARCH)
    assert plans == {cms[0].pk: 0, cms[1].pk: 806, cms[2].pk: 201}


def test_no_plan_is_none(dept, area_of_three):
    _, cms, _ = area_of_three
    may_2027 = Period(date(2027, 5, 1), date(2027, 5, 31))
    assert selectors.manager_plans(dept, cms[0].area, may_2027) is None
    assert selectors.manager_plan_cases(dept, cms[0], may_2027) is None
