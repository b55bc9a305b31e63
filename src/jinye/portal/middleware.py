"""Keep a retailer's own login on its own pages: the portal, the API (scoped to its shop) and
the login pages. Any other page sends it to the portal, so no staff page — with its internal
notes about visits, forecasts or ratings — is ever shown to a retailer, even about itself."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from jinye.retailers.models import RetailerLogin

OPEN_TO_RETAILERS = ("/portal/", "/api/", "/accounts/", "/i18n/", "/static/")


class RetailerFence:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path_info.startswith(OPEN_TO_RETAILERS)
            and RetailerLogin.objects.filter(user_id=user.pk).exists()
        ):
            return redirect("portal:home")
        return self.get_response(request)
