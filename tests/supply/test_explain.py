"""Allowance and quota reasons render in the reader's language: English without any Chinese,
Chinese exactly as the pages showed it when the engines wrote the sentences themselves.
The allowance sentences themselves are checked in ``test_allowance_reasons.py``."""

import re
from datetime import date

import polars as pl
import pytest
from django.utils.translation import override

from jinye.engines.quota import QuotaConfig, monthly_totals, review
from jinye.supply import explain
from jinye.supply.models import MonthlyQuota
from jinye.supply.services import do_allocate, do_compute_quotas, do_set_weekly_supply
from tests.factories import make_area, make_department, make_order, make_retailer, make_sku

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_every_rule_method_and_flag_has_a_label_in_both_languages() -> None:
    for labels in (explain.RULE_LABELS, explain.METHOD_LABELS, explain.FLAG_LABELS):
        with override("en"):
            assert not any(CJK.search(str(v)) for v in labels.values())
        with override("zh-hans"):
            assert all(CJK.search(str(v)) for v in labels.values())
    with override("zh-hans"):
        assert explain.rule_label("large_limit") == "经营大户限量"
        assert explain.method_label("proportional") == "按申请量比例分配"
        assert explain.flag_label("too_small") == "核定总量偏小"


def test_quota_explanations_in_english_and_chinese() -> None:
    retailers = pl.DataFrame({"retailer_id": [1, 2], "scale": ["large", "small"]})
    history = pl.DataFrame(
        {
            "retailer_id": [1, 1, 1],
            "month": ["2026-08", "2026-09", "2026-10"],
            "cartons": [90, 100, 110],
        }
    )
    config = QuotaConfig(scale_factors={"large": 0.9, "medium": 1.0, "small": 1.0})
    rows = monthly_totals(retailers, history, config).sort("retailer_id").to_dicts()
    data = [explain.quota_data(r) for r in rows]
    with override("zh-hans"):
        # Before the codes, the scale showed as the internal value (规模large); now its label.
        # Each scale floats by its own band (按经营规模浮动): 90 × 1.1 = 99, 50 × 1.3 = 65.
        assert [explain.quota_explanation(d) for d in data] == [
            "近3个月月均购进100.0条，规模大户，系数0.9，核定总量90条；"
            "大户的总量浮动幅度为10%，本月订货上限99条。",
            "无历史购进，按小户规模默认核定50条；小户的总量浮动幅度为30%，本月订货上限65条。",
        ]
    with override("en"):
        english = [explain.quota_explanation(d) for d in data]
    assert english == [
        "Bought 100.0 cartons a month on average over the last 3 months; scale Large, "
        "factor 0.9, agreed total 90 cartons; a Large retailer's total floats by 10%, so this "
        "month's order limit is 99 cartons.",
        "No purchases yet: the default total for a Small retailer is 50 cartons; a Small "
        "retailer's total floats by 30%, so this month's order limit is 65 cartons.",
    ]


def test_review_reasons_in_english_and_chinese() -> None:
    """A flagged month says which way the limit should move; a low month's reason cannot be
    read as a floor (seed 000 篇五: 客户经理不得规定客户的下限)."""
    usage = pl.DataFrame(
        {
            "retailer_id": [1, 2, 3, 4],
            "agreed": [100] * 4,
            "band": [0.2] * 4,
            "ceiling": [120] * 4,
            "used": [120, 118, 50, 100],
            "early": [80, 30, 10, 40],
            "reached_on": [12, 20, None, None],
        }
    )
    config = QuotaConfig()
    out = review(usage, days_in_month=31, config=config)
    policy = {"surge_days": 10, "surge_pct": 60, "exhaust_pct": 95, "band_pct": 20}
    cases = [
        (code, {**policy, **u, "days_left": left})
        for code, left, u in zip(out["reason"], out["days_left"], usage.to_dicts(), strict=True)
    ]
    cases.append((explain.REASON_RUNNING, {**policy, **usage.to_dicts()[3], "days_left": None}))
    with override("zh-hans"):
        assert [explain.review_reason(c, p) for c, p in cases] == [
            "月初集中订货：前10天已订80条，达上限120条的60%以上。总量偏小，建议调高上限。",
            "月末断供：第20天已用完上限120条的95%，月末还余11天。总量偏小，建议调高上限。",
            "全月订50条，不足核定总量100条的80%（浮动幅度20%）。总量偏大，建议调低上限。"
            "上限只封顶当月订货，不要求订满。",
            "本月订100条，在浮动区间内。",
            "本月进行中，已订100条。",
        ]
    with override("en"):
        english = [explain.review_reason(c, p) for c, p in cases]
    assert not any(CJK.search(e) for e in english), english
    assert english[1] == (
        "Ran short before month end: by day 20, 95% of the limit of 120 cartons was used, "
        "with 11 days still to go. The agreed total looks too small: consider raising the limit."
    )
    assert english[2] == (
        "Ordered 50 cartons in the whole month, less than 80% of the agreed total of 100 "
        "cartons (band 20%). The agreed total looks too large: consider lowering the limit. "
        "The limit only caps the month's orders; nothing has to be ordered."
    )
    assert not any(re.search(r"floor|minimum|lower edge", e) for e in english)


