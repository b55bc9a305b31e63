"""总量浮动管理 through the service and the pages: the total floats by the retailer's scale,
and no page reads a total as a floor.

Seed 000 篇五 (三、实行总量浮动控制): "客户经理不得规定客户的下限，不得按规格约定销量。客户根据
市场的实际需求，与零售户商定供货总量，在次基础上，根据客户的经营规模为大、中、小型，进行按规定
进行浮动管理。" Default bands: large ±10%, medium ±20%, small ±30%.
"""

from html import unescape

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import override

from jinye.org.models import MarketingDepartment, Role
from jinye.periods import Month
from jinye.ratings.models import ClassificationRun, RetailerRating
from jinye.retailers.models import Retailer
from jinye.retailers.services import do_create_login
from jinye.supply.models import MonthlyQuota, QuotaPolicy
from jinye.supply.services import do_compute_quotas
from tests.factories import (
    make_area,
    make_department,
    make_order,
    make_retailer,
    make_sku,
    make_staff,
)

pytestmark = pytest.mark.django_db


def _rate(retailer: Retailer, scale: str, quarter: str = "2026Q3") -> None:
    dept = retailer.area.department
    now = timezone.now()
    run, _ = ClassificationRun.objects.get_or_create(
        department=dept,
        quarter=quarter,
        defaults={"started_at": now, "finished_at": now, "retailer_count": 1, "config": {}},
    )
    RetailerRating.objects.create(
        retailer=retailer,
        quarter=quarter,
        run=run,
        tier=1,
        provisional=False,
        tier_score=0,
        scale=scale,
        class_code="CZ1",
        actual=0,
        development=0,
        support=0,
        integrity=0,
        total=0,
        year_score=0,
        star="3",
        explanation={},
    )


def _bought(retailer: Retailer, cartons: list[int], before: Month) -> None:
    """``cartons`` in each of the months before ``before``, oldest first."""
    sku = make_sku()
    for n, qty in enumerate(cartons):
        month = before.previous(len(cartons) - n)
        if qty:
            make_order(retailer, [(sku, qty)], on=month.first.replace(day=10))


DEC = Month.parse("2026-12")


@pytest.mark.parametrize(
    ("scale", "cartons", "agreed", "ceiling", "words"),
    [
        ("large", [90, 100, 110], 100, 110, "大户的总量浮动幅度为10%"),  # 100 × 1.1
        ("medium", [90, 100, 110], 100, 120, "中户的总量浮动幅度为20%"),  # 100 × 1.2
        ("small", [90, 100, 110], 100, 130, "小户的总量浮动幅度为30%"),  # 100 × 1.3
        ("large", [40, 41, 43], 41, 45, "大户的总量浮动幅度为10%"),  # 124/3 → 41; 45.1 → 45
        ("small", [0, 0, 0], 50, 65, "小户的总量浮动幅度为30%"),  # new: small default 50
        (None, [20, 20, 20], 20, 26, "小户的总量浮动幅度为30%"),  # never rated: small
    ],
)
def test_the_same_purchases_give_each_scale_its_own_limit(
    scale: str | None, cartons: list[int], agreed: int, ceiling: int, words: str
) -> None:
    """根据客户的经营规模为大、中、小型，进行按规定进行浮动管理: the scale's band, stated."""
    dept = make_department()
    shop = make_retailer(area=make_area(dept))
    if scale:
        _rate(shop, scale)
    _bought(shop, cartons, DEC)
    do_compute_quotas(month=str(DEC), department=dept)
    quota = MonthlyQuota.objects.get(retailer=shop)
    assert (quota.agreed, quota.ceiling) == (agreed, ceiling)
    assert words in quota.explanation_text


def test_a_departments_own_bands_are_used_and_stored_with_the_total() -> None:
    dept = make_department()
    QuotaPolicy.objects.create(department=dept, band_large=0.05, band_small=0.5)
    big, small = (make_retailer(area=make_area(dept)) for _ in range(2))
    _rate(big, "large")
    _rate(small, "small")
    for shop in (big, small):
        _bought(shop, [200, 200, 200], DEC)
    do_compute_quotas(month=str(DEC), department=dept)
    got = {q.retailer_id: (q.ceiling, q.inputs["band"]) for q in MonthlyQuota.objects.all()}
    assert got == {big.pk: (210, 0.05), small.pk: (300, 0.5)}  # 200 × 1.05, 200 × 1.5


def test_orders_placed_before_the_total_raise_the_limit_and_say_so() -> None:
    """A small retailer (±30%) with 100 条 a month whose month already has 150 条 when the
    total is set: agreed 100, by the rule 130, but the orders stand, so the limit is 150."""
    dept = make_department()
    shop = make_retailer(area=make_area(dept))
    _bought(shop, [100, 100, 100], DEC)
    make_order(shop, [(make_sku(), 150)], on=DEC.first.replace(day=3))
    do_compute_quotas(month=str(DEC), department=dept)
    quota = MonthlyQuota.objects.get(retailer=shop)
    assert (quota.agreed, quota.ceiling, quota.ordered) == (100, 150, 150)
    with override("zh-hans"):
        assert quota.explanation_text.endswith(
            "本月订货上限130条。核定时本月已订150条，上限按已订量取150条。"
        )
    with override("en"):
        assert quota.explanation_text.endswith(
            "this month's order limit is 130 cartons. 150 cartons had already been ordered "
            "this month when the total was set, so the limit is 150 cartons."
        )


# --- the review page, in both languages --------------------------------------------------


def _finished_month() -> Month:
    return Month.containing(timezone.localdate()).previous(2)


