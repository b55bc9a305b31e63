"""Writes of the 135 work-method documents: draft, edit, submit, review."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

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
        raise ValidationError({"kind": f"未知文档类型 {kind!r}"})
    period = (period or "").strip()
    if kind in MONTHLY:
        try:
            return str(Month.parse(period, field="period"))
        except Invalid as exc:
            raise ValidationError({"period": exc.message}) from exc
    try:
        day = date.fromisoformat(period)
    except ValueError as exc:
        raise ValidationError({"period": "周的格式应为 YYYY-MM-DD（该周周一）"}) from exc
    if day.weekday() != 0:
        raise ValidationError({"period": f"{period}不是周一"})
    return period


def _owner(doc_staff: Staff, by: User) -> None:
    staff = access.staff_of(by)
    if staff is None or staff.pk != doc_staff.pk:
        raise PermissionDenied("只有本人可以编辑和提交自己的文档")


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
        raise ValidationError(f"{doc}已{doc.get_state_display()}，不能重新起草")
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
        raise ValidationError(f"{doc}已{doc.get_state_display()}，不能修改")
    if not (body or "").strip():
        raise ValidationError({"body": "内容不能为空"})
    doc.body = body
    doc.save()
    return doc


@transaction.atomic
def do_submit_document(*, doc: WorkDocument, by: User) -> WorkDocument:
    _owner(doc.staff, by)
    if doc.state != DocState.DRAFT:
        raise ValidationError(f"{doc}已{doc.get_state_display()}")
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
        raise PermissionDenied("只有该片区的市场经理或营销部主任可以审阅")
    if doc.state != DocState.SUBMITTED:
        raise ValidationError(f"{doc}状态为{doc.get_state_display()}，不能审阅")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "请填写审阅意见"})
    doc.review_comment = comment
    doc.reviewed_by = by  # type: ignore[assignment]
    doc.reviewed_at = timezone.now()
    doc.state = DocState.DRAFT if send_back else DocState.REVIEWED
    doc.save()
    return doc
