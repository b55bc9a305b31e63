"""Every upload form and the CLI refuse a zip bomb and an oversized file with a clear
message, quickly and before parsing (issue 15 item 2); the survey import is for the roles
that record stock counts, checked before the file is read."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from typer.testing import CliRunner

from jinye.cli import app
from jinye.forecasts.models import CollectedForecast
from jinye.forecasts.services import do_open_round
from jinye.org.models import Role
from jinye.retailers.models import Retailer
from jinye.targets import services as targets
from jinye.targets.models import StockCount
from tests.dataio.helpers import RETAILER_HEADER, department_world
from tests.factories import make_retailer, make_sku, make_staff, make_xlsx, make_zip_bomb_xlsx
from tests.forecasts.factories import make_county

pytestmark = pytest.mark.django_db
BOMB_MESSAGE = "times its packed size"


def _client(staff) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(staff.user)
    return client


def _bomb(name: str = "bomb.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_zip_bomb_xlsx(RETAILER_HEADER))


def _survey(dept):  # type: ignore[no-untyped-def]
    return targets.do_create_survey(
        department=dept,
        name="3月全采",
        taken_on=date(2026, 3, 31),
        sample_share=Decimal("1"),
        seed=1,
    )


def test_import_page_refuses_a_zip_bomb(dept):
    w = department_world(dept)
    page = _client(w["director"]).post(
        reverse("dataio:import"), {"kind": "retailers", "file": _bomb()}
    )
    assert page.status_code == 200 and page.context["result"] is None
    assert BOMB_MESSAGE in page.content.decode()
    assert not Retailer.objects.exists()


def test_cli_import_refuses_a_zip_bomb(dept, tmp_path):
    department_world(dept)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(make_zip_bomb_xlsx(RETAILER_HEADER))
    result = CliRunner().invoke(app, ["import", "retailers", str(path)])
    assert result.exit_code == 2  # a refusal, as every command's (clikit.refusals)
    assert "工作簿中的部件" in result.output  # the reason, in the site's language
    assert not Retailer.objects.exists()


def test_survey_import_refuses_a_zip_bomb_and_an_oversized_file(dept, settings):
    director = make_staff(Role.DIRECTOR, dept=dept)
    make_retailer(manager=make_staff(Role.CUSTOMER_MANAGER, dept=dept))
    survey = _survey(dept)
    client = _client(director)
    url = f"/targets/surveys/{survey.pk}/"
    page = client.post(url, {"file": _bomb()})
    assert page.status_code == 200 and BOMB_MESSAGE in page.content.decode()
    data = make_xlsx([["licence_no", "sku_code", "cartons"], ["x", "y", 1]])
    settings.SHEET_LIMITS = {"file_bytes": len(data) - 1}
    page = client.post(url, {"file": SimpleUploadedFile("c.xlsx", data)})
    assert page.status_code == 200 and "the limit is" in page.content.decode()
    assert not StockCount.objects.exists()


@pytest.mark.parametrize("role", [Role.DELIVERER, Role.INSPECTOR, Role.ORDER_CLERK])
def test_survey_import_is_refused_to_roles_that_record_no_counts(dept, role):
    retailer = make_retailer(manager=make_staff(Role.CUSTOMER_MANAGER, dept=dept))
    sku = make_sku()
    survey = _survey(dept)
    good = make_xlsx([["licence_no", "sku_code", "cartons"], [retailer.licence_no, sku.code, 5]])
    client = _client(make_staff(role, dept=dept))
    page = client.post(
        f"/targets/surveys/{survey.pk}/", {"file": SimpleUploadedFile("c.xlsx", good)}
    )
    assert page.status_code == 403
    assert not StockCount.objects.exists()
    director = _client(make_staff(Role.DIRECTOR, dept=dept))  # the same file is fine otherwise
    director.post(f"/targets/surveys/{survey.pk}/", {"file": SimpleUploadedFile("c.xlsx", good)})
    assert StockCount.objects.get().cartons == 5


def test_forecast_upload_refuses_a_zip_bomb(dept):
    county = make_county(dept)
    rnd = do_open_round(
        department=county.dept,
        month=date(2027, 1, 1),
        sku_ids=[s.pk for s in county.skus],
        deadline=timezone.now() + timedelta(days=5),
        scope="all",
    )
    page = _client(county.managers[0]).post(f"/forecasts/round/{rnd.pk}/upload/", {"file": _bomb()})
    assert page.status_code == 200 and BOMB_MESSAGE in page.content.decode()
    assert not CollectedForecast.objects.exists()


def test_a_request_body_over_the_limit_is_refused_from_its_length(dept, settings):
    w = department_world(dept)
    settings.SHEET_LIMITS = {"file_bytes": 1000}  # requests above 1000 B + 1 MiB are refused
    client = _client(w["director"])
    big = SimpleUploadedFile("big.csv", b"x" * (1024 * 1024 + 2000))
    page = client.post(reverse("dataio:import"), {"kind": "retailers", "file": big})
    assert page.status_code == 413 and "the limit is" in page.content.decode()
    api = client.post(
        "/api/v1/orders",
        io.BytesIO(b"{" + b" " * (1024 * 1024 + 2000) + b"}").read(),
        content_type="application/json",
    )
    assert api.status_code == 413 and api.json()["code"] == "request_too_large"
