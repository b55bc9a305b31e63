"""Pages: scoped rounds, entry form, template download and upload errors, review and
correction, advance, accuracy report (own scores only), retailer panel; Chinese by default."""

import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from jinye.forecasts.models import CollectedForecast, ForecastCorrection, ForecastRound
from jinye.forecasts.scoring import do_score_month
from jinye.forecasts.services import (
    Entry,
    do_enter_forecasts,
    do_open_round,
    do_run_statistical_forecast,
)
from tests.forecasts.factories import County, make_county

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::FutureWarning")]


def _client(staff) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(staff.user)
    return c


def _open(c: County) -> ForecastRound:
    return do_open_round(
        department=c.dept,
        month=date(2027, 1, 1),
        sku_ids=[s.pk for s in c.skus],
        deadline=timezone.now() + timedelta(days=5),
        scope="all",
    )


def test_director_opens_a_round_from_the_page(dept) -> None:
    c = make_county(dept)
    client = _client(c.director)
    resp = client.post(
        "/forecasts/",
        {
            "month": "2027-02-01",
            "deadline": "2027-01-25",
            "skus": [c.skus[0].pk],
            "scope": "third",
            "seed": "5",
        },
    )
    assert resp.status_code == 302
    rnd = ForecastRound.objects.get()
    assert rnd.scope == "third" and rnd.members.count() == 2
    page = client.get("/forecasts/").content.decode()
    assert "预测" in page  # Chinese by default
    denied = _client(c.managers[0]).post("/forecasts/", {"month": "2027-03-01"})
    assert denied.status_code == 403


def test_manager_enters_own_retailer_and_cannot_reach_others(dept) -> None:
    c = make_county(dept)
    rnd = _open(c)
    client = _client(c.managers[0])
    own, other = c.retailers[0], c.retailers[3]
    url = f"/forecasts/round/{rnd.pk}/retailer/{own.pk}/"
    bad = client.post(url, {f"sku_{c.skus[0].pk}": "十"})
    assert bad.status_code == 200 and "sku" not in CollectedForecast.objects.values()
    assert CollectedForecast.objects.count() == 0
    ok = client.post(url, {f"sku_{c.skus[0].pk}": "12", f"sku_{c.skus[1].pk}": ""})
    assert ok.status_code == 302
    assert CollectedForecast.objects.get().qty == 12
    assert client.get(f"/forecasts/round/{rnd.pk}/retailer/{other.pk}/").status_code == 404


def test_template_download_and_rejected_upload(dept) -> None:
    c = make_county(dept)
    rnd = _open(c)
    client = _client(c.managers[0])
    resp = client.get(f"/forecasts/round/{rnd.pk}/template.xlsx")
    assert resp.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(resp.content))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    rows[1][4] = "abc"
    out = openpyxl.Workbook()
    for r in rows:
        out.active.append(r)
    buf = io.BytesIO()
    out.save(buf)
    buf.seek(0)
    buf.name = "f.xlsx"
    page = client.post(f"/forecasts/round/{rnd.pk}/upload/", {"file": buf})
    assert page.status_code == 200
    assert 'id="upload-errors"' in page.content.decode()
    assert CollectedForecast.objects.count() == 0


def test_review_correction_and_advance(dept) -> None:
    c = make_county(dept)
    rnd = _open(c)
    do_enter_forecasts(
        round=rnd, user=c.managers[0].user, entries=[Entry(c.retailers[0].pk, c.skus[0].pk, 10)]
    )
    fc = CollectedForecast.objects.get()
    market = _client(c.market)
    assert market.get(f"/forecasts/round/{rnd.pk}/review/").status_code == 200
    market.post(
        f"/forecasts/round/{rnd.pk}/review/", {"forecast": fc.pk, "qty": "7", "reason": "核实"}
    )
    assert CollectedForecast.objects.get().qty == 7
    assert ForecastCorrection.objects.filter(kind="correction", old_qty=10, new_qty=7).exists()
    assert _client(c.managers[0]).get(f"/forecasts/round/{rnd.pk}/review/").status_code == 403
    # Closing entry closes it for every area: the director's, not a market manager's.
    refused = market.post(f"/forecasts/round/{rnd.pk}/advance/", {"action": "review"})
    assert refused.status_code == 403 and ForecastRound.objects.get().status == "open"
    assert 'value="review"' not in market.get(f"/forecasts/round/{rnd.pk}/").content.decode()
    director = _client(c.director)
    assert 'value="review"' in director.get(f"/forecasts/round/{rnd.pk}/").content.decode()
    director.post(f"/forecasts/round/{rnd.pk}/advance/", {"action": "review"})
    director.post(f"/forecasts/round/{rnd.pk}/advance/", {"action": "submit"})
    assert ForecastRound.objects.get().status == "submitted"


def test_accuracy_page_and_retailer_panel_are_scoped(dept) -> None:
    c = make_county(dept, weeks=20)
    nov = date(2026, 11, 1)
    do_run_statistical_forecast(department=dept, month=nov)
    rnd = do_open_round(
        department=dept,
        month=nov,
        sku_ids=[s.pk for s in c.skus],
        deadline=datetime(2026, 10, 25, tzinfo=UTC),
        scope="all",
    )
    do_enter_forecasts(
        round=rnd,
        user=c.managers[1].user,
        entries=[Entry(c.retailers[3].pk, c.skus[0].pk, 5)],
        now=datetime(2026, 10, 20, tzinfo=UTC),
    )
    do_score_month(department=dept, month=nov, today=date(2026, 12, 1))
    director = _client(c.director).get("/forecasts/accuracy/").content.decode()
    assert 'id="headline-statistical"' in director and 'id="headline-collected"' in director
    mine = _client(c.managers[0]).get("/forecasts/accuracy/?month=2026-11").content.decode()
    assert c.managers[0].name in mine and c.managers[1].name not in mine
    assert c.retailers[3].name not in mine
    panel = _client(c.managers[0]).get(f"/retailers/{c.retailers[0].pk}/").content.decode()
    assert 'id="forecast-panel"' in panel and 'id="forecast-history"' in panel