@pytest.mark.django_db
def test_stored_decisions_render_in_the_readers_language() -> None:
    dept = make_department()
    area = make_area(dept)
    sku = make_sku(scarce=True)
    shop = make_retailer(area=area)
    make_order(shop, [(sku, 30)], on=date(2026, 11, 10))
    with override("zh-hans"):  # computed in a Chinese session ...
        do_compute_quotas(month="2026-12", department=dept)
        do_set_weekly_supply(week=date(2026, 11, 30), sku=sku, quantity=5)
        run = do_allocate(week=date(2026, 11, 30), sku=sku, department=dept, requests={shop.pk: 8})
    quota = MonthlyQuota.objects.get(retailer=shop)
    allowance = run.allowances.get()
    with override("en"):  # ... read in English
        assert quota.explanation_text.startswith(
            "Bought 30.0 cartons a month on average over the last month; scale Small"
        )
        assert allowance.explanation_text.endswith("Allotted 5 cartons.")
        assert not CJK.search(quota.explanation_text + allowance.explanation_text)
    with override("zh-hans"):
        assert quota.explanation_text.startswith("近1个月月均购进30.0条，规模小户")
        assert "分得5条" in allowance.explanation_text


@pytest.mark.django_db
def test_rows_stored_before_the_codes_show_their_old_text() -> None:
    shop = make_retailer(area=make_area(make_department()))
    quota = MonthlyQuota.objects.create(
        retailer=shop, month="2026-12", agreed=10, ceiling=12, explanation="旧说明", inputs={}
    )
    with override("en"):
        assert quota.explanation_text == "旧说明"


@pytest.mark.django_db
def test_api_gives_reasons_and_refusals_in_the_callers_language() -> None:
    from django.test import Client
    from django.utils import timezone

    from jinye.supply.models import Allowance
    from tests.supply.factories import make_world

    today = timezone.localdate()
    world = make_world(on=today)
    MonthlyQuota.objects.update(
        explanation="",
        explanation_data={
            "code": "new",
            "params": {
                "window": 0,
                "history_avg": 0.0,
                "scale": "small",
                "factor": 1.0,
                "agreed": 100,
                "band_pct": 20,
                "ceiling": 100,
            },
        },
    )
    Allowance.objects.update(
        explanation="",
        explanation_data={
            "code": "share",
            "params": {
                "tier": 1,
                "request": 10,
                "cap": None,
                "slope": 1.0,
                "supply": 10,
                "method": "max_min_fair",
                "level": 10.0,
                "allowance": 10,
            },
        },
    )
    # Each request activates its language for the thread; the override puts it back after.
    with override("zh-hans"):
        client = Client()
        client.force_login(world.clerk.user)
        url = f"/api/v1/retailers/{world.retailer.licence_no}/allowance"
        english = client.get(url, {"week": today.isoformat()}, headers={"Accept-Language": "en"})
        body = english.json()
        assert body["quota"]["explanation"].startswith("No purchases yet: the default total")
        assert body["allowances"][0]["explanation"].endswith("Allotted 10 cartons.")
        chinese = client.get(
            url, {"week": today.isoformat()}, headers={"Accept-Language": "zh-hans"}
        )
        assert chinese.json()["quota"]["explanation"].startswith(
            "无历史购进，按小户规模默认核定100条"
        )
        missing = client.get("/api/v1/retailers/999/allowance", headers={"Accept-Language": "en"})
        assert missing.status_code == 404
        assert missing.json()["detail"] == (
            "Retailer 999 does not exist or is not among those you serve"
        )


def test_quota_figures_of_a_thousand_or_more_have_thousands_separators() -> None:
    """A large retailer's totals read 1,082条, not 1082条 (the page crawl found 1082条)."""
    data = {
        "code": "history",
        "params": {
            "raised_to": 1362,
            "window": 3,
            "history_avg": 1082.0,
            "scale": "large",
            "factor": 1.0,
            "agreed": 1082,
            "band_pct": 10,
            "ceiling": 1190,
        },
    }
    params = {"surge_days": 10, "surge_pct": 60, "exhaust_pct": 95, "band_pct": 10}
    usage = {"agreed": 1082, "ceiling": 1362, "used": 1300, "early": 1001, "reached_on": 24}
    with override("zh-hans"):
        text = explain.quota_explanation(data)
        reason = explain.review_reason("exhausted", {**params, **usage, "days_left": 6})
    assert "月均购进1,082.0条" in text and "核定总量1,082条" in text, text
    assert "上限1,190条" in text and "取1,362条" in text, text
    assert reason.startswith("月末断供：第24天已用完上限1,362条的95%"), reason
    with override("en"):
        english = explain.quota_explanation(data)
    assert "Bought 1,082.0 cartons" in english and "is 1,190 cartons" in english, english
