"""Shared pieces for views: how a service's refusal reaches the page.

Views call a service inside ``try`` and hand a :class:`jinye.errors.JinyeError` to
:func:`form_errors` (reasons beside the form's fields), :func:`flash` (a page message) or
:func:`problem_lines` (for a page that lists the problems itself). :func:`locked_out` is the
page of a login locked after too many wrong passwords.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jinye.errors import JinyeError, Problem


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
