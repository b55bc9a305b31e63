"""Shared pieces for views: how a service's refusal reaches the page.

Views call a service inside ``try`` and hand a :class:`jinye.errors.JinyeError` to
:func:`form_errors` (reasons beside the form's fields) or :func:`flash` (a page message).
"""

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from jinye.errors import JinyeError


def form_errors(form: forms.BaseForm, error: JinyeError) -> None:
    """Put each problem beside its field when the form has that field, else on top."""
    for problem in error.problems:
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, str(problem.message))


def flash(request: HttpRequest, error: JinyeError, about: str = "") -> None:
    """Each problem as an error message on the next page, after ``about: `` when given (the
    object the page acted on, e.g. a licence number)."""
    prefix = f"{about}: " if about else ""
    for problem in error.problems:
        messages.error(request, f"{prefix}{problem.message}")
