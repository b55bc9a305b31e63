"""The demo's derived activity: real services leave every page something to show, the same
for the same seed, and a rebuild clears it."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Count

from jinye.demo.activity import derive_demo_activity, quarters_before
from jinye.demo.build import build_demo_county
from jinye.ratings.models import ClassificationRun
from jinye.targets.models import AnnualTarget, InventorySurvey, StockCount
from jinye.visits.models import PlanStop, Visit

from .conftest import TODAY

pytestmark = pytest.mark.django_db

SCALE = 0.03


def _build_with_activity(seed: int = 5, replace: bool = False) -> list[str]:
    build_demo_county(seed=seed, today=TODAY, replace=replace, scale=SCALE)
    return derive_demo_activity(seed=seed, today=TODAY)


def test_quarters_before_are_the_complete_quarters():
    assert quarters_before(date(2026, 11, 22), 4) == ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    assert quarters_before(date(2026, 1, 1), 2) == ["2025Q3", "2025Q4"]


def test_activity_fills_every_area():
    """One build (it is the slow part) checked area by area."""
    lines = _build_with_activity()
    assert sorted(ClassificationRun.objects.values_list("quarter", flat=True)) == quarters_before(
        TODAY, 4
    )
    target = AnnualTarget.objects.get(year=TODAY.year)
    assert target.volume_cases > 0 and target.months.count() > 0
    survey = InventorySurvey.objects.get()
    assert survey.taken_on < TODAY.replace(day=1)
    assert StockCount.objects.filter(survey=survey).exists()
    stops_before_today = PlanStop.objects.filter(plan_day__day__lt=TODAY)
    visited = stops_before_today.filter(visit__isnull=False).count()
    assert 0.8 * stops_before_today.count() <= visited < stops_before_today.count()
    assert not Visit.objects.filter(checked_in_at__date__gte=TODAY).exists()
    _assert_supply_activity()
    _assert_quota_review()
    _assert_portal_login()
    _assert_people_activity(lines)


def test_activity_is_the_same_for_the_same_seed_and_a_rebuild_replaces_it():
    first = _build_with_activity()
    visits = sorted(Visit.objects.values_list("retailer__licence_no", "checked_in_at"))
    second = _build_with_activity(replace=True)
    assert first == second
    assert sorted(Visit.objects.values_list("retailer__licence_no", "checked_in_at")) == visits
    assert (
        ClassificationRun.objects.values("quarter").annotate(n=Count("id")).filter(n__gt=1).count()
        == 0
    )


def _assert_portal_login() -> None:
    """The demo's retailer login opens its own shop, one with allowances this week."""
    from django.test import Client

    from jinye.demo.build import DEMO_ACCOUNTS
    from jinye.periods import Week
    from jinye.retailers.models import RetailerLogin

    account = next(a for a in DEMO_ACCOUNTS if a.role == "retailer")
    login = RetailerLogin.objects.get(user__username=account.username)
    assert login.retailer.allowances.filter(
        week=Week.containing(TODAY).first, quantity__gt=0
    ).exists()
    client = Client()
    assert client.login(username=account.username, password=account.password)
    assert client.get("/").url == "/portal/"


def _assert_supply_activity() -> None:
    """This month's quotas, this week's published binding allocation, collected demand."""
    from jinye.catalog.models import Sku
    from jinye.periods import Month, Week
    from jinye.retailers.models import Retailer, RetailerStatus
    from jinye.supply.models import (
        AllocationRun,
        Allowance,
        DemandRecord,
        MonthlyQuota,
        RunStatus,
        WeeklySupply,
    )

    month, week = str(Month.containing(TODAY)), Week.containing(TODAY).first
    open_ids = set(Retailer.objects.filter(status=RetailerStatus.OPEN).values_list("pk", flat=True))
    quotas = MonthlyQuota.objects.filter(month=month)
    assert set(quotas.values_list("retailer_id", flat=True)) == open_ids
    assert all(q.ordered <= q.ceiling and q.agreed <= q.ceiling for q in quotas)
    scarce = Sku.objects.filter(scarce=True, active=True)
    runs = AllocationRun.objects.filter(week=week)
    assert runs.count() == scarce.count() > 0
    for run in runs:
        assert run.status == RunStatus.PUBLISHED
        supply = WeeklySupply.objects.get(week=week, sku=run.sku).quantity
        allowances = Allowance.objects.filter(run=run)
        total = sum(a.quantity for a in allowances)
        assert total == run.allocated <= supply == run.supply
        assert all(a.quantity <= a.request for a in allowances)
        # supply is ~80% of the requests, so the allocation binds
        assert supply < run.requested and total == supply
    demands = DemandRecord.objects.all()
    assert demands.count() >= 3
    assert demands.filter(verified_at__isnull=True).exists()
    assert demands.filter(verified_at__isnull=False).exists()
    assert demands.filter(order__isnull=False).exists()
    for demand in demands.filter(order__isnull=False).select_related("order"):
        assert demand.verified_at is not None and demand.order.order_date == TODAY
        ordered = {ln.sku.code: ln.quantity for ln in demand.order.lines.select_related("sku")}
        assert ordered == demand.lines


