"""``jinye retailer-login LICENCE USERNAME``."""

import pytest
from django.contrib.auth import authenticate
from typer.testing import CliRunner

from jinye.cli import app
from jinye.retailers.models import RetailerLogin
from tests.factories import make_retailer

pytestmark = pytest.mark.django_db


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr("jinye.retailers.cli.setup_django", lambda: None)
    return CliRunner()


def test_a_retailer_login_is_created_once_with_a_checked_password(runner: CliRunner) -> None:
    shop = make_retailer()
    ok = runner.invoke(
        app, ["retailer-login", shop.licence_no, "shop9"], input="ok-Pass-2026\n" * 2
    )
    assert ok.exit_code == 0, ok.output
    assert RetailerLogin.objects.get().retailer == shop
    assert authenticate(username="shop9", password="ok-Pass-2026") is not None
    again = runner.invoke(
        app, ["retailer-login", shop.licence_no, "shop10"], input="ok-Pass-2026\n" * 2
    )
    assert again.exit_code == 2 and "retailer: " in again.output and shop.licence_no in again.output
    missing = runner.invoke(app, ["retailer-login", "NOPE", "x"], input="ok-Pass-2026\n" * 2)
    assert missing.exit_code == 2 and "no such retailer" in missing.output
    assert RetailerLogin.objects.count() == 1
