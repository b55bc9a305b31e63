"""The plan page shows one day's route (today by default) and a visit recorded from the route
leads back to it."""

from datetime import date, timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone

from jinye.visits.models import Visit
from tests.visits.factories import make_cm_with_retailers, make_plan

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _three_days():  # type: ignore[no-untyped-def]
    """A customer manager's plan with routes yesterday, today and tomorrow (two stops each).
    Near a month's edge the days may fall in two months: the plan is today's month's."""
    today = timezone.localdate()
    cm, rs = make_cm_with_retailers(6)
    days = {today + timedelta(days=k): rs[2 * (k + 1) : 2 * (k + 2)] for k in (-1, 0, 1)}
    month = {d: r for d, r in days.items() if d.month == today.month}
    plan = make_plan(cm, month)
    return cm, days, plan, f"/visits/plan/{cm.pk}/{plan.month}/"


def test_the_plan_opens_on_today_with_only_todays_route():
    cm, days, _, url = _three_days()
    today = timezone.localdate()
    body = _client(cm.user).get(url).content.decode()
    assert f'data-day="{today.isoformat()}"' in body
    assert all(r.name in body for r in days[today])
    others = [r for d, route in days.items() if d != today for r in route]
    assert not any(r.name in body for r in others)


@pytest.mark.parametrize("asked", ["tomorrow", "yesterday", "2026-13-45", "<x>", ""])
def test_another_day_is_a_choice_away_and_a_bad_one_shows_today(asked: str):
    cm, days, plan, url = _three_days()
    today = timezone.localdate()
    named = {"tomorrow": today + timedelta(days=1), "yesterday": today - timedelta(days=1)}
    wanted = named.get(asked)
    if wanted is not None and wanted.strftime("%Y-%m") != plan.month:
        pytest.skip("that day is in the next or previous month today")
    response = _client(cm.user).get(url, {"day": wanted.isoformat() if wanted else asked})
    assert response.status_code == 200
    assert response.context["shown"].day == (wanted or today)
    assert [s.retailer for s in response.context["shown"].stops] == days[wanted or today]


def test_a_past_month_opens_on_its_last_day():
    cm, rs = make_cm_with_retailers(2)
    make_plan(cm, {date(2026, 3, 2): rs[:1], date(2026, 3, 30): rs[1:]})
    response = _client(cm.user).get(f"/visits/plan/{cm.pk}/2026-03/")
    assert response.context["shown"].day == date(2026, 3, 30)


def test_recording_from_the_route_leads_back_to_it_each_time():
    cm, days, _, url = _three_days()
    today = timezone.localdate()
    client = _client(cm.user)
    for retailer in days[today]:
        page = client.get(url).content.decode()
        here = f"{url}?day={today.isoformat()}"
        link = f"/visits/log/?retailer={retailer.pk}&amp;next={quote(here, safe='')}"
        assert link in page
        form = client.get(link.replace("&amp;", "&"))
        assert f'name="next" value="{here}"' in form.content.decode()
        checked_in = timezone.localtime().replace(second=0, microsecond=0)
        saved = client.post(
            "/visits/log/",
            {
                "retailer": retailer.pk,
                "checked_in_at": checked_in.strftime("%Y-%m-%dT%H:%M"),
                "next": here,
                "sku-TOTAL_FORMS": "0",
                "sku-INITIAL_FORMS": "0",
            },
        )
        assert (saved.status_code, saved.url) == (302, here)
        assert Visit.objects.filter(retailer=retailer, stop__isnull=False).count() == 1
    back = client.get(url)
    assert back.context["done_count"] == 2
    assert "/visits/log/?retailer=" not in back.content.decode()  # both stops show done


def test_a_visit_without_a_route_to_return_to_opens_a_fresh_form_and_no_other_site():
    cm, rs = make_cm_with_retailers(1)
    client = _client(cm.user)
    form = client.get("/visits/log/", {"next": "https://elsewhere.example/"}).content.decode()
    assert 'value="https://elsewhere' not in form and 'href="https://elsewhere' not in form
    now = timezone.localtime().replace(second=0, microsecond=0)
    data = {
        "retailer": rs[0].pk,
        "checked_in_at": now.strftime("%Y-%m-%dT%H:%M"),
        "next": "https://elsewhere.example/",
        "sku-TOTAL_FORMS": "0",
        "sku-INITIAL_FORMS": "0",
    }
    saved = client.post("/visits/log/", data)
    assert (saved.status_code, saved.url) == (302, "/visits/log/")


def test_a_visit_on_a_planned_stop_leads_to_that_day_of_the_plan():
    cm, days, plan, url = _three_days()
    today = timezone.localdate()
    now = timezone.localtime().replace(second=0, microsecond=0)
    data = {
        "retailer": days[today][0].pk,
        "checked_in_at": now.strftime("%Y-%m-%dT%H:%M"),
        "sku-TOTAL_FORMS": "0",
        "sku-INITIAL_FORMS": "0",
    }
    saved = _client(cm.user).post("/visits/log/", data)
    assert (saved.status_code, saved.url) == (302, f"{url}?day={today.isoformat()}")
