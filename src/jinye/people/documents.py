"""Writes of the 135 work-method documents: draft, edit, submit, review."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinye import access
from jinye.errors import Conflict, Forbidden, Invalid
from jinye.org.models import Staff
from jinye.people.drafting import draft
from jinye.people.models import DocKind, DocState, WorkDocument
from jinye.periods import Month

MONTHLY = {DocKind.MONTHLY_PLAN, DocKind.MONTHLY_SUMMARY}
User = AbstractBaseUser | AnonymousUser


def check_period(kind: str, period: str) -> str:
    """The normalised period for ``kind``; Invalid naming the field otherwise."""
    if kind not in DocKind.values:
        raise Invalid(
            _("Unknown document kind “%(kind)s”.") % {"kind": kind},
            code="unknown_kind",
            field="kind",
        )
    period = (period or "").strip()
    if kind in MONTHLY:
        return str(Month.parse(period, field="period"))
    try:
        day = date.fromisoformat(period)
    except ValueError as exc:
        raise Invalid(
            _("Write the week as YYYY-MM-DD (its Monday)."), code="bad_week", field="period"
        ) from exc
    if day.weekday() != 0:
        raise Invalid(
            _("%(period)s is not a Monday.") % {"period": period},
            code="not_monday",
            field="period",
        )
    return period


def _owner(doc_staff: Staff, by: User) -> None:
    staff = access.staff_of(by)
    if staff is None or staff.pk != doc_staff.pk:
        raise Forbidden(_("Only its author may edit and submit a document."), code="not_author")


@transaction.atomic
def do_draft_document(*, staff: Staff, kind: str, period: str, by: User) -> WorkDocument:
    """Create, or refresh while still a draft, the system's draft for the owner."""
    _owner(staff, by)
    period = check_period(kind, period)
    doc = (
        WorkDocument.objects.select_for_update()
        .filter(staff=staff, kind=kind, period=period)
        .first()
    )
    if doc is not None and doc.state != DocState.DRAFT:
        raise Conflict(
            _("%(doc)s is already %(state)s; it cannot be drafted again.")
            % {"doc": doc, "state": doc.get_state_display()},
            code="not_draft",
        )
    body, data = draft(staff, kind, period)
    if doc is None:
        return WorkDocument.objects.create(
            staff=staff, kind=kind, period=period, body=body, data=data
        )
    doc.body, doc.data = body, data
    doc.save()
    return doc


@transaction.atomic
def do_edit_document(*, doc: WorkDocument, body: str, by: User) -> WorkDocument:
    _owner(doc.staff, by)
    if doc.state != DocState.DRAFT:
        raise Conflict(
            _("%(doc)s is already %(state)s; it cannot be changed.")
            % {"doc": doc, "state": doc.get_state_display()},
            code="not_draft",
        )
    if not (body or "").strip():
        raise Invalid(_("The text must not be empty."), code="required", field="body")
    doc.body = body
    doc.save()
    return doc


@transaction.atomic
def do_submit_document(*, doc: WorkDocument, by: User) -> WorkDocument:
    _owner(doc.staff, by)
    if doc.state != DocState.DRAFT:
        raise Conflict(
            _("%(doc)s is already %(state)s.") % {"doc": doc, "state": doc.get_state_display()},
            code="not_draft",
        )
    doc.state = DocState.SUBMITTED
    doc.submitted_at = timezone.now()
    doc.save()
    return doc


@transaction.atomic
def do_review_document(
    *, doc: WorkDocument, comment: str, send_back: bool = False, by: User
) -> WorkDocument:
    """The area's market manager (or the director) comments; ``send_back`` returns the
    document to draft for revision, otherwise it is marked reviewed."""
    if not access.can(by, "review_documents", doc.staff):
        raise Forbidden(
            _("Only the area's market manager or the director may review it."),
            code="not_reviewer",
        )
    if doc.state != DocState.SUBMITTED:
        raise Conflict(
            _("%(doc)s is %(state)s; it cannot be reviewed.")
            % {"doc": doc, "state": doc.get_state_display()},
            code="not_submitted",
        )
    comment = (comment or "").strip()
    if not comment:
        raise Invalid(_("Write a review comment."), code="required", field="comment")
    doc.review_comment = comment
    doc.reviewed_by = by  # type: ignore[assignment]
    doc.reviewed_at = timezone.now()
    doc.state = DocState.DRAFT if send_back else DocState.REVIEWED
    doc.save()
    return doc
