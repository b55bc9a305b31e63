"""A reason as engines give it: a stable code and the figures its sentence needs.

Engines know no language. They return :class:`Reason` values; the app that shows them
(``jinye.people.explain`` and the like) turns each code into a sentence through gettext, and
services store :meth:`Reason.as_dict` so a stored decision reads in its reader's language.
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
