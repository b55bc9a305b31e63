"""Login lockout (django-axes, switched on here as in production): after the configured number
of wrong passwords a username is refused, even with the right password, on the staff login,
a retailer's portal login, the admin login and so for the API (whose session comes from the
login); and the password rules refuse numeric-only and common passwords in both languages."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jinye.errors import Invalid
from jinye.org.models import Role
from jinye.retailers.services import do_create_login
from tests.factories import make_retailer, make_staff

pytestmark = pytest.mark.django_db
PASSWORD = "pw-12345678"


@pytest.fixture(autouse=True)
def _axes_on(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.AXES_ENABLED = True
    yield


def _attempt(client: Client, username: str, password: str, url: str = "") -> int:
    response = client.post(url or reverse("login"), {"username": username, "password": password})
    return response.status_code


def _fail(client: Client, username: str, times: int, url: str = "") -> list[int]:
    return [_attempt(client, username, f"wrong-{i}", url) for i in range(times)]


def test_a_staff_login_is_locked_after_the_limit_even_with_the_right_password() -> None:
    make_staff(Role.DIRECTOR, username="boss")
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    limit = settings.AXES_FAILURE_LIMIT
    # Before the limit the form answers as usual: the wrong password, shown again.
    assert _fail(client, "boss", limit - 1) == [200] * (limit - 1)
    locked = client.post(reverse("login"), {"username": "boss", "password": "wrong-last"})
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "登录已锁定" in page and f"连续输错密码 {limit} 次" in page and "15 分钟后再试" in page
    right = client.post(reverse("login"), {"username": "boss", "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address does not help: the lock is on the username.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert _attempt(other, "boss", PASSWORD) == 429


def test_the_lock_page_is_in_english_for_an_english_reader() -> None:
    make_staff(Role.DIRECTOR, username="boss")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    _fail(client, "boss", settings.AXES_FAILURE_LIMIT)
    page = client.post(reverse("login"), {"username": "boss", "password": PASSWORD})
    text = page.content.decode()
    assert page.status_code == 429 and "Login locked" in text
    limit = settings.AXES_FAILURE_LIMIT
    assert f"after {limit} wrong passwords in a row" in text and "in 15 minutes" in text


def test_a_right_password_before_the_limit_resets_the_count() -> None:
    make_staff(Role.DIRECTOR, username="boss")
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    _fail(client, "boss", limit - 1)
    assert _attempt(client, "boss", PASSWORD) == 302
    client.logout()
    assert _fail(client, "boss", limit - 1) == [200] * (limit - 1)
    assert _attempt(client, "boss", PASSWORD) == 302


def test_a_lock_on_one_username_leaves_the_others_alone() -> None:
    make_staff(Role.DIRECTOR, username="boss")
    make_staff(Role.ORDER_CLERK, username="clerk")
    client = Client()
    _fail(client, "boss", settings.AXES_FAILURE_LIMIT)
    assert _attempt(client, "clerk", PASSWORD) == 302


def test_a_retailer_portal_login_is_locked_too() -> None:
    retailer = make_retailer()
    do_create_login(retailer=retailer, username="shop", password="shop-Pass-2026", by=None)
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    assert _fail(client, "shop", limit) == [200] * (limit - 1) + [429]
    assert _attempt(client, "shop", "shop-Pass-2026") == 429
    assert client.get("/portal/").status_code == 302  # still the login page


def test_the_admin_login_counts_and_locks_the_same_username() -> None:
    User.objects.create_superuser("root", password="root-Pass-2026")
    client = Client()
    admin_login = reverse("admin:login")
    limit = settings.AXES_FAILURE_LIMIT
    assert _fail(client, "root", limit, admin_login)[-1] == 429
    # Failures anywhere count for the username: the main login is locked as well.
    assert _attempt(client, "root", "root-Pass-2026") == 429


def test_the_api_has_no_session_for_a_locked_username() -> None:
    """The API authenticates with the login's session; a locked login gets none, so the API
    answers 401 with the right password typed after the limit."""
    make_staff(Role.ORDER_CLERK, username="clerk")
    client = Client()
    _fail(client, "clerk", settings.AXES_FAILURE_LIMIT)
    assert _attempt(client, "clerk", PASSWORD) == 429
    assert client.get("/api/v1/orders/SO-1").status_code == 401
    # The API's documentation is for staff only.
    assert client.get("/api/v1/docs").status_code == 302
    assert client.get("/api/v1/openapi.json").status_code == 302


def test_the_api_docs_are_for_staff_only() -> None:
    retailer = make_retailer()
    shop = do_create_login(retailer=retailer, username="shop", password="shop-Pass-2026", by=None)
    client = Client()
    client.force_login(shop.user)
    assert client.get("/api/v1/openapi.json").status_code in (302, 403)
    staff = Client()
    staff.force_login(make_staff(Role.ORDER_CLERK).user)
    assert "/api/v1/orders" in staff.get("/api/v1/openapi.json").json()["paths"]
    assert staff.get("/api/v1/docs").status_code == 200


@pytest.mark.parametrize(
    ("password", "zh", "en"),
    [
        ("12345678", "密码只包含数字", "This password is entirely numeric."),
        ("password", "这个密码太常见了", "This password is too common."),
        ("woaini1314", "这个密码太常见了", "This password is too common."),
        ("qq123456", "这个密码太常见了", "This password is too common."),
    ],
)
def test_numeric_and_common_passwords_are_refused_in_both_languages(
    password: str, zh: str, en: str
) -> None:
    for language, expected in (("zh-hans", zh), ("en", en)):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            validate_password(password)
        assert any(expected in m for m in refused.value.messages), refused.value.messages


def test_a_retailer_login_with_12345678_is_refused_and_the_demo_password_is_accepted() -> None:
    retailer = make_retailer()
    with translation.override("zh-hans"), pytest.raises(Invalid) as refused:
        do_create_login(retailer=retailer, username="shop", password="12345678", by=None)
    reasons = [(p.field, str(p.message)) for p in refused.value.problems]
    assert ("password", "密码只包含数字。") in reasons
    assert ("password", "这个密码太常见了。") in reasons
    assert not User.objects.filter(username="shop").exists()
    from jinye.demo.build import DEMO_PASSWORD

    validate_password(DEMO_PASSWORD)  # the README's demo logins stay valid
