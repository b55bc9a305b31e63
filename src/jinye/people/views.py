"""Pages: KPIs (manager and department), careers, the committee, experts, 135 documents."""

import math
from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jinye import access, limits
from jinye.engines import careers
from jinye.errors import Forbidden, Invalid, JinyeError, Problem
from jinye.org.models import Staff
from jinye.people import documents, experts, selectors, services
from jinye.people.explain import rank_name
from jinye.people.forms import KpiSettingsForm
from jinye.people.models import (
    EDUCATION_CHOICES,
    CareerDecision,
    CareerProfile,
    DocKind,
    ExpertField,
    KpiSettings,
    Objection,
    TierStandard,
    TierStandardChange,
    WorkDocument,
)
from jinye.periods import Month, Quarter

#: Models whose fields the people pages edit, in the order a field name is looked up.
_LABELLED: tuple[type[Model], ...] = (CareerProfile, KpiSettings, TierStandard)


def _label(field: str) -> str:
    """The label of a field the people pages edit, in the reader's language ("" if unknown:
    the message is shown alone rather than with an internal name)."""
    for model in _LABELLED:
        try:
            found = model._meta.get_field(field)
        except FieldDoesNotExist:
            continue
        return capfirst(str(getattr(found, "verbose_name", "")))
    return ""


def _refused(request: HttpRequest, exc: JinyeError) -> None:
    """A service's refusal as messages naming the field by its label; a Forbidden one
    answers 403."""
    if isinstance(exc, Forbidden):
        raise exc
    for p in exc.problems:
        label = _label(p.field) if p.field else ""
        messages.error(request, f"{label}: {p.message}" if label else str(p.message))


def _attempt(request: HttpRequest, action: Callable[[], object], ok: str) -> None:
    """Run a service; report its refusal as messages."""
    try:
        action()
    except JinyeError as exc:
        _refused(request, exc)
    else:
        messages.success(request, ok)


def _month(request: HttpRequest) -> str:
    raw = request.GET.get("month") or request.POST.get("month") or ""
    if raw:
        try:
            return str(Month.parse(raw))
        except Invalid as exc:
            raise Http404(exc.message) from exc
    return str(Month.containing(timezone.localdate()))


@login_required
@require_http_methods(["GET", "POST"])
def kpis(request: HttpRequest) -> HttpResponse:
    """Department (or area) KPI ranking with charts; a customer manager goes to their own."""
    staff = access.require_staff(request.user)
    if access.reach_of(staff, "people") is access.Reach.SELF:
        return redirect("people:kpi_manager", staff_id=staff.pk)
    people = access.people(request.user)
    month = _month(request)
    settings_row = services.kpi_settings(staff.department)
    form = KpiSettingsForm(instance=settings_row)
    if request.method == "POST" and request.POST.get("action") == "settings":
        access.require(staff, "change_kpi_settings")
        form = KpiSettingsForm(request.POST, instance=services.kpi_settings(staff.department))
        if form.is_valid():
            _attempt(
                request,
                lambda: services.do_update_kpi_settings(
                    settings_row=settings_row, values=form.cleaned_data, by=request.user
                ),
                _("KPI settings saved; compute the month again to apply them."),
            )
            return redirect(f"{request.path}?month={month}")
        for field, errs in form.errors.items():
            text = "；".join(str(e) for e in errs)
            label = (form.fields[field].label or "") if field in form.fields else ""
            messages.error(request, f"{label}: {text}" if label else text)
    elif request.method == "POST":
        access.require(staff, "compute_kpis")
        _attempt(
            request,
            lambda: services.do_compute_kpis(
                department=staff.department, month=month, by=request.user
            ),
            _("KPIs computed."),
        )
        return redirect(f"{request.path}?month={month}")
    results = selectors.month_results(people, month)
    return render(
        request,
        "people/kpis.html",
        {
            "month": month,
            "months": selectors.months_available(people),
            "results": results,
            "averages": selectors.kpi_averages(results),
            "ranking": [(r.staff.name, r.score) for r in results],
            "can_compute": access.can(staff, "compute_kpis"),
            "settings_form": form,
        },
    )