def _reviewed_world() -> tuple[MarketingDepartment, Month]:
    """Four small retailers (±30%) who each bought 100 条 a month for three months, then in
    a finished month: 50 (too large), 90 by day 2 (surge), 125 by day 15 (ran short), 100."""
    dept = make_department()
    area = make_area(dept)
    make_staff(Role.DIRECTOR, dept=dept, username="boss")
    month = _finished_month()
    sku = make_sku()
    days = {0: [(12, 50)], 1: [(2, 90)], 2: [(5, 10), (15, 115)], 3: [(12, 100)]}
    for n in range(4):
        shop = make_retailer(area=area)
        _bought(shop, [100, 100, 100], month)
        for day, qty in days[n]:
            make_order(shop, [(sku, qty)], on=month.first.replace(day=day))
    do_compute_quotas(month=str(month), department=dept)
    return dept, month


def _page_text(path: str, username: str, lang: str) -> str:
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(path)
    assert response.status_code == 200
    return unescape(strip_tags(response.content.decode()))


def test_the_review_proposes_a_limit_and_never_a_floor_in_chinese() -> None:
    """客户经理不得规定客户的下限: 总量偏大/偏小，建议调整上限; the word 下限 appears nowhere."""
    _, month = _reviewed_world()
    text = _page_text(f"/supply/quotas/?month={month}", "boss", "zh-hans")
    assert "下限" not in text
    assert "全月订50条，不足核定总量100条的70%（浮动幅度30%）。总量偏大，建议调低上限。" in text
    assert "上限只封顶当月订货，不要求订满。" in text
    assert "前10天已订90条，达上限130条的60%以上。总量偏小，建议调高上限。" in text
    assert "第15天已用完上限130条的95%" in text and text.count("建议调高上限") == 2
    assert "按经营规模浮动：大户10%，中户20%，小户30%" in text
    assert "小户的总量浮动幅度为30%" in text


def test_the_review_proposes_a_limit_and_never_a_floor_in_english() -> None:
    _, month = _reviewed_world()
    text = _page_text(f"/supply/quotas/?month={month}", "boss", "en")
    for word in ("floor", "lower edge", "minimum", "at least the"):
        assert word not in text.lower()
    assert (
        "Ordered 50 cartons in the whole month, less than 70% of the agreed total of 100 "
        "cartons (band 30%). The agreed total looks too large: consider lowering the limit."
    ) in text
    assert "nothing has to be ordered" in text
    assert text.count("consider raising the limit") == 2
    assert (
        "It floats by 10% for a large retailer, 20% for a medium one and 30% for a small one"
        in text
    )
    assert "a Small retailer's total floats by 30%" in text


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_retailers_own_page_never_speaks_of_a_floor(lang: str) -> None:
    dept, month = _reviewed_world()
    shop = Retailer.objects.filter(area__department=dept).order_by("pk").first()
    assert shop is not None
    do_create_login(
        retailer=shop,
        username="shop",
        password="shop-pass-2026",
        by=make_staff(Role.ORDER_CLERK, dept=dept).user,
    )
    text = _page_text("/portal/", "shop", lang)
    assert "下限" not in text and "floor" not in text.lower()
    assert ("不要求订满" if lang == "zh-hans" else "nothing has to be ordered") in text


def test_a_month_of_today_is_never_flagged_too_large_yet() -> None:
    """A running month cannot have closed low; its low months read as still running."""
    dept = make_department()
    make_staff(Role.DIRECTOR, dept=dept, username="boss")
    shop = make_retailer(area=make_area(dept))
    this = Month.containing(timezone.localdate())
    _bought(shop, [100, 100, 100], this)
    do_compute_quotas(month=str(this), department=dept)
    text = _page_text(f"/supply/quotas/?month={this}", "boss", "zh-hans")
    assert "本月进行中，已订0条。" in text and "建议调低上限" not in text


@pytest.mark.parametrize(
    ("inputs", "flag"),
    [
        ({"scale": "small", "band": 0.3}, "ok"),  # 75 ≥ 100 × 0.7
        ({"scale": "small", "config": {"band": 0.2}}, "too_large"),  # stored before: 75 < 80
        ({"scale": "large"}, "too_large"),  # no band stored: large's today, 75 < 90
        ({}, "too_large"),  # nothing stored: medium's 20%, 75 < 80
    ],
)
def test_a_total_is_reviewed_with_the_band_it_was_set_with(inputs: dict, flag: str) -> None:
    from jinye.supply.selectors import quota_review

    dept = make_department()
    shop = make_retailer(area=make_area(dept))
    month = _finished_month()
    MonthlyQuota.objects.create(
        retailer=shop, month=str(month), agreed=100, ceiling=120, ordered=75, inputs=inputs
    )
    make_order(shop, [(make_sku(), 75)], on=month.first.replace(day=12))
    (row,) = quota_review(Retailer.objects.all(), str(month), department=dept)
    assert row.flag == flag


@pytest.mark.parametrize(
    ("value", "valid"), [(-0.1, False), (0.0, True), (0.95, True), (1.2, False)]
)
def test_a_band_outside_0_to_95_percent_is_refused_before_it_is_saved(
    value: float, valid: bool
) -> None:
    """The admin form validates the model: a band the engine would refuse never reaches it."""
    from django.core.exceptions import ValidationError

    policy = QuotaPolicy(department=make_department(), band_large=value)
    if valid:
        policy.full_clean()
        assert policy.engine_config().bands["large"] == value
    else:
        with pytest.raises(ValidationError) as exc:
            policy.full_clean()
        assert set(exc.value.message_dict) == {"band_large"}
