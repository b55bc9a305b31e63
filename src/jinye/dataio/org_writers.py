"""Write checked area and staff records of one department: upsert by code / employee number
inside the caller's transaction. A new staff member gets a login with a one-time password."""

from dataclasses import dataclass

from django.contrib.auth.models import User

from jinye.dataio.validate import Record
from jinye.dataio.writers import Counts, _existing
from jinye.org.models import MarketArea, MarketingDepartment, Staff
from jinye.org.services import hashed_one_time_password


@dataclass(frozen=True)
class Login:
    employee_no: str
    name: str
    username: str
    password: str


def write_areas(records: list[Record], department: MarketingDepartment) -> Counts:
    existing = _existing(MarketArea, "code", [r.key for r in records])
    created = updated = 0
    for rec in records:
        area = existing.get(rec.key)
        if area is None:
            MarketArea.objects.create(department=department, code=rec.key, **rec.values)
            created += 1
        elif area.name != rec.values["name"]:
            area.name = rec.values["name"]
            area.save(update_fields=["name"])
            updated += 1
    return created, updated, len(records) - created - updated


def write_staff(
    records: list[Record], department: MarketingDepartment
) -> tuple[Counts, list[Login]]:
    """Upsert the staff; a new employee's login and one-time password are in the list
    returned (the only place the password ever appears in clear)."""
    existing = _existing(Staff, "employee_no", [r.key for r in records])
    created = updated = 0
    logins: list[Login] = []
    for rec in records:
        values = dict(rec.values)
        username = values.pop("username")
        staff = existing.get(rec.key)
        if staff is None:
            password, hashed = hashed_one_time_password()
            user = User.objects.create(username=username, password=hashed)
            Staff.objects.create(
                user=user,
                department=department,
                employee_no=rec.key,
                must_change_password=True,
                **values,
            )
            logins.append(Login(rec.key, values["name"], username, password))
            created += 1
            continue
        diff = [f for f, v in values.items() if getattr(staff, f) != v]
        for f in diff:
            setattr(staff, f, values[f])
        if diff:
            staff.save(update_fields=diff)
        if staff.user.username != username:
            staff.user.username = username
            staff.user.save(update_fields=["username"])
            diff.append("username")
        updated += bool(diff)
    return (created, updated, len(records) - created - updated), logins
