"""The rural tilt as a stored rule (issue 23 item 6): seed 002 篇六 "在低档紧俏烟的货源分配上，
向农村中小客户适当倾斜" — a SKU's rule covers rural small and medium retailers unless
configured otherwise, the run records the scales, its page states them, and a rule that the
engine cannot use is refused with a reason, not a server error."""

from datetime import date

import pytest
from django.test import Client
from django.utils.translation import override

from jinye.errors import Invalid
from jinye.supply.models import SkuSupplyRule
from jinye.supply.services import do_allocate
from tests.factories import make_area, make_department, make_retailer, make_sku, make_staff

pytestmark = pytest.mark.django_db
WEEK = date(2026, 11, 30)


def test_a_new_rule_covers_small_and_medium_and_the_run_records_it() -> None:
    """Two unrated shops (tier 1, small), one rural, even shares, tilt 3, supply 4 against
    4 + 4: slopes 3 and 1 → level 1 → shares 3 and 1."""
    dept = make_department()
    area = make_area(dept)
    rural = make_retailer(area=area, location_type="rural")
    urban = make_retailer(area=area)
    sku = make_sku(scarce=True)
    rule = SkuSupplyRule.objects.create(sku=sku, method="max_min_fair", rural_tilt=3.0)
    assert sorted(rule.rural_tilt_scales) == ["medium", "small"]
    assert sorted(rule.engine_config().rural_tilt_scales) == ["medium", "small"]
    run = do_allocate(
        week=WEEK, sku=sku, department=dept, supply=4, requests={rural.pk: 4, urban.pk: 4}
    )
    got = dict(run.allowances.values_list("retailer_id", "quantity"))
    assert got == {rural.pk: 3, urban.pk: 1}
    assert run.config["rural_tilt"] == 3.0
    assert sorted(run.config["rural_tilt_scales"]) == ["medium", "small"]
    with override("zh-hans"):
        assert run.tilt_text == "农村小户、中户客户×3.0"
        assert (
            "农村客户倾斜：您的份额按3.0倍计算。"
            in run.allowances.get(retailer=rural).explanation_text
        )
    with override("en"):
        assert run.tilt_text == "×3.0 for rural retailers of scale Small, Medium"
    director = make_staff("director", dept=dept)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(director.user)
    page = client.get(f"/supply/runs/{run.pk}/").content.decode()
    assert "农村客户倾斜 农村小户、中户客户×3.0" in page


def test_a_rule_limited_to_medium_leaves_a_rural_small_shop_untilted() -> None:
    """Same shops, tilt only for medium: both small, so 2 and 2."""
    dept = make_department()
    area = make_area(dept)
    rural = make_retailer(area=area, location_type="rural")
    urban = make_retailer(area=area)
    sku = make_sku(scarce=True)
    SkuSupplyRule.objects.create(
        sku=sku, method="max_min_fair", rural_tilt=3.0, rural_tilt_scales=["medium"]
    )
    run = do_allocate(
        week=WEEK, sku=sku, department=dept, supply=4, requests={rural.pk: 4, urban.pk: 4}
    )
    assert sorted(run.allowances.values_list("quantity", flat=True)) == [2, 2]


def test_a_stored_tilt_below_one_is_refused_with_a_reason() -> None:
    dept = make_department()
    make_retailer(area=make_area(dept))
    sku = make_sku(scarce=True)
    SkuSupplyRule.objects.create(sku=sku, method="max_min_fair", rural_tilt=0.5)
    with override("en"), pytest.raises(Invalid) as refused:
        do_allocate(week=WEEK, sku=sku, department=dept, supply=4, requests={})
    assert refused.value.code == "bad_rule"
    assert f"The allocation rule of SKU {sku.code} is not valid" in str(refused.value.message)
    assert "a rural tilt must be at least 1" in str(refused.value.message)
