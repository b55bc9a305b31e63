"""A request body or parameter the schema refuses, answered in the API's own error body.

Django Ninja validates requests with pydantic, whose messages are English only and do not
name the unit of a limit. :func:`refusal` turns pydantic's errors into an :class:`Invalid`
with one problem per error in the reader's language: ``field`` the field's name, ``row`` the
1-based place in the list it belongs to (an order line, a visit of a batch), and for a number
outside a domain limit the sentence of :mod:`jinye.limits` (``at most 100,000 cartons (条)``).
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from jinye import limits
from jinye.errors import Invalid, Problem

#: The domain limit behind each limited field of the API's schemas (by the field's name).
LIMITS: Mapping[str, limits.Limit] = {
    "quantity": limits.ORDER_LINE,
    "stock": limits.STOCK,
    "retail_price": limits.PRICE,
    "demand_record": limits.RECORD_NUMBER,
}
#: How a message names each field of the API's schemas.
LABELS = {
    "retailer": pgettext_lazy("api field", "Retailer licence number"),
    "lines": pgettext_lazy("api field", "Order lines"),
    "sku": pgettext_lazy("api field", "SKU code"),
    "quantity": pgettext_lazy("api field", "Quantity"),
    "demand_record": pgettext_lazy("api field", "Demand record"),
    "reason": pgettext_lazy("api field", "Reason"),
    "visits": pgettext_lazy("api field", "Visits"),
    "checked_in_at": pgettext_lazy("api field", "Check-in time"),
    "guidance": pgettext_lazy("api field", "Guidance given"),
    "guidance_content": pgettext_lazy("api field", "Guidance content"),
    "observations": pgettext_lazy("api field", "Observations"),
    "complaints": pgettext_lazy("api field", "Complaints"),
    "skus": pgettext_lazy("api field", "SKUs seen"),
    "stock": pgettext_lazy("api field", "Stock"),
    "retail_price": pgettext_lazy("api field", "Retail price"),
    "week": pgettext_lazy("api field", "Week"),
}
_BOUNDS = {"less_than_equal", "greater_than_equal", "less_than", "greater_than"}
_NUMBER = {"int_parsing", "int_type", "int_from_float", "decimal_parsing", "decimal_type"}
_DIGITS = {"decimal_max_digits", "decimal_max_places", "decimal_whole_digits"}


def refusal(errors: Sequence[Mapping[str, Any]]) -> Invalid:
    problems = [_problem(e) for e in errors]
    return Invalid(
        _("The request was not accepted: %(reasons)s")
        % {"reasons": "；".join(p.message for p in problems)},
        code="invalid_request",
        problems=problems,
    )


def _problem(error: Mapping[str, Any]) -> Problem:
    loc = [part for part in error.get("loc", ()) if part not in ("body", "payload", "query")]
    names = [str(part) for part in loc if isinstance(part, str)]
    field = names[-1] if names else ""
    rows = [part for part in loc if isinstance(part, int)]
    row = rows[0] + 1 if rows else None  # the order line, or the visit in the batch
    kind = str(error.get("type", ""))
    label = str(LABELS.get(field, field)) if field else _("The request")
    return Problem(kind, _message(kind, field, label, error), field, row)


def _message(kind: str, field: str, label: str, error: Mapping[str, Any]) -> str:
    # Django Ninja drops the refused value from pydantic's errors: messages name the field
    # and the rule, not the value.
    ctx = error.get("ctx") or {}
    words = {"field": label}
    limit = LIMITS.get(field)
    if kind in _BOUNDS and limit is not None:
        rule = limit.at_most() if kind.startswith("less") else limit.at_least()
        return _("%(field)s: %(rule)s") % {**words, "rule": rule}
    if kind in _BOUNDS:
        bound = next((ctx[k] for k in ("le", "ge", "lt", "gt") if k in ctx), "")
        return _("%(field)s: out of range (limit %(bound)s).") % {**words, "bound": bound}
    if kind in _NUMBER:
        return _("%(field)s: not a whole number.") % words
    if kind in _DIGITS:
        return _("%(field)s: too many digits (at most 2 decimal places).") % words
    if kind in ("string_too_long", "too_long"):
        return _("%(field)s: too long; at most %(n)s.") % {**words, "n": ctx.get("max_length")}
    if kind in ("string_too_short", "too_short"):
        return _("%(field)s: too short; at least %(n)s.") % {**words, "n": ctx.get("min_length")}
    if kind == "missing":
        return _("%(field)s is required.") % words
    if kind.startswith(("datetime", "date")):
        return _("%(field)s: not a date and time such as 2026-12-02T09:30.") % words
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    return _("%(field)s: not valid.") % words
