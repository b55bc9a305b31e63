"""A NUL character anywhere in a request is answered 400 with a reason, never a 500
(PostgreSQL refuses NUL in text), on pages, forms and the API."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from jinye.orders.models import Order
from tests.supply.factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk() -> Client:
    world = make_world(on=timezone.localdate())
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.clerk.user)
    client.world = world  # type: ignore[attr-defined]
    return client


def test_api_json_with_nul_is_refused_with_a_reason(clerk: Client) -> None:
    world = clerk.world  # type: ignore[attr-defined]
    for body in (
        {"retailer": world.retailer.licence_no, "lines": [{"sku": "A\u0000B", "quantity": 1}]},
        {"retailer": "X\u0000", "lines": [{"sku": world.plain.code, "quantity": 1}]},
    ):
        response = clerk.post("/api/v1/orders", json.dumps(body), content_type="application/json")
        assert response.status_code == 400 and "NUL" in response.json()["detail"]
        assert response.json()["code"] == "nul_character"  # the API's own error body
    assert clerk.get("/api/v1/orders/X%00Y").status_code == 400
    assert not Order.objects.exists()


def test_forms_and_queries_with_nul_are_refused(clerk: Client) -> None:
    world = clerk.world  # type: ignore[attr-defined]
    form = {"retailer": world.retailer.licence_no, "key": "k\x00", "sku": world.plain.code}
    response = clerk.post("/supply/orders/new/", {**form, "quantity": "1"})
    assert response.status_code == 400 and b"NUL" in response.content
    assert clerk.get("/retailers/", {"q": "a\x00b"}).status_code == 400
    assert not Order.objects.exists()


def test_ordinary_requests_pass(clerk: Client) -> None:
    world = clerk.world  # type: ignore[attr-defined]
    body = {
        "retailer": world.retailer.licence_no,
        "lines": [{"sku": world.plain.code, "quantity": 1}],
    }
    response = clerk.post("/api/v1/orders", json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    assert clerk.get("/retailers/", {"q": world.retailer.name}).status_code == 200
