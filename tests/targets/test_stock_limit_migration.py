"""Issue 15 item 1: a stock count of 9,223,372,036,854,775,807 条 saved before the limit
existed made the dashboard's SQL sum overflow (a 500 for the director, a market manager and
the customer manager) once a later survey round existed. The migration that adds the limit
removes such rows, and afterwards the dashboard answers again."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from jinye.org.models import Role
from jinye.targets import services
from jinye.targets.models import StockCount
from tests.factories import make_area, make_department, make_retailer, make_sku, make_staff

# SQLite stored the reported 64-bit value; PostgreSQL's integer column holds up to 2³¹ − 1.
HUGE = 9_223_372_036_854_775_807 if connection.vendor == "sqlite" else 2_147_483_647
BEFORE = [("targets", "0001_initial")]
AFTER = [("targets", "0002_stock_counts_within_limit")]


def _migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_migration_removes_impossible_counts_and_the_dashboard_answers() -> None:
    dept = make_department()
    area = make_area(dept)
    cm = make_staff(Role.CUSTOMER_MANAGER, area=area)
    director = make_staff(Role.DIRECTOR, dept=dept)
    shop, other = make_retailer(manager=cm), make_retailer(manager=cm)
    sku = make_sku()
    rounds = [
        services.do_create_survey(
            department=dept, name=name, taken_on=day, sample_share=Decimal(1), seed=1
        )
        for name, day in (("十月", date(2026, 10, 31)), ("十一月", date(2026, 11, 30)))
    ]
    _migrate(BEFORE)
    try:
        StockCount.objects.create(survey=rounds[0], retailer=shop, sku=sku, cartons=HUGE)
        StockCount.objects.create(survey=rounds[0], retailer=other, sku=sku, cartons=30)
        StockCount.objects.create(survey=rounds[1], retailer=shop, sku=sku, cartons=40)
    finally:
        _migrate(AFTER)
    left = sorted(StockCount.objects.values_list("survey__name", "cartons"))
    assert left == [("十一月", 40), ("十月", 30)]
    for staff in (director, cm):
        client = Client()
        client.force_login(staff.user)
        assert client.get("/").status_code == 200
    with pytest.raises(IntegrityError), transaction.atomic():
        StockCount.objects.create(survey=rounds[1], retailer=other, sku=sku, cartons=100_001)
