"""A write that meets a database locked by another connection (a long import) is answered
503 with Retry-After, never a 500: the API's JSON error body on /api/, a page elsewhere."""

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone
from typer.testing import CliRunner

from jinye.cli import app
from jinye.orders.models import Order
from jinye.retailers.models import Retailer
from tests.dataio.helpers import RETAILER_HEADER, department_world, retailer_row, write_csv
from tests.supply.factories import make_world

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def locked_by_another_connection(table: str = "orders_order") -> Iterator[None]:
    """Another connection holds the write lock. SQLite: its one database lock (the test
    database is in memory with a shared cache, so a writer is refused at once rather than
    after the busy timeout; the locked table is one no request reads). PostgreSQL: an
    exclusive lock on ``table``, met by this connection with a short lock_timeout."""
    if connection.vendor == "sqlite":
        other = sqlite3.connect(connection.settings_dict["NAME"], uri=True, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE django_migrations SET applied = applied")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    holder = connections.create_connection("default")
    try:
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        yield
    finally:
        holder.rollback()
        holder.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")


@pytest.fixture
def clerk() -> Client:
    world = make_world(on=timezone.localdate())
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.clerk.user)
    client.world = world  # type: ignore[attr-defined]
    return client


def test_api_write_meets_a_lock_and_gets_503_json_with_retry_after(clerk: Client) -> None:
    world = clerk.world  # type: ignore[attr-defined]
    body = {
        "retailer": world.retailer.licence_no,
        "lines": [{"sku": world.plain.code, "quantity": 1}],
    }
    with locked_by_another_connection():
        response = clerk.post("/api/v1/orders", json.dumps(body), content_type="application/json")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert int(response["Retry-After"]) > 0
    payload = response.json()
    assert payload["code"] == "database_busy"
    assert "try again" in payload["detail"]
    assert not Order.objects.exists()
    # Once the lock is gone the same request goes through.
    response = clerk.post("/api/v1/orders", json.dumps(body), content_type="application/json")
    assert response.status_code == 201


def test_page_post_meets_a_lock_and_gets_a_translated_503_page(clerk: Client) -> None:
    world = clerk.world  # type: ignore[attr-defined]
    form = {"retailer": world.retailer.licence_no, "key": "k1", "sku": world.plain.code}
    chinese = Client(raise_request_exception=False)
    chinese.force_login(world.clerk.user)
    with locked_by_another_connection():
        response = clerk.post("/supply/orders/new/", {**form, "quantity": "1"})
        zh = chinese.post("/supply/orders/new/", {**form, "quantity": "1"})
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert response["Content-Type"].startswith("text/html")
    assert "The database is busy" in response.content.decode()
    assert zh.status_code == 503 and "数据库" in zh.content.decode()
    assert not Order.objects.exists()


def test_cli_import_meets_a_lock_and_says_to_try_again(dept, tmp_path) -> None:
    w = department_world(dept)
    rows = [retailer_row(i, "QX01", w["cm1"].employee_no) for i in range(3)]
    path = write_csv(tmp_path / "r.csv", RETAILER_HEADER, rows)
    with locked_by_another_connection("retailers_retailer"):
        result = CliRunner().invoke(app, ["import", "retailers", str(path)])
    assert result.exit_code == 2, result.output
    assert "数据库正忙" in result.output and "10 秒后重试" in result.output
    assert not Retailer.objects.exists()
    assert CliRunner().invoke(app, ["import", "retailers", str(path)]).exit_code == 0
    assert Retailer.objects.count() == 3
