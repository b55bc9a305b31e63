"""Request checks every page and the API share.

``LimitRequestSize`` and ``AnswerLockTimeouts``: see their docstrings (issue 15 items 2, 8).

``RejectNulCharacters``: a NUL character (0x00) is never part of legitimate input here, and
PostgreSQL refuses it in text, which would turn a typo or a fuzzer's probe into a server
error. Any request carrying one in its path, query, form fields or JSON body is answered 400
with a clear message before a view runs (the API's error body, code ``nul_character``, for
``/api/``; uploaded files are not inspected: spreadsheets legitimately hold such bytes)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from jinye.errors import RETRY_AFTER_SECONDS, Invalid, database_busy
from jinye.sheets.readers import limits

NUL = "\x00"
FORM_FIELDS_ALLOWANCE = 1024 * 1024  # the upload form's other fields and multipart framing


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


def _too_large(request: HttpRequest) -> Invalid | None:
    """The refusal of a request whose declared body is over the upload limit, else None."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    limit = limits().file_bytes + FORM_FIELDS_ALLOWANCE
    if length <= limit:
        return None
    return Invalid(
        _("The upload is %(size)s; the limit is %(limit)s. Split the file and send the parts.")
        % {"size": filesizeformat(length), "limit": filesizeformat(limit)},
        code="request_too_large",
    )


class LimitRequestSize:
    """A request body over the spreadsheet limit (plus room for the form's other fields) is
    answered 413 from its declared length, before a byte of it is read (the API's error body,
    code ``request_too_large``, on ``/api/``). Django's own settings bound the non-file
    fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) and keep large files on disk, not in memory
    (``FILE_UPLOAD_MAX_MEMORY_SIZE``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        error = _too_large(request)
        if error is None:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse(error.as_dict(), status=413)
        page = render_to_string("refused.html", {"title": _("File too large"), "error": error})
        return HttpResponse(page, status=413)


class AnswerLockTimeouts:
    """A view that waited too long for a database lock (a long import holds the write lock;
    :func:`jinye.errors.database_busy`) is answered 503 with ``Retry-After``, not 500: the
    API's error body (code ``database_busy``) on ``/api/``, a translated page elsewhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        error = database_busy(exc)
        if error is None:
            return None
        if request.path_info.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                error.as_dict(), status=503, json_dumps_params={"ensure_ascii": False}
            )
        else:
            page = render_to_string("refused.html", {"title": _("Busy"), "error": error})
            response = HttpResponse(page, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
