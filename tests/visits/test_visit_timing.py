"""Issue 15 (low): a check-in in the future (2030) and 200 copies of one visit in one call were
accepted, so the market-information KPI could be maxed in one request. Both are refused now;
and a stock beyond the domain limit is refused by the API stating the limit."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jinye.errors import Invalid
from jinye.visits.models import Visit
from jinye.visits.services import DUPLICATE_WITHIN, VisitIn, do_record_visits
from tests.factories import make_sku
from tests.visits.factories import make_cm_with_retailers

pytestmark = pytest.mark.django_db
URL = "/api/v1/visits"


def _post(user, visits: list[dict[str, object]], language: str = "zh-hans"):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client.post(
        URL,
        json.dumps({"visits": visits}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_a_check_in_in_2030_is_refused():
    cm, (shop,) = make_cm_with_retailers(1)
    response = _post(cm.user, [{"retailer": shop.licence_no, "checked_in_at": "2030-01-05T10:00"}])
    assert response.status_code == 422
    problem = response.json()["errors"][0]
    assert (problem["code"], problem["field"], problem["row"]) == (
        "future_visit",
        "checked_in_at",
        1,
    )
    assert "2030-01-05 10:00" in problem["message"] and "晚于现在" in problem["message"]
    assert not Visit.objects.exists()


def test_two_hundred_copies_of_one_visit_in_one_call_are_refused():
    cm, (shop,) = make_cm_with_retailers(1)
    at = (timezone.localtime() - timedelta(hours=3)).replace(microsecond=0).isoformat()
    one = {"retailer": shop.licence_no, "checked_in_at": at, "observations": "有假烟"}
    response = _post(cm.user, [one] * 200)
    assert response.status_code == 422
    rows = [p["row"] for p in response.json()["errors"] if p["code"] == "duplicate_visit"]
    assert rows == list(range(2, 201))
    assert not Visit.objects.exists()


def test_a_visit_already_stored_is_not_stored_again_but_a_later_one_is():
    cm, (shop,) = make_cm_with_retailers(1)
    first = timezone.now() - timedelta(hours=5)
    do_record_visits(user=cm.user, visits=[VisitIn(shop.pk, first)])
    again = first + DUPLICATE_WITHIN - timedelta(minutes=1)
    with pytest.raises(Invalid) as refused:
        do_record_visits(user=cm.user, visits=[VisitIn(shop.pk, again)])
    assert [p.code for p in refused.value.problems] == ["duplicate_visit"]
    later = first + DUPLICATE_WITHIN
    do_record_visits(user=cm.user, visits=[VisitIn(shop.pk, later)])
    assert Visit.objects.count() == 2


def test_a_phone_clock_a_few_minutes_ahead_is_accepted():
    cm, (shop,) = make_cm_with_retailers(1)
    ahead = timezone.now() + timedelta(minutes=5)
    assert do_record_visits(user=cm.user, visits=[VisitIn(shop.pk, ahead)])


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("zh-hans", "库存：最多 100,000 条。"),
        ("en", "Stock: At most 100,000 cartons (条)."),
    ],
)
def test_a_stock_beyond_the_limit_is_refused_stating_it(language: str, says: str):
    cm, (shop,) = make_cm_with_retailers(1)
    sku = make_sku()
    at = (timezone.localtime() - timedelta(hours=1)).isoformat()
    visit = {
        "retailer": shop.licence_no,
        "checked_in_at": at,
        "skus": [{"sku": sku.code, "stock": 9_223_372_036_854_775_807}],
    }
    response = _post(cm.user, [visit], language)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_request"
    assert body["errors"][0]["message"] == says
    assert (body["errors"][0]["field"], body["errors"][0]["row"]) == ("stock", 1)
    assert not Visit.objects.exists()


def test_the_visit_form_refuses_a_future_check_in_beside_the_field():
    cm, (shop,) = make_cm_with_retailers(1)
    client = Client()
    client.force_login(cm.user)
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    form = {
        "checked_in_at": later,
        "retailer": str(shop.pk),
        "sku-TOTAL_FORMS": "0",
        "sku-INITIAL_FORMS": "0",
        "sku-MIN_NUM_FORMS": "0",
        "sku-MAX_NUM_FORMS": "30",
    }
    page = client.post("/visits/log/", form)
    assert page.status_code == 200
    assert "晚于现在" in " ".join(page.context["form"].errors["checked_in_at"])
    assert not Visit.objects.exists()
