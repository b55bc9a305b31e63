"""Loading the county into the database: counts, totals, scope, logins, rebuild, atomicity."""

from decimal import Decimal

import polars as pl
import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db.models import PROTECT, ForeignKey, Sum

from jinye import access
from jinye.catalog.models import Brand, Sku
from jinye.demo import build
from jinye.demo.build import DEMO_ACCOUNTS, build_demo_county, database_has_data
from jinye.demo.generator import generate_county
from jinye.orders.models import Order, OrderLine
from jinye.org.models import MarketArea, Role, Staff
from jinye.retailers.models import Retailer
from tests.factories import make_retailer

from .conftest import TODAY

pytestmark = pytest.mark.django_db

SCALE = 0.03


def _build(seed: int = 5, replace: bool = False, **kw: object) -> str:
    return build_demo_county(seed=seed, today=TODAY, replace=replace, scale=SCALE, **kw)  # type: ignore[arg-type]


def test_database_matches_the_frames():
    county = generate_county(5, TODAY, scale=SCALE)
    assert not database_has_data()
    summary = _build()
    assert database_has_data()
    assert f"{county.order_lines.height:,} order lines" in summary
    assert MarketArea.objects.count() == county.areas.height
    assert Staff.objects.count() == county.staff.height
    assert Brand.objects.count() == county.brands.height
    assert Sku.objects.count() == county.skus.height
    assert Retailer.objects.count() == county.retailers.height
    assert Order.objects.count() == county.orders.height
    assert OrderLine.objects.count() == county.order_lines.height
    totals = OrderLine.objects.aggregate(q=Sum("quantity"), a=Sum("amount"))
    assert totals["q"] == county.order_lines["quantity"].sum()
    # SQLite sums decimals as floats: compare to the cent.
    cents = Decimal("0.01")
    assert totals["a"].quantize(cents) == Decimal(county.order_lines["amount_fen"].sum()) / 100
    # Checked in Python: SQLite would multiply in floating point.
    for qty, price, amount in OrderLine.objects.values_list("quantity", "unit_price", "amount"):
        assert amount == qty * price
    cancelled = county.orders.filter(pl.col("status") == "cancelled").height
    assert Order.objects.filter(status="cancelled").count() == cancelled


def test_price_classes_and_prices_are_stored():
    county = generate_county(5, TODAY, scale=SCALE)
    _build()
    stored = {s.code: s for s in Sku.objects.all()}
    for row in county.skus.iter_rows(named=True):
        sku = stored[row["code"]]
        assert sku.price_class == row["price_class"]
        assert sku.wholesale_price == Decimal(row["wholesale_fen"]) / 100
        assert sku.scarce == row["scarce"]


def test_orders_keep_dates_weeks_and_entry():
    county = generate_county(5, TODAY, scale=SCALE)
    _build()
    first = county.orders.row(0, named=True)
    order = Order.objects.get(order_no=first["order_no"])
    assert order.order_date == first["order_date"]
    assert order.week == first["week"]
    assert order.created_at.date() == first["order_date"]
    phone = Order.objects.filter(channel="phone").select_related("entered_by__staff")
    assert phone.exists()
    assert all(o.entered_by.staff.role == Role.ORDER_CLERK for o in phone[:50])  # type: ignore[union-attr]
    assert not Order.objects.filter(channel="online", entered_by__isnull=False).exists()


def test_customer_managers_retailers_are_in_their_area():
    _build()
    managers = Staff.objects.filter(role=Role.CUSTOMER_MANAGER)
    assert managers.count() >= 3
    for manager in managers:
        assert manager.retailers.exists()
        assert not manager.retailers.exclude(area=manager.area).exists()


def test_demo_accounts_log_in_with_their_role(client):
    _build()
    for account in DEMO_ACCOUNTS:
        if account.role == "retailer":
            continue  # the retailer's own login comes with the derived activity
        assert client.login(username=account.username, password=account.password), account
        assert Staff.objects.get(user__username=account.username).role == account.role
        client.logout()
    assert not client.login(username="cm01", password="wrong-password")


def test_customer_manager_sees_only_own_retailers():
    _build()
    cm = User.objects.get(username="cm01")
    visible = access.retailers(cm)
    assert visible.count() == Retailer.objects.filter(customer_manager__user=cm).count()
    assert visible.count() < Retailer.objects.count()


def test_replace_rebuilds_cleanly_and_keeps_superusers():
    admin = User.objects.create_superuser("admin", password="admin-pass-123")
    _build(seed=5)
    other = generate_county(6, TODAY, scale=SCALE)
    _build(seed=6, replace=True)
    assert Retailer.objects.count() == other.retailers.height
    assert Order.objects.count() == other.orders.height
    assert OrderLine.objects.count() == other.order_lines.height
    assert (
        OrderLine.objects.aggregate(q=Sum("quantity"))["q"] == other.order_lines["quantity"].sum()
    )
    assert User.objects.filter(pk=admin.pk).exists()
    assert User.objects.count() == other.staff.height + 1
    assert set(Retailer.objects.values_list("licence_no", flat=True)) == set(
        other.retailers["licence_no"]
    )


def test_build_without_replace_refuses_a_filled_database():
    _build()
    before = OrderLine.objects.count()
    with pytest.raises(ValueError, match="replace"):
        _build(seed=6)
    assert OrderLine.objects.count() == before


def test_failure_midway_writes_nothing(monkeypatch):
    def boom(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(build, "_load_orders", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        _build()
    assert not Retailer.objects.exists()
    assert not Staff.objects.exists()
    assert not Sku.objects.exists()


def test_new_rows_after_the_build_get_fresh_ids():
    _build()
    retailer = make_retailer(area=MarketArea.objects.first())
    assert retailer.pk > max(Retailer.objects.exclude(pk=retailer.pk).values_list("pk", flat=True))


def test_progress_reports_every_phase():
    seen: dict[str, tuple[int, int]] = {}
    _build(progress=lambda done, total, label: seen.__setitem__(label, (done, total)))
    for label in (build.GENERATE, build.MASTER, build.ORDERS, build.LINES):
        done, total = seen[label]
        assert done == total > 0


def test_rebuild_first_drops_other_apps_rows_that_protect_demo_rows():
    demo_tables = set(build._MODELS)
    blockers = build._blocking_models()
    for model in apps.get_models():
        if model in demo_tables:
            continue
        for field in model._meta.get_fields():
            if (
                isinstance(field, ForeignKey)
                and field.remote_field.model in demo_tables
                and field.remote_field.on_delete is PROTECT
            ):
                assert model in blockers, model
    assert not demo_tables & set(blockers)
