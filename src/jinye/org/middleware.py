"""Lead a staff member signed in with a one-time password to the password change page."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from jinye.org.models import Staff

# The change page itself, signing out, the language switch and static files stay open.
OPEN_PATHS = ("/accounts/", "/i18n/", "/static/")


class ForcePasswordChange:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path_info.startswith(OPEN_PATHS)
            and Staff.objects.filter(user_id=user.pk, must_change_password=True).exists()
        ):
            return redirect("password_change")
        return self.get_response(request)
