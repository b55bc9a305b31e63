"""One error vocabulary for every service, import and command.

A service that refuses something raises a :class:`JinyeError` subclass carrying

- ``code``: a stable, machine-readable reason (``"quota_exceeded"``), the same in every
  language; API clients and tests match on it;
- ``message``: the sentence a person reads, already passed through gettext (lazy is fine);
- ``field`` / ``row``: what it concerns (a form field, an import row, an order line);
- ``problems``: every reason when there are several (per line, per row), each a
  :class:`Problem`; a single-problem error has one.

The kind of refusal is the subclass, never an HTTP status: :class:`Invalid` (the input breaks
a rule), :class:`Forbidden` (this person may not), :class:`NotFound`, :class:`Conflict` (the
state does not allow it now, or an idempotency key was reused). The layers on top translate:
views show ``message`` (or ``problems`` beside their fields), the API answers a 4xx JSON body
(:func:`jinye.api.v1` maps kinds to statuses), the CLI prints an error line and exits 2.

``Invalid`` is also a ``ValueError`` and ``Forbidden`` a Django ``PermissionDenied`` and
``NotFound`` an ``Http404``, so Django's own handlers answer them sensibly when a view lets
one through.

Engines do not import this module (they import nothing of Jinye): they raise ``ValueError``
or return codes, and the service calling them raises the error.
"""

import dataclasses
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import OperationalError, models
from django.http import Http404
from django.utils.translation import gettext as _

#: How long a refused writer is told to wait (a large import's write lock).
RETRY_AFTER_SECONDS = 10
_LOCK_STATES = {"55P03", "40P01"}  # PostgreSQL: lock_not_available, deadlock_detected
# SQLite: SQLITE_BUSY once the busy timeout passes; SQLITE_LOCKED between connections that
# share a cache (the test suite's in-memory database).
_SQLITE_LOCKED = re.compile(r"database (?:table |schema )?is locked")


@dataclasses.dataclass(frozen=True)
class Problem:
    """One reason: ``row`` is the 1-based line/row it concerns (None: the whole request)."""

    code: str
    message: str
    field: str = ""
    row: int | None = None
    extra: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": str(self.message)}
        if self.field:
            out["field"] = self.field
        if self.row is not None:
            out["row"] = self.row
        out.update(self.extra)
        return out

    def __str__(self) -> str:
        return str(self.message)


class JinyeError(Exception):
    """Base of every refusal. Raise a subclass."""

    default_code = "error"

    def __init__(
        self,
        message: Any = "",
        *,
        code: str | None = None,
        field: str = "",
        row: int | None = None,
        problems: Iterable[Problem] = (),
    ) -> None:
        self.problems: list[Problem] = list(problems)
        self.code = code or (self.problems[0].code if self.problems else self.default_code)
        if not message and self.problems:
            message = "；".join(str(p) for p in self.problems)
        self.message = message
        self.field = field
        self.row = row
        if not self.problems:
            self.problems = [Problem(self.code, message, field, row)]
        super().__init__(str(message))

    def __str__(self) -> str:
        return str(self.message)

    def as_dict(self) -> dict[str, Any]:
        """The JSON body the API answers with."""
        return {
            "code": self.code,
            "detail": str(self.message),
            "errors": [p.as_dict() for p in self.problems],
        }


class Invalid(JinyeError, ValueError):
    """The input breaks a rule (a value out of range, a malformed period, a refused line)."""

    default_code = "invalid"


class Forbidden(JinyeError, PermissionDenied):
    """This person may not do this, or not to this object."""

    default_code = "forbidden"


class NotFound(JinyeError, Http404):
    """The object does not exist (or is out of the person's scope, which looks the same)."""

    default_code = "not_found"


class Conflict(JinyeError):
    """The current state does not allow it (a closed round, a published run, a reused key)."""

    default_code = "conflict"


def database_busy(exc: BaseException) -> Conflict | None:
    """The refusal (code ``database_busy``) to report when ``exc`` is a database lock that
    stayed taken too long: SQLite's busy timeout, PostgreSQL's ``lock_timeout`` or a deadlock
    it broke; else None. Nothing is wrong with the request: trying again later succeeds. The
    web answers it 503 with Retry-After (``jinye.middleware``), the CLI with an error line."""
    if not isinstance(exc, OperationalError):
        return None
    cause = exc.__cause__
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if state not in _LOCK_STATES and _SQLITE_LOCKED.match(str(exc)) is None:
        return None
    return Conflict(
        _(
            "The database is busy with another change (a large import, for example). "
            "Nothing was saved; try again in %(n)s seconds."
        )
        % {"n": RETRY_AFTER_SECONDS},
        code="database_busy",
    )


def field_label(model: type[models.Model], name: str) -> str:
    """The label of ``model``'s field ``name`` in the reader's language, for a message that
    names the field (never its internal name); the model's own name when there is no such
    field (``__all__``)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return str(model._meta.verbose_name)
    return str(getattr(field, "verbose_name", name))
