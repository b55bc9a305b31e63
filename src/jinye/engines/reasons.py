"""A reason as engines give it: a stable code and the figures its sentence needs.

Engines know no language. They return :class:`Reason` values; the app that shows them
(``jinye.people.explain`` and the like) turns each code into a sentence through gettext, and
services store :meth:`Reason.as_dict` so a stored decision reads in its reader's language.

An engine that refuses its input raises :class:`Refusal`: a ``ValueError`` whose ``str`` is an
English sentence for logs, with the ``code`` and ``params`` the service calling the engine
renders through gettext into the ``Invalid`` it raises.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reason:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"code": ..., "params": {...}}`` (nested reasons as dicts too)."""
        return {"code": self.code, "params": {k: _plain(v) for k, v in self.params.items()}}


def _plain(value: Any) -> Any:
    if isinstance(value, Reason):
        return value.as_dict()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class Refusal(ValueError):
    """An engine refuses its input: ``code`` says why, ``params`` hold the figures; ``str()``
    is an English sentence (logs, engine tests), never shown on a page."""

    def __init__(self, code: str, text: str, **params: Any) -> None:
        super().__init__(text)
        self.code = code
        self.params: dict[str, Any] = params

    @property
    def reason(self) -> Reason:
        return Reason(self.code, self.params)
