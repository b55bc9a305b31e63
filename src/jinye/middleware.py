"""Request checks every page and the API share.

``RejectNulCharacters``: a NUL character (0x00) is never part of legitimate input here, and
PostgreSQL refuses it in text, which would turn a typo or a fuzzer's probe into a server
error. Any request carrying one in its path, query, form fields or JSON body is answered 400
with a clear message before a view runs (the API's error body, code ``nul_character``, for
``/api/``; uploaded files are not inspected: spreadsheets legitimately hold such bytes)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from jinye.errors import Invalid

NUL = "\x00"


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path_info:
        return True
    if any(NUL in k or any(NUL in v for v in vs) for k, vs in request.GET.lists()):
        return True
    if request.content_type == "application/json":
        body = request.body
        return b"\x00" in body or b"\\u0000" in body.lower()
    if request.method == "POST":
        return any(NUL in k or any(NUL in v for v in vs) for k, vs in request.POST.lists())
    return False


class RejectNulCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            error = Invalid(
                _("The request contains a NUL character (0x00), which no field accepts."),
                code="nul_character",
            )
            if request.path_info.startswith("/api/"):
                return JsonResponse(error.as_dict(), status=400)
            return HttpResponseBadRequest(str(error))
        return self.get_response(request)
