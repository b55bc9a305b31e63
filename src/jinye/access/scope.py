"""Read scope: which rows of each kind a user may see, declared once.

Each role reads to a *reach* (:data:`READ_REACH`): a customer manager their own rows, a
market manager their area, the director and the department-wide roles (order clerk,
deliverer, inspector) the department; a retailer's own login sees that retailer alone, and
anyone else nothing. Each kind of row (:data:`KINDS`) says how it hangs off the organisation
(the lookups to its customer manager, area and department) and where its reach differs from
the default. :func:`scope` filters a queryset accordingly; an object outside it is answered
with 404, exactly as if it did not exist.
"""

import dataclasses
import enum
from collections.abc import Callable, Mapping
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from jinye.access.actors import Actor, User, in_committee, retailer_of, staff_of
from jinye.org.models import Role, Staff
from jinye.retailers.models import Retailer

M = TypeVar("M", bound=Model)


class Reach(enum.Enum):
    NONE = "none"
    SELF = "self"
    AREA = "area"
    DEPARTMENT = "department"


#: How far each staff role reads unless a kind says otherwise.
READ_REACH: Mapping[str, Reach] = {
    Role.DIRECTOR: Reach.DEPARTMENT,
    Role.MARKET_MANAGER: Reach.AREA,
    Role.CUSTOMER_MANAGER: Reach.SELF,
    Role.ORDER_CLERK: Reach.DEPARTMENT,
    Role.DELIVERER: Reach.DEPARTMENT,
    Role.INSPECTOR: Reach.DEPARTMENT,
}
#: Every staff role reads the whole department (department-level rows: rounds, surveys).
DEPARTMENT_READ: Mapping[str, Reach] = dict.fromkeys(Role.values, Reach.DEPARTMENT)
#: Careers and KPIs: only the line (customer manager → market manager → director).
LINE_READ: Mapping[str, Reach] = {
    Role.DIRECTOR: Reach.DEPARTMENT,
    Role.MARKET_MANAGER: Reach.AREA,
    Role.CUSTOMER_MANAGER: Reach.SELF,
}

AreaRule = Callable[[Staff], Q]


@dataclasses.dataclass(frozen=True)
class Kind:
    """How rows of one kind hang off the organisation.

    ``own``: lookup to the staff member the row belongs to (None: rows belong to nobody);
    ``area``: lookup to its market area, or a function of the reader giving the area filter;
    ``department``: lookup to its department; ``retailer``: lookup to the retailer, when a
    retailer's own login may read its rows; ``reach``: per-role reach; ``committee``: career
    committee members read the department whatever their role's reach."""

    own: str | None
    area: str | AreaRule | None
    department: str
    retailer: str | None = None
    reach: Mapping[str, Reach] = dataclasses.field(default_factory=lambda: READ_REACH)
    committee: bool = False


def _score_area(staff: Staff) -> Q:
    # A market manager sees their managers' scores and their area's own aggregate row.
    return Q(department_id=staff.department_id) & (
        Q(manager__area_id=staff.area_id) | Q(level="area", key=str(staff.area_id))
    )


KINDS: Mapping[str, Kind] = {
    "retailers": Kind("customer_manager", "area", "area__department", retailer="pk"),
    "orders": Kind(
        "retailer__customer_manager",
        "retailer__area",
        "retailer__area__department",
        retailer="retailer",
    ),
    # Managers whose visit plans and visits one may see.
    "managers": Kind("pk", "area", "department"),
    # Customer managers whose KPIs, career record and documents one may see.
    "people": Kind("pk", "area", "department", reach=LINE_READ, committee=True),
    "forecast_rounds": Kind(None, None, "department", reach=DEPARTMENT_READ),
    "forecast_scores": Kind("manager", _score_area, "department"),
    "surveys": Kind(None, None, "department", reach=DEPARTMENT_READ),
}


def reach_of(actor: Actor | None, kind: str) -> Reach:
    """How far ``actor`` reads rows of ``kind`` (NONE for non-staff)."""
    spec = KINDS[kind]
    staff = staff_of(actor)
    if staff is None:
        return Reach.NONE
    reach = spec.reach.get(staff.role, Reach.NONE)
    if reach is Reach.NONE and spec.committee and in_committee(staff):
        return Reach.DEPARTMENT
    return reach


def scope(actor: User | Staff | None, kind: str, qs: QuerySet[M]) -> QuerySet[M]:
    """``qs`` narrowed to the rows of ``kind`` that ``actor`` may read."""
    spec = KINDS[kind]
    staff = staff_of(actor)
    if staff is None:
        own = retailer_of(actor) if spec.retailer and not isinstance(actor, Staff | None) else None
        return qs.filter(**{spec.retailer: own.pk}) if spec.retailer and own else qs.none()
    reach = reach_of(staff, kind)
    if reach is Reach.SELF and spec.own is not None:
        return qs.filter(**{spec.own: staff.pk})
    if reach is Reach.AREA and spec.area is not None:
        if callable(spec.area):
            return qs.filter(spec.area(staff))
        return qs.filter(**{spec.area: staff.area_id})
    if reach is Reach.DEPARTMENT:
        return qs.filter(**{spec.department: staff.department_id})
    return qs.none()


def retailers(actor: User | Staff | None) -> QuerySet[Retailer]:
    """Retailers ``actor`` may see (with area and customer manager joined)."""
    return scope(actor, "retailers", Retailer.objects.select_related("area", "customer_manager"))


def managers(actor: User | Staff | None) -> QuerySet[Staff]:
    """Customer and market managers whose visit plans ``actor`` may see."""
    qs = Staff.objects.filter(role__in=[Role.CUSTOMER_MANAGER, Role.MARKET_MANAGER])
    return scope(actor, "managers", qs.select_related("area"))


def people(actor: User | Staff | None) -> QuerySet[Staff]:
    """Customer managers whose KPIs, career record and documents ``actor`` may see."""
    qs = Staff.objects.filter(role=Role.CUSTOMER_MANAGER).select_related("area", "department")
    return scope(actor, "people", qs)
