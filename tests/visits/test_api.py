"""POST /api/v1/visits: a phone syncs a day's log, all or none, with reasons per visit."""

import json

import pytest
from django.test import Client

from jinye.visits.models import Visit, VisitSkuInfo
from jinye.visits.services import do_generate_month_plans
from tests.factories import make_sku
from tests.visits.factories import fix_stars, make_cm_with_retailers

pytestmark = pytest.mark.django_db
URL = "/api/v1/visits"


def _post(client: Client, visits: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    return client.post(URL, json.dumps({"visits": visits}), content_type="application/json")


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_days_log_is_recorded_and_linked_to_the_plan(monkeypatch):
    fix_stars(monkeypatch, {})
    cm, shops = make_cm_with_retailers(2)
    do_generate_month_plans(department=cm.department, month="2026-12")
    stop = shops[0].plan_stops.order_by("plan_day__day").first()
    day = stop.plan_day.day.isoformat()
    sku = make_sku()
    visits = [
        {
            "retailer": shops[0].licence_no,
            "checked_in_at": f"{day}T09:30:00+08:00",
            "guidance": True,
            "guidance_content": "陈列调整",
            "skus": [{"sku": sku.code, "stock": 12, "retail_price": "23.50"}],
        },
        {"retailer": shops[1].licence_no, "checked_in_at": "2026-11-20T15:00:00+08:00"},
    ]
    response = _post(_client(cm.user), visits)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["recorded"] == 2 and [v["planned"] for v in body["visits"]] == [True, False]
    assert Visit.objects.get(pk=body["visits"][0]["id"]).stop_id == stop.pk
    info = VisitSkuInfo.objects.get()
    assert (info.sku_id, info.stock, str(info.retail_price)) == (sku.pk, 12, "23.50")


def test_a_batch_with_a_bad_visit_stores_nothing_and_names_it():
    cm, (mine,) = make_cm_with_retailers(1)
    _, (theirs,) = make_cm_with_retailers(1)
    client = _client(cm.user)
    ok = {"retailer": mine.licence_no, "checked_in_at": "2026-12-01T10:00:00+08:00"}
    unknown = _post(
        client,
        [ok, {**ok, "retailer": "NOPE"}, {**ok, "skus": [{"sku": "NOSKU", "stock": 1}]}],
    )
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "visits_refused"
    assert [(e["row"], e["field"], e["code"]) for e in unknown.json()["errors"]] == [
        (2, "retailer", "unknown_retailer"),
        (3, "skus", "unknown_sku"),
    ]
    assert "NOPE" in unknown.json()["errors"][0]["message"]
    assert "NOSKU" in unknown.json()["errors"][1]["message"]
    scope = _post(client, [ok, {**ok, "retailer": theirs.licence_no}])
    assert scope.status_code == 422
    assert [(e["row"], e["field"]) for e in scope.json()["errors"]] == [(2, "retailer")]
    bad_year = _post(client, [{**ok, "checked_in_at": "1900-01-01T00:00:00"}])
    assert bad_year.status_code == 422
    assert [(e["row"], e["field"], e["code"]) for e in bad_year.json()["errors"]] == [
        (1, "checked_in_at", "date_out_of_range")
    ]
    negative = _post(client, [{**ok, "skus": [{"sku": "X", "stock": -1}]}])
    assert negative.status_code == 422
    assert not Visit.objects.exists()


def test_only_staff_record_visits():
    cm, (mine,) = make_cm_with_retailers(1)
    from jinye.retailers.services import do_create_login

    login = do_create_login(retailer=mine, username="shop", password="shop-Pass-2026", by=None)
    ok = [{"retailer": mine.licence_no, "checked_in_at": "2026-12-01T10:00:00+08:00"}]
    assert _post(Client(), ok).status_code == 401
    refused = _post(_client(login.user), ok)
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert not Visit.objects.exists()


def test_refusals_are_in_the_clients_language():
    cm, (mine,) = make_cm_with_retailers(1)
    client = _client(cm.user)
    bad = [{"retailer": "NOPE", "checked_in_at": "2026-12-01T10:00:00+08:00"}]
    english = client.post(
        URL,
        json.dumps({"visits": bad}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()
    assert english["detail"] == "The visits were not stored."
    assert english["errors"][0]["message"] == (
        "Retailer NOPE does not exist or is not among those you serve"
    )
    chinese = client.post(
        URL,
        json.dumps({"visits": bad}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).json()
    assert chinese["detail"] == "拜访记录未保存。"
    assert chinese["errors"][0]["message"] == "零售客户 NOPE 不存在或不在您的服务范围内"
