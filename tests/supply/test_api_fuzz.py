"""Schemathesis fuzzes every /api/v1 operation from its OpenAPI schema: no answer is a 5xx."""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings

from jinye.api.v1 import api
from tests.supply.factories import make_world

# The schema is served to staff only, so it is taken from the API object, not its URL.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@pytest.fixture(params=["clerk", "manager"])
def session(request: pytest.FixtureRequest) -> Iterator[dict[str, dict[str, str]]]:
    """A logged-in clerk's or customer manager's (who records visits) cookies and CSRF
    header, with a retailer that has a quota. As in Django's test client, requests must not
    close the test's connection (PostgreSQL)."""
    world = make_world(on=timezone.localdate())
    client = Client()
    client.force_login(getattr(world, request.param).user)
    token = _get_new_csrf_string()
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield {"cookies": cookies, "headers": {"X-CSRFToken": token}}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_never_answers_5xx(case, session) -> None:  # type: ignore[no-untyped-def]
    response = case.call(headers=session["headers"], cookies=session["cookies"])
    assert response.status_code < 500, response.text
