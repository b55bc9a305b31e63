"""The migrations that add the pinyin initials fill them for the shops and SKUs already
stored, so order entry finds them by initials from the first day."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jinye.catalog.models import Sku
from jinye.retailers.models import Retailer
from tests.factories import make_retailer, make_sku

BEFORE = [("retailers", "0002_retailer_login"), ("catalog", "0002_default_price_class_schemes")]
AFTER = [("retailers", "0003_search_initials"), ("catalog", "0003_search_initials")]


def _migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_migration_fills_initials_of_stored_retailers_and_skus() -> None:
    shop = make_retailer(name="红旗便利店", owner="王小二")
    sku = make_sku()
    Sku.objects.filter(pk=sku.pk).update(name="黄鹤楼(硬金)")
    _migrate(BEFORE)
    _migrate(AFTER)
    assert Retailer.objects.get(pk=shop.pk).search_initials == "hqbld wxe"
    assert Sku.objects.get(pk=sku.pk).search_initials == "hhlyj"
