"""Template context: the reader's staff record and ``may``, so pages show only what the
reader can do: ``{% if may.import_data %}`` (an action of :data:`jinye.access.RIGHTS`);
``sees_only_own``: the reader reads only their own people records (a customer manager's
own career page is theirs; others reach careers through the committee's page)."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from jinye.access.actors import Actor, staff_of
from jinye.access.rights import RIGHTS, can
from jinye.access.scope import Reach, reach_of


class May:
    """``may.<action>``: whether the reader may do ``action`` at all (no object)."""

    def __init__(self, actor: Actor | None) -> None:
        self._actor = actor

    def __getitem__(self, action: str) -> bool:
        if action not in RIGHTS:
            raise KeyError(action)
        return can(self._actor, action)

    def __contains__(self, action: object) -> bool:
        return action in RIGHTS


def access(request: HttpRequest) -> dict[str, object]:
    member = staff_of(request.user) if hasattr(request, "user") else None
    return {
        "staff": member,
        "may": May(member),
        "sees_only_own": SimpleLazyObject(lambda: reach_of(member, "people") is Reach.SELF),
    }
