from decimal import Decimal

import pytest

from jinye.catalog.models import PriceClassScheme
from tests.factories import make_sku

pytestmark = pytest.mark.django_db


def test_sku_class_follows_transfer_price() -> None:
    assert make_sku(transfer="100.00", wholesale="60.00").price_class == 1
    assert make_sku(transfer="69.99", wholesale="500.00").price_class == 3


def test_sku_without_transfer_price_uses_wholesale_bounds() -> None:
    # 100 元 wholesale: class 2 under the wholesale bounds (84–120), class 1 under transfer ones.
    assert make_sku(transfer=None, wholesale="100.00").price_class == 2


def test_configured_scheme_changes_the_class() -> None:
    PriceClassScheme.objects.filter(basis="transfer").update(class1_min=Decimal("150"))
    assert make_sku(transfer="120.00").price_class == 2


def test_default_schemes_are_installed_by_migration() -> None:
    bases = set(PriceClassScheme.objects.values_list("basis", flat=True))
    assert bases == {"transfer", "wholesale"}
