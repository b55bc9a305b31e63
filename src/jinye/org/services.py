"""Writes: set up a company and its first department, and give staff their logins.

A login made here gets a one-time password (returned once, never stored in clear) and its
staff record the ``must_change_password`` flag, so the first sign-in leads to the password
change page (``jinye.org.middleware.ForcePasswordChange``).
"""

import secrets
import string
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jinye.errors import Conflict, Invalid
from jinye.org.models import Company, MarketingDepartment, Role, Staff

# Letters and digits that cannot be mistaken for each other when read off a printout.
_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "Il1O0o")
PASSWORD_LENGTH = 12


def one_time_password() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(PASSWORD_LENGTH))


def hashed_one_time_password() -> tuple[str, str]:
    """A new one-time password and its hash, as stored."""
    password = one_time_password()
    return password, make_password(password)


@dataclass(frozen=True)
class SetupResult:
    department: MarketingDepartment
    director: Staff
    username: str
    password: str | None  # None: the director's login existed already and was left alone


def _check_text(value: str, field: str, label: str, max_length: int) -> str:
    value = value.strip()
    if not value:
        raise Invalid(_("%(label)s is required.") % {"label": label}, code="required", field=field)
    if len(value) > max_length:
        msg = _("%(label)s: at most %(n)d characters.") % {"label": label, "n": max_length}
        raise Invalid(msg, code="too_long", field=field)
    return value


@transaction.atomic
def do_setup_department(
    *,
    company_code: str,
    company_name: str,
    department_code: str,
    department_name: str,
    director_no: str,
    director_name: str,
    username: str = "",
    phone: str = "",
) -> SetupResult:
    """Create the company, its marketing department and the first director with a login.

    Running it again with the same codes changes the names only and leaves the director's
    password alone (``password`` is then None); a department code of another company, or
    an employee number or user name already used by someone else, is refused.
    """
    company_code = _check_text(company_code, "company_code", _("Company code"), 20)
    company_name = _check_text(company_name, "company_name", _("Company name"), 100)
    department_code = _check_text(department_code, "department_code", _("Department code"), 20)
    department_name = _check_text(department_name, "department_name", _("Department name"), 100)
    director_no = _check_text(director_no, "director_no", _("Employee number"), 20)
    director_name = _check_text(director_name, "director_name", pgettext("person", "Name"), 50)
    username = _check_text(username or director_no, "username", _("User name"), 150)
    company, _created = Company.objects.update_or_create(
        code=company_code, defaults={"name": company_name}
    )
    department = MarketingDepartment.objects.filter(code=department_code).first()
    if department is not None and department.company_id != company.pk:
        msg = _("Department %(code)s belongs to another company.") % {"code": department_code}
        raise Conflict(msg, code="department_of_other_company", field="department_code")
    if department is None:
        department = MarketingDepartment.objects.create(
            company=company, code=department_code, name=department_name
        )
    elif department.name != department_name:
        department.name = department_name
        department.save(update_fields=["name"])
    director = Staff.objects.filter(employee_no=director_no).select_related("user").first()
    if director is not None:
        if director.department_id != department.pk or director.role != Role.DIRECTOR:
            msg = _("Employee number %(no)s is already used by someone else.") % {"no": director_no}
            raise Conflict(msg, code="employee_no_taken", field="director_no")
        return SetupResult(department, director, director.user.username, None)
    if User.objects.filter(username=username).exists():
        msg = _("The user name %(name)s is already taken.") % {"name": username}
        raise Conflict(msg, code="username_taken", field="username")
    password, hashed = hashed_one_time_password()
    user = User.objects.create(username=username, password=hashed)
    director = Staff.objects.create(
        user=user,
        department=department,
        employee_no=director_no,
        name=director_name,
        role=Role.DIRECTOR,
        phone=phone.strip()[:20],
        must_change_password=True,
    )
    return SetupResult(department, director, username, password)


def do_password_changed(*, user: User) -> None:
    """The user chose their own password: the one-time password's flag is cleared."""
    Staff.objects.filter(user=user, must_change_password=True).update(must_change_password=False)
