"""Which period a report covers (issue 13 item 7): one period asked for, two refused, a bad
one refused in the reader's language (never another period shown instead); a period without
orders or not yet begun refused; a running quarter labelled and compared with the same days
last year."""

from datetime import date

import pytest
from django.utils import timezone, translation

from jinye.errors import Invalid
from jinye.periods import Month, Quarter, parse_month_or_quarter
from jinye.reports.builder import build_report
from jinye.retailers.models import Retailer
from tests.factories import make_area, make_order, make_retailer, make_sku, make_staff

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


@pytest.fixture
def shop(dept):
    area = make_area(dept)
    director = make_staff("director", dept=dept)
    shop = make_retailer(area=area)
    sku = make_sku()
    # this year: 10 November (before today) and 25 November (after today: not yet counted)
    make_order(shop, [(sku, 500)], on=date(2026, 10, 5))
    make_order(shop, [(sku, 250)], on=date(2026, 11, 10))
    # last year: up to 20 November 750 条; after it 2,500 条 that the same days leave out
    make_order(shop, [(sku, 750)], on=date(2025, 11, 1))
    make_order(shop, [(sku, 2_500)], on=date(2025, 12, 10))
    return director


def _build(dept, period: str, today=TODAY):
    return build_report(
        department=dept,
        period=parse_month_or_quarter(period),
        retailers=Retailer.objects.all(),
        today=today,
    )


def test_running_quarter_is_labelled_and_compared_with_the_same_days_last_year(dept, shop):
    with translation.override("zh-hans"):
        r = _build(dept, "2026Q4")
    a = r.analysis
    assert r.in_progress and r.label == "2026年四季度（截至2026年11月20日）"
    assert (a.current.first, a.current.last) == (date(2026, 10, 1), TODAY)
    assert (a.previous.first, a.previous.last) == (date(2025, 10, 1), date(2025, 11, 20))
    assert a.now.cartons == 750 and a.before.cartons == 750  # not the 2,500 of December
    assert r.notes[0].startswith("2026年四季度尚未结束：数据截至2026年11月20日")
    assert "2025年10月1日至2025年11月20日" in r.notes[0]
    assert (
        r.sections[0]
        .paragraphs[0]
        .startswith("2026年四季度（截至2026年11月20日），全县销售卷烟3箱，较同期3箱，持平")
    )
    assert r.title.endswith("2026年四季度（截至2026年11月20日）卷烟经营运行情况")


def test_finished_quarter_has_no_running_note(dept, shop):
    r = _build(dept, "2026Q4", today=date(2027, 1, 1))
    assert not r.in_progress and r.notes == []
    assert r.analysis.current.last == date(2026, 12, 31)


def test_period_without_orders_is_refused_not_a_report_of_zeros(dept, shop):
    with translation.override("zh-hans"), pytest.raises(Invalid) as exc:
        _build(dept, "2024Q2")
    assert exc.value.code == "period_no_data"
    assert "2024年4月1日至2024年6月30日（2024年二季度）没有订单记录" in exc.value.message


def test_future_period_is_refused(dept, shop):
    with translation.override("en"), pytest.raises(Invalid) as exc:
        _build(dept, "2027-03")
    assert exc.value.code == "period_not_started"
    assert exc.value.message.startswith("March 2027 has not begun yet")


def test_no_orders_last_year_is_said(dept, shop):
    with translation.override("zh-hans"):
        r = _build(dept, "2026-10")
    assert r.notes == [
        "去年同期（2025年10月1日至2025年10月31日）没有订单记录，以下同比无可比基数。"
    ]


def _get(client, user, query, lang="zh-hans"):
    client.force_login(user)
    response = client.get(f"/reports/?{query}", HTTP_ACCEPT_LANGUAGE=lang)
    translation.deactivate()
    return response


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def test_quarter_and_month_together_are_refused(client, shop, today):
    r = _get(client, shop.user, "quarter=2026Q4&month=2026-10")
    body = r.content.decode()
    assert r.status_code == 400
    assert "请只选择一个时段（季度或月份），不要同时填写：2026Q4、2026-10。" in body
    assert "一、总体情况" not in body  # neither period is shown


def test_bad_quarter_is_a_translated_error_and_no_other_period(client, shop, today):
    r = _get(client, shop.user, "quarter=2026Q9")
    body = r.content.decode()
    assert r.status_code == 400 and "“2026Q9”不是有效的季度" in body
    assert "一、总体情况" not in body and "2026年三季度" not in body
    r = _get(client, shop.user, "period=2026-13", lang="en")
    assert r.status_code == 400 and "“2026-13” is not a month" in r.content.decode()
    r = _get(client, shop.user, "period=26Q1", lang="en")
    assert "“26Q1” is neither a quarter nor a month" in r.content.decode()


def test_one_period_field_takes_a_quarter_or_a_month(client, shop, today):
    body = _get(client, shop.user, "period=2026Q4").content.decode()
    assert "2026年四季度（截至2026年11月20日）" in body and 'id="report-notes"' in body
    assert 'href="?period=2026Q4&format=docx"' in body
    body = _get(client, shop.user, "period=2026-11").content.decode()
    assert "2026年11月（截至2026年11月20日）" in body


def test_no_period_says_which_one_is_shown(client, shop, today):
    body = _get(client, shop.user, "").content.decode()
    assert "未选择时段：显示最近一个完整季度，2026年三季度。" in body
    # Q3 2026 has no order in this county: said, not a report of zeros
    assert "没有订单记录" in body and "下降100%" not in body


def test_future_period_page_says_so(client, shop, today):
    body = _get(client, shop.user, "period=2027Q1").content.decode()
    assert "2027年一季度尚未开始（今天是2026年11月20日）" in body


def test_parse_month_or_quarter():
    assert parse_month_or_quarter("２０２６ｑ３") == Quarter(2026, 3)
    assert parse_month_or_quarter("2026-3") == Month(2026, 3)
    with pytest.raises(Invalid) as exc:
        parse_month_or_quarter("2026", field="period")
    assert exc.value.code == "bad_period" and exc.value.field == "period"
