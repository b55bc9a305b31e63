"""Issue 15 item 7: only those who serve a retailer (its customer manager, the area's market
manager, the director) record its visits and stock counts — through the form, the API and the
.xlsx import alike. Order clerks, deliverers and inspectors read them but write neither."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import Workbook

from jinye.errors import Forbidden
from jinye.org.models import Role, Staff
from jinye.targets import services as targets
from jinye.targets.models import InventorySurvey, StockCount
from jinye.visits.models import Visit
from jinye.visits.services import do_record_visit
from tests.factories import make_retailer, make_sku, make_staff
from tests.visits.factories import LATER, at

pytestmark = pytest.mark.django_db

OUTSIDERS = [Role.ORDER_CLERK, Role.DELIVERER, Role.INSPECTOR]


def _client(staff: Staff) -> Client:
    client = Client()
    client.force_login(staff.user)
    return client


@pytest.fixture
def shop():  # type: ignore[no-untyped-def]
    cm = make_staff(Role.CUSTOMER_MANAGER)
    return make_retailer(manager=cm)


def _survey(shop) -> InventorySurvey:  # type: ignore[no-untyped-def]
    return targets.do_create_survey(
        department=shop.area.department,
        name="十二月普查",
        taken_on=date(2026, 12, 1),
        sample_share=Decimal("1"),
        seed=1,
    )


def _visit_form() -> dict[str, str]:
    return {
        "checked_in_at": "2026-12-03T09:30",
        "guidance": "",
        "guidance_content": "",
        "observations": "",
        "complaints": "",
        "sku-TOTAL_FORMS": "0",
        "sku-INITIAL_FORMS": "0",
        "sku-MIN_NUM_FORMS": "0",
        "sku-MAX_NUM_FORMS": "30",
    }


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_cannot_record_visits_by_form_api_or_service(shop, role) -> None:
    outsider = make_staff(role, dept=shop.area.department)
    client = _client(outsider)
    assert client.get("/visits/log/").status_code == 403
    assert client.post("/visits/log/", {**_visit_form(), "retailer": shop.pk}).status_code == 403
    batch = {
        "visits": [{"retailer": shop.licence_no, "checked_in_at": "2026-12-03T09:30:00+08:00"}]
    }
    api = client.post("/api/v1/visits", json.dumps(batch), content_type="application/json")
    assert api.status_code == 403
    with pytest.raises(Forbidden):
        do_record_visit(
            user=outsider.user, retailer_id=shop.pk, checked_in_at=at(2026, 12, 3), now=LATER
        )
    assert not Visit.objects.exists()
    # They still read the retailer's page, without the link to record a visit.
    page = client.get(f"/retailers/{shop.pk}/").content.decode()
    assert f"/visits/log/?retailer={shop.pk}" not in page


def test_those_serving_a_retailer_record_its_visits(shop) -> None:
    market = make_staff(Role.MARKET_MANAGER, area=shop.area)
    director = make_staff(Role.DIRECTOR, dept=shop.area.department)
    for n, staff in enumerate([shop.customer_manager, market, director], start=1):
        do_record_visit(
            user=staff.user, retailer_id=shop.pk, checked_in_at=at(2026, 12, n), now=LATER
        )
    assert set(Visit.objects.values_list("staff", flat=True)) == {
        shop.customer_manager.pk,
        market.pk,
        director.pk,
    }


def _xlsx(rows: list[list[object]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["licence_no", "sku_code", "cartons"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "counts.xlsx"
    return buf


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_cannot_overwrite_stock_counts(shop, role) -> None:
    sku = make_sku()
    survey = _survey(shop)
    targets.do_record_counts(
        survey=survey, retailer=shop, counts={sku: 40}, by=shop.customer_manager.user
    )
    outsider = make_staff(role, dept=shop.area.department)
    client = _client(outsider)
    entry = f"/targets/surveys/{survey.pk}/retailers/{shop.pk}/"
    assert client.get(entry).status_code == 403
    assert client.post(entry, {f"sku-{sku.pk}": "9999"}).status_code == 403
    page = client.post(
        f"/targets/surveys/{survey.pk}/", {"file": _xlsx([[shop.licence_no, sku.code, 9999]])}
    )
    # The import is refused before the file is read: these roles may not record counts.
    assert page.status_code == 403 and entry not in page.content.decode()
    with pytest.raises(Forbidden):
        targets.do_record_counts(survey=survey, retailer=shop, counts={sku: 1}, by=outsider.user)
    with pytest.raises(Forbidden):
        targets.do_import_counts(
            survey=survey, fh=_xlsx([[shop.licence_no, sku.code, 1]]), by=outsider.user
        )
    assert list(StockCount.objects.values_list("cartons", flat=True)) == [40]


def test_the_market_manager_records_counts_in_their_area_only(shop) -> None:
    sku = make_sku()
    survey = _survey(shop)
    market = make_staff(Role.MARKET_MANAGER, area=shop.area)
    targets.do_import_counts(
        survey=survey, fh=_xlsx([[shop.licence_no, sku.code, 7]]), by=market.user
    )
    assert StockCount.objects.get().cartons == 7
    elsewhere = make_staff(Role.MARKET_MANAGER, dept=shop.area.department)
    assert (
        _client(elsewhere).get(f"/targets/surveys/{survey.pk}/retailers/{shop.pk}/").status_code
        == 404
    )
