"""A customer manager enters a value in an open round and sees it saved; the director's
accuracy page draws its charts for a scored month."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jinye.forecasts.models import CollectedForecast
from jinye.forecasts.scoring import do_score_month
from jinye.forecasts.services import Entry, do_enter_forecasts, do_open_round
from tests.e2e.test_browse import assert_drawn, log_in, shot
from tests.forecasts.factories import make_county

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOV = date(2026, 11, 1)


def test_customer_manager_enters_a_value_and_sees_it_saved(page: Page, live_server, dept) -> None:  # type: ignore[no-untyped-def]
    c = make_county(dept)
    rnd = do_open_round(
        department=dept,
        month=date(2027, 1, 1),
        sku_ids=[s.pk for s in c.skus],
        deadline=timezone.now() + timedelta(days=10),
        scope="all",
    )
    manager, shop, sku = c.managers[0], c.retailers[0], c.skus[0]
    base = live_server.url
    log_in(page, base, manager.user.username)
    page.goto(f"{base}/forecasts/round/{rnd.pk}/retailer/{shop.pk}/")
    page.fill(f"#sku_{sku.pk}", "17")
    page.click("#entry-form button[type=submit]")
    expect(page).to_have_url(f"{base}/forecasts/round/{rnd.pk}/")
    expect(page.locator("ul.messages")).to_contain_text("1")
    page.goto(f"{base}/forecasts/round/{rnd.pk}/retailer/{shop.pk}/")
    expect(page.locator(f"#sku_{sku.pk}")).to_have_value("17")
    saved = CollectedForecast.objects.get(round=rnd, retailer=shop, sku=sku)
    assert saved.qty == 17 and saved.entered_by == manager.user


def test_accuracy_page_draws_its_charts(page: Page, live_server, dept) -> None:  # type: ignore[no-untyped-def]
    c = make_county(dept, weeks=8)
    rnd = do_open_round(
        department=dept,
        month=NOV,
        sku_ids=[s.pk for s in c.skus],
        deadline=datetime(2026, 10, 25, tzinfo=UTC),
        scope="all",
    )
    for m in c.managers:
        mine = [r for r in c.retailers if r.customer_manager_id == m.pk]
        do_enter_forecasts(
            round=rnd,
            user=m.user,
            entries=[Entry(r.pk, s.pk, 9) for r in mine for s in c.skus],
            now=datetime(2026, 10, 20, tzinfo=UTC),
        )
    do_score_month(department=dept, month=NOV, today=date(2026, 12, 1))
    base = live_server.url
    log_in(page, base, c.director.user.username)
    page.goto(f"{base}/forecasts/accuracy/")
    expect(page.locator("#headline-collected")).to_be_visible()
    for chart in ("#chart-manager", "#chart-sku", "#chart-trend"):
        assert_drawn(page, chart)
    shot(page, "forecast-accuracy")
