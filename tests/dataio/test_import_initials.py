"""Imports write in bulk (no save()), so they keep the pinyin initials the order entry search
uses in step themselves: on create and when a name changes."""

import pytest

from jinye.catalog.models import Sku
from jinye.dataio.imports import import_file
from jinye.retailers.models import Retailer
from tests.dataio.helpers import (
    RETAILER_HEADER,
    SKU_HEADER,
    department_world,
    retailer_row,
    write_csv,
)

pytestmark = pytest.mark.django_db


def test_imported_retailers_get_initials_and_a_renamed_one_new_ones(tmp_path, dept):
    w = department_world(dept)
    rows = [retailer_row(1, "QX01", w["cm1"].employee_no, 店名="红旗便利店", 负责人="王小二")]
    import_file("retailers", write_csv(tmp_path / "r.csv", RETAILER_HEADER, rows))
    assert Retailer.objects.get().search_initials == "hqbld wxe"
    rows = [retailer_row(1, "QX01", w["cm1"].employee_no, 店名="东风超市", 负责人="王小二")]
    import_file("retailers", write_csv(tmp_path / "r2.csv", RETAILER_HEADER, rows))
    assert Retailer.objects.get().search_initials == "dfcs wxe"


def test_imported_skus_get_the_initials_of_their_name(tmp_path, dept):
    department_world(dept)
    rows = [["S9001", "6901000000011", "黄鹤楼", "黄鹤楼(硬金)", "130.00", "150.00", "170", "", ""]]
    import_file("skus", write_csv(tmp_path / "s.csv", SKU_HEADER, rows))
    assert Sku.objects.get(code="S9001").search_initials == "hhlyj"
