"""A director uploads a broken spreadsheet in the browser: every problem listed, nothing
imported; the fixed file then imports."""

import pytest
from playwright.sync_api import Page, expect

from jinye.org.models import Role
from jinye.retailers.models import Retailer
from tests.dataio.helpers import RETAILER_HEADER, department_world, retailer_row, write_xlsx
from tests.e2e.test_browse import log_in
from tests.factories import make_department, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_broken_file_reports_every_row_then_the_fixed_file_imports(
    page: Page, live_server, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    department_world(make_department())
    make_staff(Role.DIRECTOR, dept=make_department(), username="director")
    broken = write_xlsx(
        tmp_path / "零售户.xlsx",
        RETAILER_HEADER,
        [
            retailer_row(1, "QX01"),
            retailer_row(2, "火星"),
            retailer_row(3, "QX01", 开业日期="2020-02-30"),
        ],
    )
    base = live_server.url
    log_in(page, base, "director")
    page.goto(f"{base}/data/import/")
    page.select_option("#import-form select[name=kind]", "retailers")
    page.set_input_files("#import-form input[type=file]", str(broken))
    page.click("#import-form button[type=submit]")
    errors = page.locator("#import-errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("火星")
    expect(errors.nth(1)).to_contain_text("开业日期")
    assert not Retailer.objects.exists()

    fixed = write_xlsx(
        tmp_path / "fixed.xlsx", RETAILER_HEADER, [retailer_row(i, "QX01") for i in (1, 2, 3)]
    )
    page.set_input_files("#import-form input[type=file]", str(fixed))
    page.click("#import-form button[type=submit]")
    expect(page.locator("#import-success")).to_be_visible()
    assert Retailer.objects.count() == 3
