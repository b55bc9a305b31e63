"""``writers.bulk_update``: the import's one-statement-per-row update saves every kind of
field it is given (foreign keys, dates, decimals, floats, NULL) and nothing else."""

from datetime import date
from decimal import Decimal

import pytest

from jinye.catalog.models import Sku
from jinye.dataio.writers import bulk_update
from jinye.retailers.models import Retailer
from tests.dataio.helpers import department_world
from tests.factories import make_retailer

pytestmark = pytest.mark.django_db


def test_bulk_update_saves_the_given_fields_of_each_row_only(dept):
    w = department_world(dept)
    shops = [make_retailer(manager=w["cm1"], name=f"店{i}") for i in range(3)]
    for i, shop in enumerate(shops[:2]):
        shop.area, shop.customer_manager = w["a2"], None
        shop.opened_on, shop.longitude = date(2019, 2, 28 - i), 111.25 + i
        shop.name = f"新店{i}"
        shop.owner = "不保存"  # not among the fields given
    bulk_update(
        Retailer, shops[:2], ["area", "customer_manager_id", "opened_on", "longitude", "name"]
    )
    stored = {r.pk: r for r in Retailer.objects.all()}
    for i, shop in enumerate(shops[:2]):
        got = stored[shop.pk]
        assert (got.area_id, got.customer_manager_id) == (w["a2"].pk, None)
        assert (got.opened_on, got.longitude, got.name) == (
            date(2019, 2, 28 - i),
            111.25 + i,
            f"新店{i}",
        )
        assert got.owner != "不保存"
    untouched = stored[shops[2].pk]
    assert (untouched.name, untouched.customer_manager_id) == ("店2", w["cm1"].pk)


def test_bulk_update_keeps_decimal_prices_exact(dept):
    w = department_world(dept)
    sku: Sku = w["sku1"]
    sku.wholesale_price = Decimal("123.45")
    bulk_update(Sku, [sku], ["wholesale_price"])
    assert Sku.objects.get(pk=sku.pk).wholesale_price == Decimal("123.45")