@login_required
def kpi_manager(request: HttpRequest, staff_id: int) -> HttpResponse:
    access.require_staff(request.user)
    person = get_object_or_404(access.people(request.user), pk=staff_id)
    month = _month(request)
    result = selectors.month_results(Staff.objects.filter(pk=person.pk), month)
    cells = selectors.kpi_cells(result[0]) if result else []
    return render(
        request,
        "people/kpi_manager.html",
        {
            "person": person,
            "month": month,
            "months": selectors.months_available(Staff.objects.filter(pk=person.pk)),
            "result": result[0] if result else None,
            "cells": cells,
            "inputs": selectors.kpi_inputs_shown(result[0]) if result else [],
            "chart": [
                [c.label, None if c.attainment is None else round(100 * c.attainment, 1)]
                for c in cells
            ],
            "history": selectors.score_history(person),
        },
    )


@login_required
def career(request: HttpRequest, staff_id: int | None = None) -> HttpResponse:
    staff = access.require_staff(request.user)
    if staff_id is None:
        if access.reach_of(staff, "people") is not access.Reach.SELF:
            return redirect("people:committee")
        staff_id = staff.pk
    person = get_object_or_404(access.people(request.user), pk=staff_id)
    view = selectors.career_view(person, timezone.localdate())
    return render(
        request,
        "people/career.html",
        {
            "person": person,
            "view": view,
            "is_committee": access.in_committee(request.user),
            "education_choices": EDUCATION_CHOICES,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee(request: HttpRequest) -> HttpResponse:
    """Pending promotions, leadership approvals, notices with objections, decisions. Every
    staff member sees the notices (they are public) and may object; the rest is the
    committee's."""
    staff = access.require_staff(request.user)
    member = access.in_committee(request.user)
    if request.method == "POST":
        _committee_post(request, staff)
        return redirect("people:committee")
    queues = selectors.committee_queues(staff.department_id)
    return render(
        request,
        "people/committee.html",
        {
            "queues": queues,
            "is_member": member,
            "is_director": access.can(request.user, "approve_as_leadership"),
            "people": access.people(request.user) if member else [],
            "window": str(Quarter.containing(timezone.localdate()).previous()),
            "standards": TierStandard.objects.all(),
        },
    )


def _decision(request: HttpRequest, staff: Staff) -> CareerDecision:
    return get_object_or_404(
        CareerDecision,
        pk=limits.record_number(request.POST.get("decision")),
        staff__department=staff.department,
    )


def _committee_post(request: HttpRequest, staff: Staff) -> None:
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    user = request.user
    if action == "objection":
        d = _decision(request, staff)
        _attempt(
            request,
            lambda: services.do_record_objection(
                decision=d, text=request.POST.get("text", ""), by=user
            ),
            _("Objection recorded."),
        )
        return
    access.require(user, "act_as_committee")
    if action in ("approve", "reject"):
        d = _decision(request, staff)
        _attempt(
            request,
            lambda: services.do_committee_decide(
                decision=d, approve=action == "approve", reason=reason, by=user
            ),
            _("Decision recorded."),
        )
    elif action in ("lead_approve", "lead_reject"):
        d = _decision(request, staff)
        _attempt(
            request,
            lambda: services.do_leadership_decide(
                decision=d, approve=action == "lead_approve", reason=reason, by=user
            ),
            _("Decision recorded."),
        )
    elif action in ("uphold", "dismiss"):
        obj = get_object_or_404(
            Objection,
            pk=request.POST.get("objection"),
            decision__staff__department=staff.department,
        )
        _attempt(
            request,
            lambda: services.do_rule_objection(
                objection=obj, uphold=action == "uphold", ruling=reason, by=user
            ),
            _("Ruling recorded."),
        )
    elif action == "close":
        _attempt(
            request,
            lambda: services.do_close_notices(department=staff.department, by=user),
            _("Notices closed."),
        )
    elif action == "run":
        _attempt(
            request,
            lambda: services.do_run_career_window(
                department=staff.department, window=request.POST.get("window", ""), by=user
            ),
            _("Window evaluated."),
        )
    elif action in ("breach_tier", "breach_level"):
        person = get_object_or_404(access.people(user), pk=request.POST.get("staff"))
        _attempt(
            request,
            lambda: services.do_breach_demotion(
                staff=person, by_level=action == "breach_level", what=reason, by=user
            ),
            _("Demotion recorded."),
        )
    else:
        messages.error(request, _("Unknown action."))


@login_required
@require_http_methods(["GET", "POST"])
def experts_page(request: HttpRequest) -> HttpResponse:
    staff = access.require_staff(request.user)
    quarter = request.GET.get("quarter") or str(Quarter.containing(timezone.localdate()).previous())
    try:
        quarter = str(Quarter.parse(quarter))
    except Invalid as exc:
        raise Http404(exc.message) from exc
    member = access.in_committee(request.user)
    if request.method == "POST":
        access.require(request.user, "act_as_committee")
        if request.POST.get("action") == "rank":
            _attempt(
                request,
                lambda: experts.do_rank_experts(department=staff.department, quarter=quarter),
                _("Candidates ranked."),
            )
        else:
            person = get_object_or_404(access.people(request.user), pk=request.POST.get("staff"))
            _attempt(
                request,
                lambda: experts.do_choose_expert(
                    department=staff.department,
                    quarter=quarter,
                    field=request.POST.get("field", ""),
                    staff=person,
                    reason=request.POST.get("reason", ""),
                    by=request.user,
                ),
                _("Expert recorded."),
            )
        return redirect(f"{request.path}?quarter={quarter}")
    return render(
        request,
        "people/experts.html",
        {
            "quarter": quarter,
            "board": selectors.expert_board(staff.department_id, quarter),
            "is_member": member,
            "fields": ExpertField.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def docs(request: HttpRequest) -> HttpResponse:
    staff = access.require_staff(request.user)
    people = access.people(request.user)
    if request.method == "POST":
        access.require(staff, "draft_documents")
        made: list[WorkDocument] = []
        _attempt(
            request,
            lambda: made.append(
                documents.do_draft_document(
                    staff=staff,
                    kind=request.POST.get("kind", ""),
                    period=request.POST.get("period", ""),
                    by=request.user,
                )
            ),
            _("Draft written from the data; edit and submit it."),
        )
        return redirect("people:doc", pk=made[0].pk) if made else redirect("people:docs")
    state = request.GET.get("state", "")
    qs = selectors.documents(people)
    if state:
        qs = qs.filter(state=state)
    return render(
        request,
        "people/docs.html",
        {
            "docs": qs[:200],
            "kinds": DocKind.choices,
            "can_draft": access.can(staff, "draft_documents"),
            "state": state,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def doc(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_staff(request.user)
    document = get_object_or_404(selectors.documents(access.people(request.user)), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "save":
            _attempt(
                request,
                lambda: documents.do_edit_document(
                    doc=document, body=request.POST.get("body", ""), by=request.user
                ),
                _("Saved."),
            )
        elif action == "redraft":
            _attempt(
                request,
                lambda: documents.do_draft_document(
                    staff=document.staff,
                    kind=document.kind,
                    period=document.period,
                    by=request.user,
                ),
                _("Draft written again from the data."),
            )
        elif action == "submit":
            _attempt(
                request,
                lambda: documents.do_submit_document(doc=document, by=request.user),
                _("Submitted for review."),
            )
        elif action in ("review", "send_back"):
            _attempt(
                request,
                lambda: documents.do_review_document(
                    doc=document,
                    comment=request.POST.get("comment", ""),
                    send_back=action == "send_back",
                    by=request.user,
                ),
                _("Review recorded."),
            )
        return redirect("people:doc", pk=document.pk)
    viewer = access.staff_of(request.user)
    return render(
        request,
        "people/doc.html",
        {
            "doc": document,
            "is_owner": viewer is not None and viewer.pk == document.staff_id,
            "can_review": access.can(request.user, "review_documents", document.staff),
        },
    )


@login_required
def daily(request: HttpRequest, staff_id: int) -> HttpResponse:
    """日拜访: the daily visit log of a month, from the visit service's records."""
    access.require_staff(request.user)
    person = get_object_or_404(access.people(request.user), pk=staff_id)
    month = _month(request)
    p = Month.parse(month)
    return render(
        request,
        "people/daily.html",
        {"person": person, "month": month, "days": selectors.daily_log(person, p.first, p.last)},
    )


def _profile_fields(post: dict[str, str]) -> dict[str, object]:
    """The profile form's values; Invalid naming each bad field."""
    errors: list[Problem] = []
    out: dict[str, object] = {}
    for name in ("rank", "education"):
        try:
            out[name] = int(post.get(name, ""))
        except ValueError:
            errors.append(Problem("not_integer", _("Must be a whole number."), name))
    for name in ("in_post_since", "level_since"):
        try:
            out[name] = date.fromisoformat(post.get(name, ""))
        except ValueError:
            errors.append(Problem("bad_date", _("Write the date as YYYY-MM-DD."), name))
    if errors:
        raise Invalid(problems=errors)
    out["training_passed"] = bool(post.get("training_passed"))
    out["outstanding"] = bool(post.get("outstanding"))
    return out


@login_required
@require_POST
def save_profile(request: HttpRequest, staff_id: int) -> HttpResponse:
    person = get_object_or_404(access.people(request.user), pk=staff_id)
    try:
        fields = _profile_fields(request.POST.dict())
        services.do_save_profile(staff=person, by=request.user, **fields)  # type: ignore[arg-type]
    except JinyeError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Career profile saved."))
    return redirect("people:career_of", staff_id=person.pk)


def _standard_label(key: str) -> str:
    """A tier-standards error key (``r3-min_score`` from the form, ``中级C.min_score`` from the
    service) as the reader says it: the rank's name and the field's label."""
    if "." in key:
        stable, field = key.split(".", 1)
        ranks = [r for r in range(careers.RANK_COUNT) if careers.rank_label(r) == stable]
    elif key.startswith("r") and "-" in key:
        number, field = key[1:].split("-", 1)
        ranks = [int(number)] if number.isascii() and number.isdigit() else []
    else:
        return _label(key)
    label = _label(field)
    if not ranks or not 0 <= ranks[0] < careers.RANK_COUNT:
        return label
    return f"{rank_name(ranks[0])} {label}".strip()


def _finite(text: str) -> float:
    """A typed score: NaN and infinity are no score (SQLite would store NaN as NULL)."""
    value = float(limits.ascii_digits(text))  # Invalid (a ValueError) names a ① or ²
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _standard_values(post: dict[str, str]) -> tuple[dict[int, dict[str, object]], dict[str, str]]:
    """The tier-standards form's values by rank, and the fields that are not numbers."""
    parsers: dict[str, Callable[[str], object]] = {
        "min_score": _finite,
        "min_months_in_post": int,
        "min_months_at_level": int,
        "min_education": int,
    }
    values: dict[int, dict[str, object]] = {}
    bad: dict[str, str] = {}
    for rank in range(careers.RANK_COUNT):
        row: dict[str, object] = {
            "training_required": post.get(f"r{rank}-training_required") == "on"
        }
        for f, parse in parsers.items():
            text = (post.get(f"r{rank}-{f}") or "").strip()
            try:
                row[f] = parse(text)
            except ValueError:
                bad[f"r{rank}-{f}"] = _("“%(text)s” is not a number.") % {"text": text}
        values[rank] = row
    return values, bad


@login_required
@require_http_methods(["GET", "POST"])
def standards_page(request: HttpRequest) -> HttpResponse:
    """The committee views and edits the tier standards; every change is audited."""
    access.require_staff(request.user)
    member = access.in_committee(request.user)
    rows = [
        {"rank": s.rank, "label": str(s), "s": s, "prefix": f"r{s.rank}"}
        for s in TierStandard.objects.all()
    ]
    field_errors: dict[str, list[str]] = {}
    posted: dict[str, str] = {}
    if request.method == "POST":
        access.require(request.user, "act_as_committee")
        posted = request.POST.dict()
        values, bad = _standard_values(posted)
        try:
            if bad:
                raise Invalid(problems=[Problem("not_number", v, k) for k, v in bad.items()])
            changes = services.do_update_tier_standards(
                values=values, reason=posted.get("reason", ""), by=request.user
            )
        except Forbidden:
            raise
        except JinyeError as exc:
            for p in exc.problems:
                field_errors.setdefault(p.field, []).append(str(p.message))
            for key, errs in field_errors.items():
                named = _standard_label(key)
                text = "；".join(errs)
                messages.error(request, f"{named}: {text}" if named else text)
        else:
            messages.success(request, _("%(n)d change(s) saved.") % {"n": len(changes)})
            return redirect("people:standards")
    for row in rows:
        label = row["label"]
        row["errors"] = [
            e
            for key, errs in field_errors.items()
            if key.startswith(f"{label}.") or key.startswith(f"{row['prefix']}-")
            for e in errs
        ]
    return render(
        request,
        "people/standards.html",
        {
            "rows": rows,
            "is_member": member,
            "posted": posted,
            "educations": EDUCATION_CHOICES,
            "changes": TierStandardChange.objects.select_related("changed_by")[:100],
        },
    )
