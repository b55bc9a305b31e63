"""Writes about retailers: their own portal logins."""

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jinye.errors import Invalid, Problem
from jinye.retailers.models import Retailer, RetailerLogin


def do_create_login(
    *, retailer: Retailer, username: str, password: str, by: User | None
) -> RetailerLogin:
    """Give ``retailer`` its own login (one per retailer), recording who created it.
    Raises Invalid with a problem per field and reason; writes nothing then."""
    username = username.strip()
    problems: list[Problem] = []
    if not username:
        problems.append(Problem("username_empty", _("The username must not be empty."), "username"))
    elif bad := _username_problems(username):
        problems += [Problem("username_invalid", m, "username") for m in bad]
    elif User.objects.filter(username=username).exists():
        message = _("The username %(u)s is taken.") % {"u": username}
        problems.append(Problem("username_taken", message, "username"))
    if RetailerLogin.objects.filter(retailer=retailer).exists():
        message = _("Retailer %(l)s already has a login.") % {"l": retailer.licence_no}
        problems.append(Problem("has_login", message, "retailer"))
    try:
        validate_password(password, User(username=username, first_name=retailer.owner))
    except ValidationError as exc:
        problems += [Problem("weak_password", m, "password") for m in exc.messages]
    if problems:
        raise Invalid(problems=problems)
    with transaction.atomic():
        user = User.objects.create_user(username, password=password, first_name=retailer.owner)
        return RetailerLogin.objects.create(user=user, retailer=retailer, created_by=by)


def _username_problems(username: str) -> list[str]:
    """Django's own rules for a username (length, allowed characters)."""
    try:
        User._meta.get_field("username").clean(username, None)
    except ValidationError as exc:
        return list(exc.messages)
    return []
