"""Reads about staff and their scope."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from jinye.org.models import Role, Staff

# Roles that work across the whole department (no per-area or per-retailer scope).
DEPARTMENT_WIDE_ROLES = frozenset({Role.DIRECTOR, Role.ORDER_CLERK, Role.DELIVERER, Role.INSPECTOR})
# Roles allowed to load master data and orders from files.
IMPORT_ROLES = frozenset({Role.DIRECTOR, Role.ORDER_CLERK})


def staff_of(user: AbstractBaseUser | AnonymousUser) -> Staff | None:
    """The active staff record of ``user``, or None (anonymous, inactive, or no record)."""
    if not user.is_authenticated:
        return None
    staff = Staff.objects.select_related("department", "area").filter(user_id=user.pk).first()
    return staff if staff and staff.active else None
