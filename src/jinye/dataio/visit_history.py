"""A department's visit history from a file: checked row by row, then recorded through the
visits service (the one path of every logged visit: scope, closed months, guidance, no two
check-ins within half an hour), grouped by who visited. A visit already logged (same person,
retailer and check-in time) is left as it is, so importing the file again adds nothing."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from jinye.dataio.validate import (
    BAD,
    Checked,
    Lookups,
    Record,
    Row,
    RowError,
    duplicate,
    lookup,
    validate_records,
)
from jinye.errors import Invalid
from jinye.org.models import Staff
from jinye.sheets import cells
from jinye.sheets.readers import RawRow, Table
from jinye.visits import selectors as visit_selectors
from jinye.visits import services as visit_services


def _visit(row: Row, lookups: Lookups, seen: dict[Any, int]) -> dict[str, Any]:
    v: dict[str, Any] = {}
    staff = lookup(row, "employee_no", lookups.managers, _("Unknown employee number."))
    v["staff_id"] = BAD if staff is BAD else staff[0]
    v["retailer_id"] = lookup(row, "licence_no", lookups.retailers, _("Unknown retailer licence."))
    v["checked_in_at"] = at = row.get("checked_in_at", cells.moment)
    v["guidance"] = False
    if row.has("guidance") and not row.blank("guidance"):
        v["guidance"] = row.get("guidance", cells.flag)
    for name in ("guidance_content", "observations", "complaints"):
        v[name] = row.get(name, cells.text, 2000, required=False) or "" if row.has(name) else ""
    key = (v["staff_id"], v["retailer_id"], at)
    if BAD not in key:
        message = _("The same visit (person, retailer, time) is also in row %(row)d.")
        duplicate(row, "checked_in_at", key, seen, message)
    v["key"] = "|".join(map(str, key))
    return v


def validate_visits(
    kind: str, table: Table, lookups: Lookups, rows: Iterable[RawRow] | None = None
) -> Checked:
    return validate_records(kind, table, lookups, _visit, "key", rows)


# The visits service's field names → the file's columns.
_COLUMN = {"retailer": "许可证号", "checked_in_at": "拜访时间", "guidance_content": "指导内容"}


def write_visits(records: list[Record]) -> tuple[tuple[int, int, int], list[RowError]]:
    """Record the visits not yet logged, inside the caller's transaction: the counts, and
    the service's refusals as file rows (the caller then undoes the transaction)."""
    for rec in records:
        rec.values["checked_in_at"] = timezone.make_aware(rec.values["checked_in_at"])
    by_staff: dict[int, list[Record]] = defaultdict(list)
    for rec in records:
        by_staff[rec.values["staff_id"]].append(rec)
    logged = visit_selectors.logged_checkins(by_staff)
    users = {
        s.pk: s.user for s in Staff.objects.filter(pk__in=list(by_staff)).select_related("user")
    }
    errors: list[RowError] = []
    created = 0
    for staff_id, recs in by_staff.items():
        new = [
            r
            for r in recs
            if (staff_id, r.values["retailer_id"], r.values["checked_in_at"]) not in logged
        ]
        if not new:
            continue
        visits = [
            visit_services.VisitIn(
                r.values["retailer_id"],
                r.values["checked_in_at"],
                r.values["guidance"],
                r.values["guidance_content"],
                r.values["observations"],
                r.values["complaints"],
            )
            for r in new
        ]
        try:
            visit_services.do_record_visits(user=users[staff_id], visits=visits)
        except Invalid as refused:
            for p in refused.problems:
                rec = new[p.row - 1] if p.row else new[0]
                column = _COLUMN.get(p.field, p.field)
                errors.append(RowError(rec.row, column, "", str(p.message)))
            continue
        created += len(new)
    errors.sort(key=lambda e: e.row or 0)
    return (created, 0, len(records) - created), errors