def _assert_quota_review() -> None:
    """Issue 13 item 9: this month's review has a forecast beside every total whose retailer
    ordered in the forecast's history window, and last month has quotas, so the month-end
    flags (ran short before month end; total too large) show. Both pages in both languages
    propose a limit and never a floor (no 下限)."""
    from html import unescape

    from django.test import Client
    from django.utils.html import strip_tags

    from jinye.demo.forecasts import DEMO_CONFIG
    from jinye.engines.quota import FLAG_TOO_LARGE, FLAG_TOO_SMALL
    from jinye.orders.models import Order
    from jinye.org.models import MarketingDepartment
    from jinye.periods import Month
    from jinye.retailers.models import Retailer
    from jinye.supply.selectors import quota_review

    this = Month.containing(TODAY)
    blank = total = 0
    history_from = this.first - timedelta(weeks=DEMO_CONFIG.retailer_history_weeks)
    for dept in MarketingDepartment.objects.all():
        retailers = Retailer.objects.filter(area__department=dept)
        rows = quota_review(retailers, str(this), department=dept, today=TODAY)
        recent = set(
            Order.objects.filter(
                retailer__in=retailers, order_date__gte=history_from, order_date__lt=this.first
            ).values_list("retailer_id", flat=True)
        )
        assert rows and recent
        total += len(rows)
        for r in rows:
            blank += r.forecast is None
            assert (r.forecast is not None) == (r.quota.retailer_id in recent), r
            assert r.forecast is None or r.forecast_source == "statistical"
        last = quota_review(retailers, str(this.previous()), department=dept, today=TODAY)
        assert {r.quota.retailer_id for r in last} == {r.quota.retailer_id for r in rows}
        flags = {(r.flag, r.reason.split("：")[0]) for r in last}
        assert (FLAG_TOO_SMALL, "月末断供") in flags
        assert FLAG_TOO_LARGE in {f for f, _ in flags}
    client = Client()
    client.force_login(User.objects.get(username="director"))
    for lang, too_large, too_small in (
        ("zh-hans", "总量偏大，建议调低上限", "总量偏小，建议调高上限"),
        ("en", "consider lowering the limit", "consider raising the limit"),
    ):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        page = client.get(f"/supply/quotas/?month={this.previous()}")
        text = unescape(strip_tags(page.content.decode()))
        assert too_large in text and too_small in text
        assert "下限" not in text and "floor" not in text.lower()
        current = client.get(f"/supply/quotas/?month={this}").content.decode()
        # The forecast cell is blank (–, no source) only for the retailers without history.
        assert current.count('title="">–</td>') == blank < total / 10
        assert "下限" not in current


def _assert_people_activity(lines: list[str]) -> None:
    from jinye.demo.people import assessment_months
    from jinye.org.models import Role, Staff
    from jinye.people.models import (
        CareerDecision,
        CareerProfile,
        DocState,
        Expert,
        KpiMonth,
        WorkDocument,
    )

    assert any("135 documents" in line for line in lines)
    window, months = assessment_months(TODAY)
    assert (str(window), months) == ("2026Q3", ["2026-07", "2026-08", "2026-09", "2026-10"])
    managers = Staff.objects.filter(role=Role.CUSTOMER_MANAGER, active=True)
    assert CareerProfile.objects.count() == managers.count() > 0
    assert set(KpiMonth.objects.values_list("month", flat=True)) == set(months)
    assert KpiMonth.objects.filter(month="2026-10", score__isnull=False).exists()
    assert CareerDecision.objects.filter(window="2026Q3").count() == managers.count()
    assert len({p.rank for p in CareerProfile.objects.all()}) > 1
    assert Expert.objects.filter(quarter="2026Q3").count() == 4
    assert WorkDocument.objects.filter(period="2026-11").exists()
    assert WorkDocument.objects.exclude(state=DocState.DRAFT).exists()
    october = Visit.objects.filter(
        checked_in_at__date__range=(date(2026, 10, 1), date(2026, 10, 31))
    )
    assert october.exists()
