"""POST/GET /api/v1: clear 4xx answers for bad input, scope, and the happy path."""

import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from jinye.orders.models import Order
from tests.factories import make_retailer, make_staff
from tests.supply.factories import World, make_world

pytestmark = pytest.mark.django_db
URL = "/api/v1/orders"


def _client(world: World, staff=None) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login((staff or world.clerk).user)
    return client


def _post(client: Client, body: object, **headers: str):  # type: ignore[no-untyped-def]
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", headers=headers)


def _order(world: World, quantity: object = 2, sku: str | None = None) -> dict[str, object]:
    return {
        "retailer": world.retailer.licence_no,
        "lines": [{"sku": sku or world.scarce.code, "quantity": quantity}],
    }


def test_order_is_created_then_readable_and_allowance_shows_what_is_left() -> None:
    today = timezone.localdate()
    world = make_world(on=today)
    client = _client(world)
    response = _post(client, _order(world), **{"Idempotency-Key": "abc"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["channel"] == "online" and body["total_quantity"] == 2
    assert _post(client, _order(world), **{"Idempotency-Key": "abc"}).json() == body
    assert client.get(f"{URL}/{body['order_no']}").json()["order_no"] == body["order_no"]
    supply = client.get(
        f"/api/v1/retailers/{world.retailer.licence_no}/allowance", {"week": today.isoformat()}
    ).json()
    assert supply["quota"]["remaining"] == 98
    assert supply["allowances"][0]["remaining"] == 8
    assert Order.objects.count() == 1


@pytest.mark.parametrize(
    ("quantity", "status", "text"),
    [
        (0, 422, "必须大于0"),
        (-1, 422, "必须大于0"),
        (2.5, 422, "数量：不是整数"),
        (10**12, 422, "超过单行上限10,000条"),
        ("many", 422, "数量：不是整数"),
    ],
)
def test_bad_quantities_answer_4xx_naming_the_field(
    quantity: object, status: int, text: str
) -> None:
    world = make_world(on=timezone.localdate())
    response = _post(_client(world), _order(world, quantity))
    assert response.status_code == status
    assert text in response.content.decode()
    assert not Order.objects.exists()


def test_unknown_sku_malformed_json_and_unauthenticated() -> None:
    world = make_world()
    client = _client(world)
    unknown = _post(client, _order(world, sku="NOPE"))
    assert unknown.status_code == 422 and "品规代码“NOPE”不存在" in unknown.json()["detail"]
    malformed = _post(client, '{"retailer": "x", "lines": [')
    assert malformed.status_code in (400, 422)
    assert _post(Client(), _order(world)).status_code == 401


def test_other_managers_retailer_reads_as_one_that_does_not_exist() -> None:
    world = make_world()
    stranger = make_staff("customer_manager", area=world.retailer.area)
    response = _post(_client(world, stranger), _order(world))
    assert response.status_code == 404
    assert "不存在或不在您的服务范围内" in response.json()["detail"]
    assert response.json()["code"] == "unknown_retailer"
    theirs = make_retailer(manager=stranger)
    body = _post(
        _client(world, stranger),
        {"retailer": theirs.licence_no, "lines": [{"sku": world.plain.code, "quantity": 1}]},
    )
    assert body.status_code == 422 and "不得代客户下单" in body.json()["detail"]
    missing = _post(_client(world), {**_order(world), "retailer": "999"})
    assert missing.status_code == 404 and "不存在" in missing.json()["detail"]
    assert missing.json()["code"] == "unknown_retailer"


def test_a_retailer_login_cannot_tell_which_licences_exist() -> None:
    """Another shop's licence is answered exactly as a licence nobody holds (issue 15)."""
    from jinye.retailers.services import do_create_login

    world = make_world(on=timezone.localdate())
    mine = make_retailer(area=world.retailer.area)
    login = do_create_login(retailer=mine, username="shop", password="shop-Pass-2026", by=None)
    client = Client()
    client.force_login(login.user)
    answers = []
    for licence in (world.retailer.licence_no, "999999999999"):
        allowance = client.get(f"/api/v1/retailers/{licence}/allowance")
        order = _post(client, {**_order(world), "retailer": licence})
        for response in (allowance, order):
            body = response.json()
            answers.append(
                (response.status_code, body["code"], body["detail"].replace(licence, ""))
            )
    assert answers[:2] == answers[2:]
    assert answers[0][:2] == (404, "unknown_retailer")


def test_openapi_schema_and_offline_docs() -> None:
    world = make_world()
    client = _client(world)
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/orders" in spec["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    # Offline: nothing loaded from another host (a bare "cdn" test also matched CSRF tokens).
    assert not re.search(r'(src|href)=["\'](https?:)?//', docs), "docs load from another host"
    assert "swagger" in docs.lower()


def test_cancelling_by_api_gives_the_cartons_back_once_and_records_who_and_why() -> None:
    from jinye.supply.models import MonthlyQuota, OrderCancellation

    today = timezone.localdate()
    world = make_world(on=today)
    client = _client(world)
    placed = _post(client, _order(world, 3)).json()
    url = f"{URL}/{placed['order_no']}/cancel"
    manager = _client(world, world.manager)
    assert (
        manager.post(url, {"reason": "客户改单"}, content_type="application/json").status_code
        == 403
    )
    blank = client.post(url, {"reason": "  "}, content_type="application/json")
    assert blank.status_code == 422 and "原因" in blank.json()["detail"]
    missing = client.post(f"{URL}/NOPE/cancel", {"reason": "x"}, content_type="application/json")
    assert missing.status_code == 404 and missing.json()["code"] == "unknown_order"
    done = client.post(url, {"reason": "客户改单"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    again = client.post(url, {"reason": "客户改单"}, content_type="application/json")
    assert again.status_code == 409 and "不能取消" in again.json()["detail"]
    assert MonthlyQuota.objects.get(retailer=world.retailer).ordered == 0
    record = OrderCancellation.objects.get(order__order_no=placed["order_no"])
    assert (record.cancelled_by, record.reason) == (world.clerk.user, "客户改单")


def test_refusals_carry_stable_codes_rows_and_skus_and_a_reused_key_is_409() -> None:
    world = make_world(on=timezone.localdate(), allowance=3)
    client = _client(world)
    over = _post(client, _order(world, 5), **{"Idempotency-Key": "k-api"})
    assert over.status_code == 422
    body = over.json()
    assert body["code"] == "over_allowance" and "第1行（quantity）" in body["detail"]
    assert body["errors"] == [
        {
            "code": "over_allowance",
            "message": "本周配额3条，已订0条，剩余3条",
            "field": "quantity",
            "row": 1,
            "sku": world.scarce.code,
        }
    ]
    assert _post(client, _order(world, 5), **{"Idempotency-Key": "k-api"}).json() == body
    reused = _post(client, _order(world, 2), **{"Idempotency-Key": "k-api"})
    assert reused.status_code == 409 and reused.json()["code"] == "key_reused"
    assert not Order.objects.exists()
