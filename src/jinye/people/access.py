"""Who may see and do what in the people app.

- A customer manager sees only their own KPIs, career record and documents.
- A market manager sees the customer managers of their area and reviews their documents.
- The director sees the whole department.
- Committee actions need committee membership: the director, or a member of the Django group
  ``career_committee`` (seed 004's 考评委员会 is drawn from several departments, so it is an
  explicit group, not a staff role). Leadership approval of skips needs the director.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from jinye.org.models import Role, Staff
from jinye.org.selectors import staff_of
from jinye.people.models import COMMITTEE_GROUP


def visible_people(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Staff]:
    """Customer managers whose KPIs, career and documents ``user`` may see."""
    staff = staff_of(user)
    qs = Staff.objects.filter(role=Role.CUSTOMER_MANAGER).select_related("area", "department")
    if staff is None:
        return qs.none()
    if staff.role == Role.CUSTOMER_MANAGER:
        return qs.filter(pk=staff.pk)
    if staff.role == Role.MARKET_MANAGER:
        return qs.filter(area=staff.area)
    if staff.role == Role.DIRECTOR or is_committee(user):
        return qs.filter(department=staff.department)
    return qs.none()


def is_committee(user: AbstractBaseUser | AnonymousUser) -> bool:
    staff = staff_of(user)
    if staff is None:
        return False
    if staff.role == Role.DIRECTOR:
        return True
    return user.groups.filter(name=COMMITTEE_GROUP).exists()  # type: ignore[union-attr]


def is_director(user: AbstractBaseUser | AnonymousUser) -> bool:
    staff = staff_of(user)
    return staff is not None and staff.role == Role.DIRECTOR


def require_committee(user: AbstractBaseUser | AnonymousUser) -> Staff:
    """The acting committee member's staff record; PermissionDenied otherwise."""
    staff = staff_of(user)
    if staff is None or not is_committee(user):
        raise PermissionDenied("只有考评委员会成员可以执行此操作")
    return staff


def can_review(user: AbstractBaseUser | AnonymousUser, subject: Staff) -> bool:
    """A market manager of ``subject``'s area, or the director of their department."""
    staff = staff_of(user)
    if staff is None:
        return False
    if staff.role == Role.MARKET_MANAGER:
        return staff.area_id is not None and staff.area_id == subject.area_id
    return staff.role == Role.DIRECTOR and staff.department_id == subject.department_id
