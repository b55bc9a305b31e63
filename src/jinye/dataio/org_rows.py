"""Rows → records for the organisation's files: market areas, staff, targets.

Pure like :mod:`jinye.dataio.validate`: the database's facts arrive in ``Lookups``.
"""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from jinye import limits
from jinye.dataio import schemas as s
from jinye.dataio.validate import (
    BAD,
    Checked,
    Lookups,
    Row,
    duplicate,
    lookup,
    validate_records,
)
from jinye.sheets import cells
from jinye.sheets.readers import RawRow, Table

AREA_ROLES = ("market_manager", "customer_manager")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _area(row: Row, lookups: Lookups, seen: dict[Any, int]) -> dict[str, Any]:
    v: dict[str, Any] = {}
    v["code"] = code = row.get("code", cells.text, 20)
    duplicate(row, "code", code, seen, _("Duplicate area code: also in row %(row)d."))
    if code is not BAD and code in lookups.foreign:
        row.error("code", _("This area code belongs to another marketing department."))
    v["name"] = name = row.get("name", cells.text, 100)
    duplicate(row, "name", ("name", name), seen, _("Duplicate area name: also in row %(row)d."))
    return v


def _staff(row: Row, lookups: Lookups, seen: dict[Any, int]) -> dict[str, Any]:
    v: dict[str, Any] = {}
    v["employee_no"] = no = row.get("employee_no", cells.text, 20)
    duplicate(row, "employee_no", no, seen, _("Duplicate employee number: also in row %(row)d."))
    if no is not BAD and no in lookups.foreign:
        row.error("employee_no", _("This employee number belongs to another department."))
    v["name"] = row.get("name", cells.text, 50)
    v["role"] = role = row.get("role", cells.choice, s.ROLES)
    v["area_id"] = None
    if row.has("area") and not row.blank("area"):
        v["area_id"] = lookup(row, "area", lookups.areas, _("Unknown market area."))
    elif role in AREA_ROLES:
        row.error(
            "area" if row.has("area") else "role",
            _("Market and customer managers need a market area (name or code)."),
        )
    if row.has("phone"):
        v["phone"] = row.get("phone", cells.text, 20, required=False) or ""
    username = None
    if row.has("username"):
        username = row.get("username", cells.text, 150, required=False)
    if username is None and no is not BAD:
        username = no
    if username not in (None, BAD):
        owner = lookups.usernames.get(username)
        if owner is not None and owner != no:
            row.error(
                "username" if row.has("username") else "employee_no",
                _("The user name %(name)s is already taken.") % {"name": username},
            )
        duplicate(
            row,
            "username" if row.has("username") else "employee_no",
            ("username", username),
            seen,
            _("Duplicate user name: also in row %(row)d."),
        )
    v["username"] = username
    if row.has("active") and not row.blank("active"):
        v["active"] = row.get("active", cells.flag)
    return v


def _target(row: Row, lookups: Lookups, seen: dict[Any, int]) -> dict[str, Any]:
    """A month of one area, or (month and area blank) the department's year, which is then
    split to areas and months by last year's shape."""
    v: dict[str, Any] = {}
    v["year"] = year = row.get("year", cells.whole_number, FIRST_YEAR, LAST_YEAR)
    annual = row.blank("month") and row.blank("area")
    if annual:
        v["month"] = v["area_id"] = None
        cases, revenue = limits.TARGET_CASES, limits.TARGET_REVENUE
    else:
        v["month"] = row.get("month", cells.whole_number, 1, 12)
        v["area_id"] = lookup(row, "area", lookups.areas, _("Unknown market area."))
        cases, revenue = limits.MONTH_TARGET_CASES, limits.MONTH_TARGET_REVENUE
    v["volume_cases"] = row.get("volume_cases", cells.whole_number, cases.low, cases.high)
    v["revenue"] = 0
    if row.has("revenue"):
        got = row.get("revenue", cells.whole_number, revenue.low, revenue.high, required=False)
        v["revenue"] = 0 if got is None else got
    key = (year, v["month"], v["area_id"])
    if BAD not in key:
        message = (
            _("The same year is also in row %(row)d.")
            if annual
            else _("The same area and month are also in row %(row)d.")
        )
        duplicate(row, "year" if annual else "month", key, seen, message)
        # A year comes either as one annual row or as monthly rows, never both.
        other = ("monthly", year) if annual else ("annual", year)
        if other in seen:
            row.error(
                "month",
                _(
                    "Row %(row)d gives this year as a whole; give a year either as one row with"
                    " the month and area blank, or month by month."
                )
                % {"row": seen[other]},
            )
        seen.setdefault(("annual" if annual else "monthly", year), row.raw.number)
    v["key"] = "-".join(map(str, key))
    return v


CHECKS = {"areas": (_area, "code"), "staff": (_staff, "employee_no"), "targets": (_target, "key")}


def validate_org(
    kind: str, table: Table, lookups: Lookups, rows: Iterable[RawRow] | None = None
) -> Checked:
    """Check every row of ``table`` as ``kind`` ("areas", "staff" or "targets")."""
    check, key_field = CHECKS[kind]
    return validate_records(kind, table, lookups, check, key_field, rows)
