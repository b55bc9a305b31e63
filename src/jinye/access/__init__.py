"""Who may read what and change what: one policy for views, API, CLI, imports and services.

- :mod:`~jinye.access.actors`: who is acting (:func:`staff_of`, :func:`require_staff`,
  :func:`retailer_of`, career committee membership);
- :mod:`~jinye.access.scope`: read scope as querysets, declared once per role and kind
  (:func:`scope`, :func:`retailers`, :func:`managers`, :func:`people`); out of scope is 404;
- :mod:`~jinye.access.rights`: write rights, declared once as action → roles and object rule
  (:data:`RIGHTS`, :func:`can`, :func:`require`, which raises :class:`jinye.errors.Forbidden`);
- :mod:`~jinye.access.context_processors`: ``may`` for templates.
"""

from jinye.access.actors import (
    COMMITTEE_GROUP,
    Actor,
    in_committee,
    require_staff,
    retailer_of,
    staff_of,
)
from jinye.access.rights import RIGHTS, Right, can, require
from jinye.access.scope import (
    KINDS,
    READ_REACH,
    Kind,
    Reach,
    managers,
    people,
    reach_of,
    retailers,
    scope,
)

__all__ = [
    "COMMITTEE_GROUP",
    "KINDS",
    "READ_REACH",
    "RIGHTS",
    "Actor",
    "Kind",
    "Reach",
    "Right",
    "can",
    "in_committee",
    "managers",
    "people",
    "reach_of",
    "require",
    "require_staff",
    "retailer_of",
    "retailers",
    "scope",
    "staff_of",
]
