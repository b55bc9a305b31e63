"""Write rights: what each role may change, declared once in :data:`RIGHTS`.

An action maps each role allowed to do it to an object rule. Without an object, :func:`can`
answers "may this person do this kind of thing at all" (menus, buttons); with one, the rule
decides for that object: a retailer, a staff member, a department-level row, or any row
with a ``retailer`` (a forecast value, a demand record). :func:`require` raises
:class:`jinye.errors.Forbidden` with a translated sentence naming what is not allowed.
"""

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jinye.access.actors import Actor, in_committee, staff_of
from jinye.errors import Forbidden
from jinye.org.models import MarketArea, MarketingDepartment, Role, Staff
from jinye.retailers.models import Retailer

Rule = Callable[[Staff, Any], bool]


def _department_id(obj: Any) -> int | None:
    if isinstance(obj, MarketingDepartment):
        return obj.pk
    if hasattr(obj, "department_id"):
        return obj.department_id  # type: ignore[no-any-return]
    if isinstance(obj, Retailer | MarketArea) or hasattr(obj, "area"):
        area = obj if isinstance(obj, MarketArea) else obj.area
        return area.department_id if area is not None else None
    if hasattr(obj, "retailer"):
        return _department_id(obj.retailer)
    if hasattr(obj, "target"):
        return _department_id(obj.target)
    return None


def _area_id(obj: Any) -> int | None:
    if isinstance(obj, MarketArea):
        return obj.pk
    if hasattr(obj, "area_id"):
        return obj.area_id  # type: ignore[no-any-return]
    if hasattr(obj, "retailer"):
        return _area_id(obj.retailer)
    return None


def _owner_id(obj: Any) -> int | None:
    if isinstance(obj, Retailer):
        return obj.customer_manager_id
    if isinstance(obj, Staff):
        return obj.pk
    if hasattr(obj, "retailer"):
        return _owner_id(obj.retailer)
    return None


def anything(staff: Staff, obj: Any) -> bool:
    return True


def in_department(staff: Staff, obj: Any) -> bool:
    """The object belongs to the actor's department."""
    return _department_id(obj) == staff.department_id


def in_area(staff: Staff, obj: Any) -> bool:
    """The object belongs to the actor's market area."""
    return staff.area_id is not None and _area_id(obj) == staff.area_id


def own(staff: Staff, obj: Any) -> bool:
    """The object is the actor's: their retailer (they are its customer manager), or them."""
    return _owner_id(obj) == staff.pk


@dataclasses.dataclass(frozen=True)
class Right:
    """``what``: the verb phrase a refusal names; ``roles``: role → object rule;
    ``committee``: career committee members (group ``career_committee``) may too."""

    what: str | Promise
    roles: Mapping[str, Rule]
    committee: bool = False


D, MM, CM = Role.DIRECTOR, Role.MARKET_MANAGER, Role.CUSTOMER_MANAGER
CLERK = Role.ORDER_CLERK
# The people who serve a retailer: its customer manager, the area's market manager and the
# director. Clerks, deliverers and inspectors do not write its visits or stock counts
# (issue 15 item 7).
SERVES_RETAILER: Mapping[str, Rule] = {CM: own, MM: in_area, D: in_department}

RIGHTS: Mapping[str, Right] = {
    # retailers, imports, orders
    "open_retailer_login": Right(
        gettext_lazy("open retailers' own logins"), {D: in_department, CLERK: in_department}
    ),
    "import_data": Right(gettext_lazy("import data"), {D: in_department, CLERK: in_department}),
    # market areas and staff logins (the staff import makes logins with one-time passwords)
    "set_up_department": Right(gettext_lazy("import market areas and staff"), {D: in_department}),
    "enter_orders": Right(
        gettext_lazy("enter orders"), {CLERK: in_department, D: in_department, CM: own}
    ),
    "cancel_orders": Right(gettext_lazy("cancel orders"), {CLERK: in_department, D: in_department}),
    # visits
    "record_visits": Right(gettext_lazy("record visits"), SERVES_RETAILER),
    "change_visit_rules": Right(gettext_lazy("change visit rules and settings"), {D: anything}),
    "close_visit_month": Right(gettext_lazy("close a month of visits"), {D: in_department}),
    "generate_visit_plans": Right(gettext_lazy("generate visit plans"), {D: in_department}),
    # targets and inventory surveys
    "change_targets": Right(gettext_lazy("change targets"), {D: in_department}),
    "start_survey": Right(gettext_lazy("start a survey round"), {D: in_department}),
    "record_counts": Right(gettext_lazy("record stock counts"), SERVES_RETAILER),
    # ratings
    "change_ratings": Right(gettext_lazy("change ratings"), {D: anything}),
    # forecasts
    "open_forecast_round": Right(gettext_lazy("open a forecast round"), {D: in_department}),
    "enter_forecasts": Right(gettext_lazy("enter collected forecasts"), {CM: own}),
    "correct_forecasts": Right(
        gettext_lazy("review and correct collected forecasts"), {MM: in_area, D: in_department}
    ),
    # Closing entry closes it for every area, so it is the director's (issue 15 item 10).
    "close_forecast_round": Right(gettext_lazy("close a forecast round"), {D: in_department}),
    "submit_forecast_round": Right(gettext_lazy("submit a forecast round"), {D: in_department}),
    # supply
    "allocate_supply": Right(
        gettext_lazy("run, publish or adjust allocations"), {D: in_department}
    ),
    "compute_quotas": Right(gettext_lazy("compute monthly quotas"), {D: in_department}),
    "record_demand": Right(gettext_lazy("record demand"), {CM: own}),
    "verify_demand": Right(gettext_lazy("verify or reject demand"), {MM: in_area}),
    # people
    "compute_kpis": Right(gettext_lazy("compute KPIs"), {D: anything}),
    "change_kpi_settings": Right(gettext_lazy("change KPI settings"), {D: anything}),
    "approve_as_leadership": Right(gettext_lazy("approve as leadership"), {D: anything}),
    "act_as_committee": Right(gettext_lazy("act for the career committee"), {}, committee=True),
    # A customer manager drafts, edits and submits their own documents.
    "draft_documents": Right(gettext_lazy("draft work documents"), {CM: own}),
    "review_documents": Right(gettext_lazy("review documents"), {MM: in_area, D: in_department}),
}


def can(actor: Actor | None, action: str, obj: Any = None) -> bool:
    """Whether ``actor`` may do ``action`` (to ``obj``, when given)."""
    right = RIGHTS[action]
    staff = staff_of(actor)
    if staff is None:
        return False
    rule = right.roles.get(staff.role)
    if rule is not None and (obj is None or rule(staff, obj)):
        return True
    return right.committee and in_committee(staff)


def require(actor: Actor | None, action: str, obj: Any = None) -> Staff:
    """The acting staff record when ``actor`` may do ``action``; :class:`Forbidden` otherwise."""
    staff = staff_of(actor)
    if staff is None or not can(staff, action, obj):
        raise Forbidden(
            _("You may not %(what)s.") % {"what": RIGHTS[action].what}, code="forbidden"
        )
    return staff
