"""The targets pages write numbers with thousands separators, percentages with %, a sample
share as a percentage and dates in the language's one format (issue 13 item 8)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from jinye.org.models import Role
from jinye.targets import services
from tests.factories import make_area, make_order, make_retailer, make_sku, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(client, dept, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 2, 15))
    area = make_area(dept)
    staff = make_staff(Role.DIRECTOR, dept=dept)
    shop = make_retailer(area=area)
    sku = make_sku()
    make_order(shop, [(sku, 300_001)], on=date(2026, 1, 10))  # 1,200.004 箱
    make_order(shop, [(sku, 250_000)], on=date(2025, 1, 10))  # 1,000 箱
    services.do_set_annual_target(
        department=dept, year=2026, volume_cases=120_000, revenue=1, basis="even", by=staff.user
    )
    client.force_login(staff.user)
    return staff


def _get(client, url, lang="zh-hans"):
    body = client.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    translation.deactivate()
    return body


def test_targets_page_numbers_percent_and_dates(client, director):
    body = _get(client, "/targets/?quarter=2026Q1")
    assert '<div class="value">120,000</div>' in body
    # department row: plan 30,000 箱 for Q1; 1,200 箱 sold to 15 Feb = 4.00%, YoY +20.00%
    assert (
        '<td class="num">30,000</td><td class="num">1,200.00</td><td class="num">4.00%</td>' in body
    )
    assert '<td class="num">1,000.00</td><td class="num">20.00%</td>' in body
    assert "2026年1月1日 – 2026年3月31日" in body and "2026-01-01" not in body
    english = _get(client, "/targets/?quarter=2026Q1", lang="en")
    assert "Jan. 1, 2026 – March 31, 2026" in english


def test_survey_list_shows_the_sample_share_as_a_percentage(client, director, dept):
    services.do_create_survey(
        department=dept,
        name="3月抽查",
        taken_on=date(2026, 3, 31),
        sample_share=Decimal("0.125"),
        seed=1,
    )
    body = _get(client, "/targets/surveys/")
    assert '<td class="num">12.5%</td>' in body and "0.125" not in body
    assert "2026年3月31日" in body
