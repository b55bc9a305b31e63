"""The HTTP API, version 1, at ``/api/v1`` (OpenAPI at ``/api/v1/openapi.json``, docs at
``/api/v1/docs``, both for department staff only). Session authentication: the same login as
the web UI, so the login lockout covers the API too."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import django_auth

from jinye import access
from jinye.api.malformed import refusal
from jinye.api.orders import router as orders_router
from jinye.api.visits import router as visits_router
from jinye.errors import Conflict, Forbidden, Invalid, JinyeError, NotFound

#: The one place a kind of refusal becomes an HTTP status.
STATUS_OF: list[tuple[type[JinyeError], int]] = [
    (Invalid, 422),
    (Forbidden, 403),
    (NotFound, 404),
    (Conflict, 409),
]


def status_of(error: JinyeError) -> int:
    return next((status for kind, status in STATUS_OF if isinstance(error, kind)), 400)


class Utf8JSONRenderer(JSONRenderer):
    """Chinese messages as readable UTF-8, not \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}  # noqa: RUF012


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and the docs page: the login page for a visitor, 403 for a retailer's login."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        access.require_staff(request.user)
        return view(request, *args, **kwargs)

    return guarded


api = NinjaAPI(
    title="金叶 Jinye API",
    version="1",
    description="Order intake, supply allowances and visit logs. Log in through the web UI first "
    "(session cookie); POST requests also need the CSRF token.",
    auth=django_auth,
    urls_namespace="api-v1",
    renderer=Utf8JSONRenderer(),
    docs_decorator=staff_only,
)
api.add_router("/", orders_router)
api.add_router("/", visits_router)


@api.exception_handler(JinyeError)
def refused(request: HttpRequest, exc: JinyeError) -> HttpResponse:
    """Any service refusal: its code, message and problems as a 4xx JSON body."""
    return api.create_response(request, exc.as_dict(), status=status_of(exc))


@api.exception_handler(ValidationError)
def malformed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A body or parameter the schema refuses: 422 in the same body, in the reader's language."""
    return refused(request, refusal(exc.errors))
