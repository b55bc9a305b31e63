"""Who is acting: the staff record or retailer login behind an account.

Every entry point (view, API handler, CLI command, import, service) finds the actor here,
so "who is this" has one answer: an active :class:`Staff` row, a retailer's own portal login,
or nobody.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext as _

from jinye.errors import Forbidden
from jinye.org.models import Role, Staff
from jinye.retailers.models import Retailer, RetailerLogin

User = AbstractBaseUser | AnonymousUser
#: Anything a check accepts: an account, or a staff record already looked up.
Actor = User | Staff

#: The Django group of the career committee (考评委员会). Seed 004 draws it from several
#: departments, so it is an explicit group, not a staff role; the director is always a member.
COMMITTEE_GROUP = "career_committee"


def staff_of(actor: Actor | None) -> Staff | None:
    """The active staff record of ``actor``, or None (anonymous, inactive, or no record)."""
    if actor is None:
        return None
    if isinstance(actor, Staff):
        return actor if actor.active else None
    if not actor.is_authenticated:
        return None
    staff = Staff.objects.select_related("department", "area").filter(user_id=actor.pk).first()
    return staff if staff and staff.active else None


def require_staff(actor: Actor | None) -> Staff:
    """The active staff record of ``actor``; :class:`Forbidden` for anyone else."""
    staff = staff_of(actor)
    if staff is None:
        raise Forbidden(_("Only department staff can see this page."), code="not_staff")
    return staff


def retailer_of(user: User) -> Retailer | None:
    """The retailer whose own portal login ``user`` is, or None."""
    if not user.is_authenticated:
        return None
    login = RetailerLogin.objects.select_related("retailer__area").filter(user_id=user.pk).first()
    return login.retailer if login else None


def in_committee(actor: Actor | None) -> bool:
    """The director, or a staff member in the ``career_committee`` group."""
    staff = staff_of(actor)
    if staff is None:
        return False
    if staff.role == Role.DIRECTOR:
        return True
    account = staff.user if isinstance(actor, Staff) else actor
    return account.groups.filter(name=COMMITTEE_GROUP).exists()  # type: ignore[union-attr]
