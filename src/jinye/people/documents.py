"""Writes of the 135 work-method documents: draft, edit, submit, review."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinye import access
from jinye.errors import Invalid
from jinye.org.models import Staff
from jinye.people.drafting import draft
from jinye.people.models import DocKind, DocState, WorkDocument
from jinye.periods import Month

MONTHLY = {DocKind.MONTHLY_PLAN, DocKind.MONTHLY_SUMMARY}
User = AbstractBaseUser | AnonymousUser


def check_period(kind: str, period: str) -> str:
    """The normalised period for ``kind``; ValidationError naming the field otherwise."""
    if kind not in DocKind.values:
        raise ValidationError({"kind": _("Unknown document kind %(kind)s") % {"kind": repr(kind)}})
    period = (period or "").strip()
    if kind in MONTHLY:
        try:
            return str(Month.parse(period, field="period"))
        except Invalid as exc:
            raise ValidationError({"period": exc.message}) from exc
    try:
        day = date.fromisoformat(period)
    except ValueError as exc:
        raise ValidationError({"period": _("Write the week as YYYY-MM-DD (its Monday)")}) from exc
    if day.weekday() != 0:
        raise ValidationError({"period": _("%(day)s is not a Monday") % {"day": period}})
    return period


def _owner(doc_staff: Staff, by: User) -> None:
    if not access.can(by, "draft_documents", doc_staff):
        raise PermissionDenied(_("Only its author may edit and submit a document"))


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
        raise ValidationError(
            _("%(doc)s is already %(state)s: it cannot be drafted again")
            % {"doc": doc, "state": doc.get_state_display()}
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
        raise ValidationError(
            _("%(doc)s is already %(state)s: it cannot be changed")
            % {"doc": doc, "state": doc.get_state_display()}
        )
    if not (body or "").strip():
        raise ValidationError({"body": _("The text cannot be empty")})
    doc.body = body
    doc.save()
    return doc


@transaction.atomic
def do_submit_document(*, doc: WorkDocument, by: User) -> WorkDocument:
    _owner(doc.staff, by)
    if doc.state != DocState.DRAFT:
        raise ValidationError(
            _("%(doc)s is already %(state)s") % {"doc": doc, "state": doc.get_state_display()}
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
        raise PermissionDenied(
            _("Only the area's market manager or the marketing director may review it")
        )
    if doc.state != DocState.SUBMITTED:
        raise ValidationError(
            _("%(doc)s is %(state)s: it cannot be reviewed")
            % {"doc": doc, "state": doc.get_state_display()}
        )
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Write the review comment")})
    doc.review_comment = comment
    doc.reviewed_by = by  # type: ignore[assignment]
    doc.reviewed_at = timezone.now()
    doc.state = DocState.DRAFT if send_back else DocState.REVIEWED
    doc.save()
    return doc
