"""Shared pieces for views: how a service's refusal reaches the page.

Views call a service inside ``try`` and hand a :class:`jinye.errors.JinyeError` to
:func:`form_errors` (reasons beside the form's fields), :func:`flash` (a page message) or
:func:`problem_lines` (for a page that lists the problems itself). :func:`locked_out` is the
page of a login locked after too many wrong passwords; :func:`permission_denied` and
:func:`page_not_found` answer 403 and 404 in the reader's language with a way back.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from jinye.errors import JinyeError, Problem


class DateInput(forms.DateInput):
    """A browser's date picker: ``<input type=date>`` takes and shows only ISO dates
    (YYYY-MM-DD), whatever the reader's language; Django's Chinese format (2026/12/01) would
    leave it blank."""

    input_type = "date"

    def __init__(self, attrs: dict[str, object] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def describe(problem: Problem) -> str:
    """The problem as one line: its message, after the row (and field) of a file it concerns."""
    if problem.row is None:
        return str(problem.message)
    if problem.field:
        return _("Row %(row)s, %(field)s: %(message)s") % {
            "row": problem.row,
            "field": problem.field,
            "message": problem.message,
        }
    return _("Row %(row)s: %(message)s") % {"row": problem.row, "message": problem.message}


def problem_lines(error: JinyeError) -> list[str]:
    """Every problem of ``error`` as a line (for a page's own list of errors)."""
    return [describe(p) for p in error.problems]


def form_errors(form: forms.BaseForm, error: JinyeError) -> None:
    """Put each problem beside its field when the form has that field, else on top."""
    for problem in error.problems:
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, str(problem.message))


def flash(request: HttpRequest, error: JinyeError, about: str = "") -> None:
    """Each problem as an error message on the next page, after ``about: `` when given (the
    object the page acted on, e.g. a licence number)."""
    prefix = f"{about}: " if about else ""
    for line in problem_lines(error):
        messages.error(request, f"{prefix}{line}")


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes' answer to a login refused for too many wrong passwords (HTTP 429): the
    page says how long the lock lasts and who can lift it, in the reader's language."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


def same_site(request: HttpRequest, url: str) -> bool:
    """Whether ``url`` (a ``next`` field, a Referer) leads to this site: a page may send the
    reader there without becoming an open redirect."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def _back(request: HttpRequest) -> str:
    """The page the reader came from, when it is on this site (a way back from a refusal)."""
    referer = request.headers.get("referer", "")
    same = same_site(request, referer) and referer != request.build_absolute_uri()
    return referer if same else ""


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 403 page (``handler403``): the refusal's own sentence when it has one (a
    :class:`jinye.errors.Forbidden` names what is not allowed), in the reader's language,
    with a way back."""
    message = str(exception) if isinstance(exception, JinyeError | PermissionDenied) else ""
    context = {"exception": message, "back": _back(request)}
    return render(request, "403.html", context, status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 page (``handler404``): out of scope reads exactly as missing, so it says the
    same for both and never repeats the exception (Django's are English)."""
    return render(request, "404.html", {"back": _back(request)}, status=404)
