"""Issue 15, item 9: odd numbers (①, ², 20+ digits, bad periods) in count, id and query
fields answer a message, never a 500; and item 1: a stock count beyond the limit is refused
with the limit stated. Each field named by the issue has its own test."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from jinye.forecasts.models import CollectedForecast
from jinye.forecasts.services import Entry, do_enter_forecasts, do_open_round
from jinye.org.models import Role
from jinye.supply.models import Allowance, DemandRecord, MonthlyQuota
from jinye.targets import services as targets
from jinye.targets.models import StockCount
from tests.factories import make_staff
from tests.forecasts.factories import make_county
from tests.supply.factories import make_world

pytestmark = pytest.mark.django_db

ODD = ["①", "²", "1²", "12345678901234567890123", "-5", "9223372036854775807"]


def _client(staff) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(staff.user)
    return client


def _says_why(text: str, most: str) -> bool:
    """The message names the odd character, says it is not whole, or states the limit."""
    return "不是数字" in text or "不是整数" in text or f"最多 {most} 条" in text or "最少" in text


def _messages(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


@pytest.mark.parametrize("typed", ODD)
def test_quota_ceiling(typed: str) -> None:
    world = make_world(on=timezone.localdate())
    director = make_staff(Role.DIRECTOR, dept=world.retailer.area.department)
    quota = MonthlyQuota.objects.get()
    response = _client(director).post(
        f"/supply/quotas/{quota.pk}/adjust/", {"ceiling": typed, "reason": "测试"}, follow=True
    )
    assert response.status_code == 200
    quota.refresh_from_db()
    assert quota.ceiling == 100 and not quota.adjustments.exists()
    assert _says_why(_messages(response), "100,000")


@pytest.mark.parametrize("typed", ODD)
def test_allowance_quantity(typed: str) -> None:
    world = make_world(on=timezone.localdate())
    director = make_staff(Role.DIRECTOR, dept=world.retailer.area.department)
    allowance = Allowance.objects.get()
    url = f"/supply/runs/{allowance.run_id}/allowances/{allowance.pk}/adjust/"
    response = _client(director).post(url, {"quantity": typed, "reason": "测试"}, follow=True)
    assert response.status_code == 200
    allowance.refresh_from_db()
    assert allowance.quantity == 10
    assert _says_why(_messages(response), "10,000")


@pytest.mark.parametrize("typed", ODD)
def test_demand_quantity_and_record_number(typed: str) -> None:
    world = make_world(on=timezone.localdate())
    client = _client(world.manager)
    form = {"retailer": world.retailer.licence_no, "sku": [world.plain.code], "quantity": [typed]}
    page = client.post("/supply/demands/new/", form)
    assert page.status_code == 200 and not DemandRecord.objects.exists()
    assert _says_why(page.content.decode(), "10,000")
    order = {"retailer": world.retailer.licence_no, "demand": typed, "sku": [world.plain.code]}
    entered = client.post("/supply/orders/new/", {**order, "quantity": ["1"]})
    assert entered.status_code == 200


@pytest.mark.parametrize("typed", ODD)
def test_forecast_entry_and_correction(dept, typed: str) -> None:
    county = make_county(dept)
    rnd = do_open_round(
        department=dept,
        month=date(2027, 1, 1),
        sku_ids=[s.pk for s in county.skus],
        deadline=timezone.now() + timedelta(days=5),
        scope="all",
    )
    manager, shop, sku = county.managers[0], county.retailers[0], county.skus[0]
    entry = _client(manager).post(
        f"/forecasts/round/{rnd.pk}/retailer/{shop.pk}/", {f"sku_{sku.pk}": typed}
    )
    assert entry.status_code == 200 and not CollectedForecast.objects.exists()
    do_enter_forecasts(round=rnd, user=manager.user, entries=[Entry(shop.pk, sku.pk, 7)])
    fc = CollectedForecast.objects.get()
    review = _client(county.market)
    url = f"/forecasts/round/{rnd.pk}/review/"
    corrected = review.post(url, {"forecast": fc.pk, "qty": typed, "reason": "核实"}, follow=True)
    assert corrected.status_code == 200
    assert _says_why(_messages(corrected), "100,000")
    assert review.post(url, {"forecast": typed, "qty": "3"}).status_code == 404
    fc.refresh_from_db()
    assert fc.qty == 7


@pytest.mark.parametrize("typed", ODD)
def test_stock_count(dept, typed: str) -> None:
    county = make_county(dept)
    survey = targets.do_create_survey(
        department=dept, name="全采", taken_on=date(2026, 11, 30), sample_share=Decimal(1), seed=1
    )
    shop, sku = county.retailers[0], county.skus[0]
    page = _client(county.managers[0]).post(
        f"/targets/surveys/{survey.pk}/retailers/{shop.pk}/", {f"sku-{sku.pk}": typed}
    )
    assert page.status_code == 200 and not StockCount.objects.exists()
    assert _says_why(page.content.decode(), "100,000")


def test_the_reported_stock_count_states_the_limit(dept) -> None:
    """Issue 15 item 1: 9,223,372,036,854,775,807 cartons was saved; now it is refused."""
    county = make_county(dept)
    survey = targets.do_create_survey(
        department=dept, name="全采", taken_on=date(2026, 11, 30), sample_share=Decimal(1), seed=1
    )
    shop, sku = county.retailers[0], county.skus[0]
    page = _client(county.managers[0]).post(
        f"/targets/surveys/{survey.pk}/retailers/{shop.pk}/",
        {f"sku-{sku.pk}": "9223372036854775807"},
    )
    assert f"{sku.name}：9223372036854775807 数值过大，最多 100,000 条。" in page.content.decode()
    assert not StockCount.objects.exists()


@pytest.mark.parametrize("typed", ["①", "²", "99999999999999999999999"])
def test_committee_decision_number(typed: str) -> None:
    world = make_world()
    director = make_staff(Role.DIRECTOR, dept=world.retailer.area.department)
    response = _client(director).post(
        "/people/committee/", {"action": "approve", "decision": typed, "reason": "x"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/retailers/?area=123456789012345678901", "不是有效选项"),
        ("/retailers/?area=①", "不是有效选项"),
        ("/targets/?year=abc", "不是有效的年份"),
        ("/targets/?quarter=2026Q9", "不是有效的季度"),
        ("/reports/?month=9999-12", "不是有效的月份"),
        ("/supply/quotas/?month=0000-01", "不是有效的月份"),
        ("/supply/quotas/?month=２０２６-１３", "不是有效的月份"),
    ],
)
def test_odd_query_strings_are_a_message_not_a_500(url: str, says: str) -> None:
    world = make_world()
    director = make_staff(Role.DIRECTOR, dept=world.retailer.area.department)
    response = _client(director).get(url, follow=True)
    assert response.status_code in (200, 400)
    assert says in response.content.decode()


def test_a_ceiling_typed_in_full_width_digits_is_read() -> None:
    world = make_world(on=timezone.localdate())
    director = make_staff(Role.DIRECTOR, dept=world.retailer.area.department)
    quota = MonthlyQuota.objects.get()
    _client(director).post(
        f"/supply/quotas/{quota.pk}/adjust/", {"ceiling": "１，２００", "reason": "旺季"}
    )
    quota.refresh_from_db()
    assert quota.ceiling == 1200


@pytest.mark.parametrize(
    ("language", "says"),
    [("zh-hans", "最多 10,000,000 箱。"), ("en", "At most 10,000,000 cases (箱).")],
)
def test_a_target_form_states_its_limit_in_the_readers_language(language: str, says: str) -> None:
    world = make_world()
    director = make_staff(Role.DIRECTOR, dept=world.retailer.area.department)
    client = _client(director)
    form = {"year": "2027", "volume_cases": "99999999999", "revenue": "1000", "basis": "even"}
    page = client.post("/targets/", form, HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200 and says in page.content.decode()


@pytest.mark.parametrize(
    ("language", "says"), [("zh-hans", "最多 999,999.99 元。"), ("en", "At most 999,999.99 yuan")]
)
def test_a_price_cell_too_large_states_the_limit(language: str, says: str) -> None:
    from django.utils import translation

    from jinye.sheets import cells

    with translation.override(language), pytest.raises(cells.CellError) as refused:
        cells.money("1000000")
    assert says in str(refused.value)
    assert cells.money("999999.99") == Decimal("999999.99")
