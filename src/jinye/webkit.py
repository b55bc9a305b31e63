"""Shared pieces for views: how a service's refusal reaches the page.

Views call a service inside ``try`` and hand a :class:`jinye.errors.JinyeError` to
:func:`form_errors` (reasons beside the form's fields), :func:`flash` (a page message) or
:func:`problem_lines` (for a page that lists the problems itself).
"""

from django import forms
from django.contrib import messages
from django.http import HttpRequest
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
