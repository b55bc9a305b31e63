"""Structure and invariants of the generated frames (pure: no database)."""

from datetime import date, timedelta
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jinye.demo.generator import generate_county, history_start
from jinye.engines.price_class import TRANSFER_DEFAULTS, classify
from jinye.retailers.models import BusinessFormat, LocationType, RetailerStatus

from .conftest import TODAY


def _ean_ok(code: str) -> bool:
    digits = [int(c) for c in code]
    return (sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits[:12])) + digits[12]) % 10 == 0


def test_same_seed_gives_identical_frames():
    a = generate_county(3, TODAY, scale=0.1)
    b = generate_county(3, TODAY, scale=0.1)
    for name in ("areas", "staff", "brands", "skus", "retailers", "orders", "order_lines"):
        assert getattr(a, name).equals(getattr(b, name)), name


def test_different_seed_gives_different_county():
    a = generate_county(3, TODAY, scale=0.1)
    b = generate_county(4, TODAY, scale=0.1)
    assert not a.retailers.equals(b.retailers)
    assert not a.order_lines.equals(b.order_lines)


def test_scale_multiplies_retailers():
    assert generate_county(1, TODAY, scale=0.1).retailers.height == 190
    assert generate_county(1, TODAY, scale=0.03).retailers.height == 57


def test_bad_scale_is_refused():
    with pytest.raises(ValueError, match="scale"):
        generate_county(1, TODAY, scale=0)


@settings(max_examples=30, deadline=None)
@given(st.dates(date(2000, 1, 1), date(2090, 12, 31)))
def test_history_starts_eight_quarters_before_the_current_one(today):
    start = history_start(today)
    assert start.day == 1 and start.month in (1, 4, 7, 10)
    months_back = (today.year - start.year) * 12 + today.month - start.month
    assert 24 <= months_back <= 26


def test_barcodes_are_unique_valid_ean13(small_county):
    codes = small_county.skus["barcode"]
    assert codes.n_unique() == codes.len()
    assert codes.str.contains(r"^\d{13}$").all()
    assert all(_ean_ok(c) for c in codes)


def test_prices_and_classes(small_county):
    skus = small_county.skus
    ratio = skus["wholesale_price"] / skus["transfer_price"]
    assert ratio.min() >= 1.18 and ratio.max() <= 1.22  # type: ignore[operator]
    assert (skus["retail_price"] > skus["wholesale_price"]).all()
    for row in skus.iter_rows(named=True):
        expected = classify(Decimal(str(row["transfer_price"])), TRANSFER_DEFAULTS)
        assert row["price_class"] == expected, row["name"]
    assert set(skus["price_class"]) == {1, 2, 3, 4, 5}


def test_retailer_master_data(small_county):
    r = small_county.retailers
    assert r["licence_no"].n_unique() == r.height
    assert r["licence_no"].str.contains(r"^\d{12}$").all()
    assert set(r["business_format"]) <= set(BusinessFormat.values)
    assert set(r["location_type"]) == set(LocationType.values)
    assert set(r["status"]) <= set(RetailerStatus.values)
    assert (r["business_format"] == "grocery").mean() > 0.5  # type: ignore[operator]
    assert (r["status"] == "open").mean() > 0.8  # type: ignore[operator]
    assert r["latitude"].is_between(32.5, 33.5).all()
    assert r["longitude"].is_between(109.8, 111.0).all()
    assert r.select(pl.col("name", "owner", "phone", "address").str.len_chars().min()).row(0) > (
        0,
        0,
        0,
        0,
    )


def test_customer_managers_serve_retailers_in_their_own_area(small_county):
    joined = small_county.retailers.join(
        small_county.staff.select(
            pl.col("staff_id").alias("customer_manager_id"),
            pl.col("area_id").alias("manager_area"),
            "role",
        ),
        on="customer_manager_id",
    )
    assert joined.height == small_county.retailers.height
    assert (joined["role"] == "customer_manager").all()
    assert (joined["area_id"] == joined["manager_area"]).all()


def test_some_retailers_are_new_this_quarter(full_county):
    opened = full_county.retailers["opened_on"]
    assert (opened >= TODAY - timedelta(days=92)).sum() >= 10


def test_orders_fall_inside_each_retailers_trading_life(small_county):
    orders = small_county.orders.join(
        small_county.retailers.select(
            "retailer_id", "opened_on", pl.col("status").alias("retailer_status")
        ),
        on="retailer_id",
    )
    assert (orders["order_date"] >= orders["opened_on"]).all()
    assert orders["order_date"].is_between(small_county.start, TODAY).all()
    # Cancelled and suspended retailers stopped ordering at least two weeks ago.
    stopped = orders.filter(pl.col("retailer_status") != "open")
    assert stopped.height > 0
    assert (stopped["order_date"] < TODAY - timedelta(days=13)).all()


def test_order_fields(small_county):
    o = small_county.orders
    assert o["order_no"].n_unique() == o.height
    for day, week in o.select("order_date", "week").iter_rows():
        assert week == day - timedelta(days=day.weekday())
    assert (o["week"].dt.weekday() == 1).all()
    assert (o["channel"] == "online").mean() > 0.7  # type: ignore[operator]
    assert set(o["channel"]) == {"online", "phone", "visit"}
    cancelled = (o["status"] == "cancelled").mean()
    assert 0 < cancelled < 0.03  # type: ignore[operator]
    assert set(o["status"]) == {"delivered", "cancelled"}
    assert (
        o.filter(pl.col("channel") == "online")["entered_by_staff_id"].null_count()
        == o.filter(pl.col("channel") == "online").height
    )


def test_order_lines_are_priced_at_wholesale(small_county):
    lines = small_county.order_lines.join(
        small_county.skus.select("sku_id", "wholesale_price"), on="sku_id"
    )
    assert (lines["quantity"] >= 1).all()
    assert (
        lines["unit_price_fen"] == (lines["wholesale_price"] * 100).round(0).cast(pl.Int64)
    ).all()
    assert (lines["amount_fen"] == lines["quantity"] * lines["unit_price_fen"]).all()
    assert lines.select("order_id", "sku_id").is_unique().all()
    assert set(lines["order_id"]) == set(small_county.orders["order_id"])


def test_scarce_skus_are_capped_per_order(small_county):
    scarce = small_county.order_lines.join(
        small_county.skus.filter(pl.col("scarce")).select("sku_id"), on="sku_id"
    )
    assert scarce.height > 0
    assert scarce["quantity"].max() <= 5  # type: ignore[operator]
