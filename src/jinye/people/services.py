"""Writes: monthly KPIs, career windows, committee actions. Each service runs in one
transaction and leaves an audit row for every change to a person's career record."""

from dataclasses import asdict, replace
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jinye import access
from jinye.engines import career_record, careers
from jinye.engines.kpi import compute_kpis
from jinye.engines.reasons import Refusal
from jinye.errors import Conflict, Forbidden, Invalid, Problem
from jinye.org.models import MarketingDepartment, Staff
from jinye.people.explain import rank_name
from jinye.people.kpi_inputs import kpi_inputs, managers_of
from jinye.people.models import (
    CareerAudit,
    CareerDecision,
    CareerProfile,
    DecisionStatus,
    KpiMonth,
    KpiSettings,
    KpiValue,
    Objection,
    ObjectionStatus,
    TierStandard,
    TierStandardChange,
)
from jinye.periods import Month, Quarter
from jinye.progress import ProgressFn, no_progress

NOTICE_DAYS = 7
User = AbstractBaseUser | AnonymousUser


def _user(user: User | None) -> Any:
    """The acting account for a foreign key (None for scripts run without one)."""
    return user if user is not None and user.is_authenticated else None


def kpi_settings(department: MarketingDepartment) -> KpiSettings:
    obj, _created = KpiSettings.objects.get_or_create(department=department)
    return obj


def _kpi_refusal(exc: ValueError) -> Invalid:
    """The KPI engine's refusal of the settings, in the reader's language, on the field."""
    code = exc.code if isinstance(exc, Refusal) else ""
    field = str(exc.params.get("field", "")) if isinstance(exc, Refusal) else ""
    if code == "negative":
        message = _("Must not be negative.")
    elif code == "no_weight":
        message = _("At least one KPI weight must be positive.")
    elif code == "not_positive":
        message = _("Must be greater than 0.")
    elif code == "not_a_share":
        message = _("Must be between 0 and 1.")
    else:
        message = _("The KPI settings are inconsistent.")
    if field and field not in {f.name for f in KpiSettings._meta.get_fields()}:
        field = ""
    return Invalid(message, code="bad_settings", field=field)


@transaction.atomic
def do_update_kpi_settings(
    *, settings_row: KpiSettings, values: dict[str, float], by: User
) -> None:
    """Change a department's KPI weights and targets (director only); the engine checks
    them before saving, and each month's result keeps the settings it used."""
    access.require(by, "change_kpi_settings")
    for name, value in values.items():
        setattr(settings_row, name, value)
    try:
        settings_row.to_engine().check()
    except ValueError as exc:  # the engine's reason: a code and the setting at fault
        raise _kpi_refusal(exc) from exc
    settings_row.full_clean()
    settings_row.save()


@transaction.atomic
def do_compute_kpis(
    *,
    department: MarketingDepartment,
    month: str,
    by: User | None = None,
    progress: ProgressFn = no_progress,
) -> list[KpiMonth]:
    """Compute and store the month's KPIs of every active customer manager of
    ``department``; running a month again replaces its results."""
    this = Month.parse(month)
    first, label = this.first, str(this)
    settings_row = kpi_settings(department)
    config = settings_row.to_engine()
    step = f"{department.code} {label} KPI"
    progress(0, 3, step)
    inputs = kpi_inputs(department, first)
    progress(1, 3, step)
    values, scores = compute_kpis(inputs, config)
    progress(2, 3, step)
    KpiMonth.objects.filter(staff__department=department, month=label).delete()
    by_staff = {r["staff_id"]: r for r in inputs.iter_rows(named=True)}
    config_json = {
        "weights": {str(k): w for k, w in config.weights.items()},
        **{k: v for k, v in asdict(config).items() if k != "weights"},
    }
    results = {}
    for row in scores.iter_rows(named=True):
        results[row["staff_id"]] = KpiMonth.objects.create(
            staff_id=row["staff_id"],
            month=label,
            score=row["score"],
            rank=row["rank"],
            inputs=by_staff[row["staff_id"]],
            config=config_json,
            computed_by=_user(by),
        )
    KpiValue.objects.bulk_create(
        KpiValue(
            result=results[r["staff_id"]],
            kpi=r["kpi"],
            value=r["value"],
            target=r["target"],
            attainment=r["attainment"],
            weight=r["weight"],
        )
        for r in values.iter_rows(named=True)
    )
    progress(3, 3, step)
    return sorted(results.values(), key=lambda k: (k.rank or 10**6, k.staff_id))


def standards() -> dict[int, careers.TierStandard]:
    """The stored tier standards, or the seed defaults when none are stored (a database
    flushed after migration 0002 loaded them)."""
    rows = [s.to_engine() for s in TierStandard.objects.all()]
    return careers.check_standards(rows or careers.default_standards())


def _months_between(start: date, end: date) -> int:
    return max(0, (end.year - start.year) * 12 + end.month - start.month)


def _ordinal(window: Quarter) -> int:
    return career_record.window_ordinal(window.year, window.number)


def record_of(staff: Staff, *, besides: str = "") -> list[career_record.Entry]:
    """The person's career record in the order it was made: every window decision (staying
    included) but that of window ``besides``, and every breach demotion, which counts in
    the window (quarter) it was decided in."""
    rows = CareerDecision.objects.filter(staff=staff)
    if besides:
        rows = rows.exclude(window=besides)
    return [
        career_record.Entry(careers.Kind(d.kind), _ordinal(_counts_in(d)))
        for d in rows.order_by("created_at", "id")
    ]


def _counts_in(d: CareerDecision) -> Quarter:
    """The window a decision belongs to; a breach's is stored with it (older rows: the
    quarter it was recorded in)."""
    if d.window:
        return Quarter.parse(d.window)
    if d.inputs.get("counts_in"):
        return Quarter.parse(d.inputs["counts_in"])
    return Quarter.containing(timezone.localdate(d.created_at))


def after_level_down(staff: Staff, window: Quarter, *, besides: str = "") -> bool:
    """Whether a level demotion in ``window`` would be the second in a row."""
    return career_record.follows_level_down(record_of(staff, besides=besides), _ordinal(window))


def candidate(profile: CareerProfile, window: Quarter) -> careers.Candidate:
    """The engine's view of ``profile`` at the end of ``window``."""
    labels = [str(m) for m in window.months()]
    months = {
        k.month: k.score for k in KpiMonth.objects.filter(staff=profile.staff, month__in=labels)
    }
    return careers.Candidate(
        staff_id=profile.staff_id,
        rank=profile.rank,
        scores=tuple(months.get(m) for m in labels),
        months_in_post=_months_between(profile.in_post_since, window.last),
        months_at_level=_months_between(profile.level_since, window.last),
        education=careers.Education(profile.education),
        training_passed=profile.training_passed,
        outstanding=profile.outstanding,
        after_level_down=after_level_down(profile.staff, window, besides=str(window)),
    )


def _audit(
    staff: Staff, action: str, by: User | None, decision: CareerDecision | None = None, **details
) -> None:
    CareerAudit.objects.create(
        staff=staff, decision=decision, action=action, actor=_user(by), details=details
    )


def _apply(decision: CareerDecision, by: User | None, note: str = "") -> None:
    profile = CareerProfile.objects.select_for_update().get(staff=decision.staff)
    if profile.rank != decision.from_rank:
        raise Conflict(
            _(
                "%(name)s: the current rank is %(rank)s, not the decision's original rank "
                "%(from)s; it cannot be applied."
            )
            % {
                "name": decision.staff.name,
                "rank": profile.rank_label,
                "from": decision.from_label,
            },
            code="rank_changed",
        )
    today = timezone.localdate()
    if careers.level_of(decision.to_rank) != careers.level_of(decision.from_rank):
        profile.level_since = today
    profile.rank = decision.to_rank
    if decision.reassign:
        profile.reassign = True
    profile.save()
    decision.status = DecisionStatus.APPLIED
    decision.applied_at = timezone.now()
    decision.save()
    _audit(
        decision.staff,
        "applied",
        by,
        decision,
        from_rank=decision.from_label,
        to_rank=decision.to_label,
        note=note,
    )


def _fallback_json(d: careers.Decision | None) -> dict[str, Any] | None:
    """What a skip falls back to if not approved, as decided in its window."""
    if d is None:
        return None
    return {
        "kind": d.kind.value,
        "to_rank": d.to_rank,
        "reasons": [r.as_dict() for r in d.reasons],
    }


def _decision_row(
    d: careers.Decision,
    *,
    staff: Staff,
    window: str,
    inputs: dict,
    by: User | None,
    replacing: CareerDecision | None = None,
) -> CareerDecision:
    """Store ``d``; ``replacing`` is a no-data row of the same window, evaluated again in
    place (its first evaluation stays in the audit trail)."""
    pending = d.status == careers.Status.PENDING
    row, _created = CareerDecision.objects.update_or_create(
        pk=replacing.pk if replacing else None,
        defaults={
            "staff": staff,
            "window": window,
            "kind": d.kind.value,
            "from_rank": d.from_rank,
            "to_rank": d.to_rank,
            "status": DecisionStatus.PENDING if pending else DecisionStatus.APPLIED,
            "score": d.score,
            "inputs": inputs,
            "reasons": [r.as_dict() for r in d.reasons],
            "needs_notice": d.needs_notice,
            "needs_leadership": d.needs_leadership,
            "reassign": d.reassign,
            "fallback": _fallback_json(d.fallback),
            "created_by": _user(by),
        },
    )
    return row


@transaction.atomic
def do_run_career_window(
    *,
    department: MarketingDepartment,
    window: str,
    by: User | None = None,
    progress: ProgressFn = no_progress,
) -> list[CareerDecision]:
    """Evaluate every customer manager of ``department`` who has a career profile over the
    three-month ``window`` (e.g. 2026Q3). Tier moves and demotions apply at once; level
    promotions and skips wait for the committee. A window already evaluated for a person is
    only evaluated again where it lacked data."""
    w = Quarter.parse(window, field="window")
    stds = standards()
    people = [m for m in managers_of(department) if CareerProfile.objects.filter(staff=m).exists()]
    out = []
    for i, staff in enumerate(people):
        progress(i, len(people), f"{department.code} {w}")
        old = CareerDecision.objects.filter(staff=staff, window=str(w)).first()
        if old is not None and old.kind != careers.Kind.NO_DATA:
            continue
        profile = CareerProfile.objects.select_for_update().get(staff=staff)
        c = candidate(profile, w)
        d = careers.evaluate(c, stds)
        inputs = {
            "scores": list(c.scores),
            "months": [str(m) for m in w.months()],
            "months_in_post": c.months_in_post,
            "months_at_level": c.months_at_level,
            "education": int(c.education),
            "training_passed": c.training_passed,
            "outstanding": c.outstanding,
            "after_level_down": c.after_level_down,
            "standards": {
                careers.rank_label(r): asdict(stds[r])
                | {"min_education": int(stds[r].min_education)}
                for r in {c.rank, min(c.rank + 1, careers.TOP), min(c.rank + 2, careers.TOP)}
            },
        }
        row = _decision_row(d, staff=staff, window=str(w), inputs=inputs, by=by, replacing=old)
        _audit(
            staff, "evaluated", by, row, kind=d.kind.value, reasons=[r.as_dict() for r in d.reasons]
        )
        if d.status == careers.Status.APPLIED:
            if d.to_rank != d.from_rank or d.reassign:
                _apply(row, by)
            else:
                row.applied_at = timezone.now()
                row.save()
        if profile.outstanding:
            CareerProfile.objects.filter(pk=profile.pk).update(outstanding=False)
        out.append(row)
    progress(len(people), len(people), f"{department.code} {w}")
    return out


def _check_status(decision: CareerDecision, *allowed: str) -> None:
    if decision.status not in allowed:
        raise Conflict(
            _("%(name)s %(window)s: the status is “%(status)s”; this cannot be done now.")
            % {
                "name": decision.staff.name,
                "window": decision.window,
                "status": decision.get_status_display(),
            },
            code="wrong_status",
        )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give the reason for the decision."), code="required", field="reason")
    return reason


@transaction.atomic
def do_committee_decide(
    *, decision: CareerDecision, approve: bool, reason: str, by: User, today: date | None = None
) -> CareerDecision:
    """The committee's decision on a pending promotion. Approved: skips then need the
    director's approval (given at once when the director decides), level moves then go on
    public notice for a week; otherwise the promotion applies."""
    access.require(by, "act_as_committee")
    decision = CareerDecision.objects.select_for_update().get(pk=decision.pk)
    _check_status(decision, DecisionStatus.PENDING)
    decision.decision_reason = _reason(reason)
    decision.decided_by = _user(by)
    _audit(
        decision.staff,
        "committee_" + ("approved" if approve else "rejected"),
        by,
        decision,
        reason=decision.decision_reason,
    )
    if not approve:
        _not_approved(decision, by, "committee")
        return decision
    if decision.needs_leadership and not access.can(by, "approve_as_leadership"):
        decision.status = DecisionStatus.LEADERSHIP
        decision.save()
        return decision
    if decision.needs_leadership:
        _audit(decision.staff, "leadership_approved", by, decision, reason=decision.decision_reason)
    return _after_approval(decision, by, today)


def _after_approval(decision: CareerDecision, by: User, today: date | None) -> CareerDecision:
    if decision.needs_notice:
        start = today or timezone.localdate()
        decision.status = DecisionStatus.NOTICE
        decision.notice_start = start
        decision.notice_end = start + timedelta(days=NOTICE_DAYS - 1)
        decision.save()
        _audit(
            decision.staff,
            "notice_started",
            by,
            decision,
            start=str(decision.notice_start),
            end=str(decision.notice_end),
        )
        return decision
    decision.save()
    _apply(decision, by, note="approved")
    return decision


@transaction.atomic
def do_leadership_decide(
    *, decision: CareerDecision, approve: bool, reason: str, by: User, today: date | None = None
) -> CareerDecision:
    """The director's approval of a skip the committee approved."""
    if not access.can(by, "approve_as_leadership"):
        raise Forbidden(
            _(
                "Skipping a tier or level needs the branch (company) leadership's approval: "
                "only the director may approve it."
            ),
            code="not_director",
        )
    decision = CareerDecision.objects.select_for_update().get(pk=decision.pk)
    _check_status(decision, DecisionStatus.LEADERSHIP)
    text = _reason(reason)
    note = _("Leadership: %(text)s") % {"text": text}
    decision.decision_reason = f"{decision.decision_reason}\n{note}".strip()
    _audit(
        decision.staff,
        "leadership_" + ("approved" if approve else "rejected"),
        by,
        decision,
        reason=text,
    )
    if not approve:
        _not_approved(decision, by, "leadership")
        return decision
    return _after_approval(decision, by, today)


def _fallback_for_old_skip(
    decision: CareerDecision, profile: CareerProfile
) -> dict[str, Any] | None:
    """A skip stored before skips carried their fallback: its window evaluated again without
    the skip, against today's standards."""
    skips = (careers.Kind.SKIP_TIER.value, careers.Kind.SKIP_LEVEL.value)
    if decision.kind not in skips or not decision.window or profile.rank != decision.from_rank:
        return None
    c = candidate(profile, Quarter.parse(decision.window))
    return _fallback_json(careers.evaluate(replace(c, outstanding=False), standards()))


def _not_approved(decision: CareerDecision, by: User | None, who: str) -> None:
    """A promotion not approved by ``who`` (the committee, the leadership, or an upheld
    objection). A skip falls back, in the same window, to the decision it carries: the
    one-tier step up is automatic when its standard was met (seed 004: 晋档 “可以自动晋升
    一档”), so it is recorded with its reasons and applied; otherwise the rank stays."""
    decision.status = DecisionStatus.REJECTED
    profile = CareerProfile.objects.select_for_update().get(staff=decision.staff)
    fallback = decision.fallback or _fallback_for_old_skip(decision, profile)
    if not fallback:
        decision.save()
        return
    move = {"kind": decision.kind, "from": decision.from_rank, "to": decision.to_rank}
    added = [{"code": "skip_rejected", "params": {**move, "by": who}}]
    moves = fallback["to_rank"] != decision.from_rank
    stale = profile.rank != decision.from_rank  # e.g. demoted for a breach since the window
    if not stale:
        added += fallback["reasons"]
    elif moves:
        added.append({"code": "fallback_stale", "params": {"rank": profile.rank}})
    decision.reasons = [*decision.reasons, *added]
    details: dict[str, Any] = {"kind": decision.kind if stale else fallback["kind"]}
    if moves and not stale:
        decision.kind = fallback["kind"]
        decision.to_rank = fallback["to_rank"]
        details |= {"from_rank": decision.from_label, "to_rank": decision.to_label}
    decision.save()
    _audit(decision.staff, "fell_back", by, decision, **details, reasons=added)
    if moves and not stale:
        _apply(decision, by, note="fallback")


@transaction.atomic
def do_record_objection(
    *, decision: CareerDecision, text: str, by: User, today: date | None = None
) -> Objection:
    """Anyone on staff may object while the notice runs."""
    decision = CareerDecision.objects.select_for_update().get(pk=decision.pk)
    _check_status(decision, DecisionStatus.NOTICE)
    today = today or timezone.localdate()
    if decision.notice_end is not None and today > decision.notice_end:
        raise Conflict(
            _("The notice period ended on %(date)s; objections can no longer be raised.")
            % {"date": decision.notice_end},
            code="notice_ended",
        )
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write the objection."), code="required", field="text")
    obj = Objection.objects.create(decision=decision, text=text, raised_by=_user(by))
    _audit(decision.staff, "objection_raised", by, decision, objection=obj.pk, text=text)
    return obj


@transaction.atomic
def do_rule_objection(*, objection: Objection, uphold: bool, ruling: str, by: User) -> Objection:
    """The committee upholds (the promotion is not applied) or dismisses an objection."""
    access.require(by, "act_as_committee")
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != ObjectionStatus.OPEN:
        raise Conflict(_("The objection has already been ruled on."), code="already_ruled")
    objection.status = ObjectionStatus.UPHELD if uphold else ObjectionStatus.DISMISSED
    objection.ruling = _reason(ruling)
    objection.ruled_by = _user(by)
    objection.ruled_at = timezone.now()
    objection.save()
    decision = objection.decision
    _audit(
        decision.staff,
        "objection_" + objection.status,
        by,
        decision,
        objection=objection.pk,
        ruling=objection.ruling,
    )
    if uphold and decision.status == DecisionStatus.NOTICE:
        decision.decision_reason += "\n" + _("Objection upheld: %(ruling)s") % {
            "ruling": objection.ruling
        }
        _not_approved(decision, by, "objection")
    return objection


@transaction.atomic
def do_close_notices(
    *, department: MarketingDepartment, by: User | None = None, today: date | None = None
) -> list[CareerDecision]:
    """Apply every promotion whose week of notice has ended with no objection open or
    upheld; those with an open objection wait for the committee's ruling."""
    today = today or timezone.localdate()
    applied = []
    for d in CareerDecision.objects.select_for_update().filter(
        staff__department=department, status=DecisionStatus.NOTICE, notice_end__lt=today
    ):
        if d.objections.exclude(status=ObjectionStatus.DISMISSED).exists():
            continue
        _apply(d, by, note=_("Public notice ended without objection"))
        applied.append(d)
    return applied


@transaction.atomic
def do_breach_demotion(
    *, staff: Staff, by_level: bool, what: str, by: User, today: date | None = None
) -> CareerDecision:
    """The committee's immediate demotion of ``staff`` for a serious breach; it counts in the
    assessment window (quarter) of ``today`` when telling consecutive level demotions."""
    access.require(by, "act_as_committee")
    what = (what or "").strip()
    if not what:
        raise Invalid(_("State the facts of the breach."), code="required", field="what")
    profile = CareerProfile.objects.select_for_update().filter(staff=staff).first()
    if profile is None:
        raise Invalid(_("%(name)s: no career profile.") % {"name": staff.name}, code="no_profile")
    counts_in = Quarter.containing(today or timezone.localdate())
    try:
        d = careers.breach(
            staff.pk,
            profile.rank,
            by_level=by_level,
            after_level_down=after_level_down(staff, counts_in),
            what=what,
        )
    except ValueError as exc:  # the engine's reason: a code
        if isinstance(exc, Refusal) and exc.code == "trainee_floor":
            message = _("%(name)s is a trainee and cannot be demoted further.")
        else:
            message = _("%(name)s cannot be demoted.")
        raise Invalid(message % {"name": staff.name}, code="cannot_demote") from exc
    row = _decision_row(
        d,
        staff=staff,
        window="",
        inputs={
            "what": what,
            "by_level": by_level,
            "rank": profile.rank_label,
            "counts_in": str(counts_in),
        },
        by=by,
    )
    row.decided_by = _user(by)
    row.decision_reason = what
    row.save()
    _audit(staff, "breach", by, row, what=what, by_level=by_level)
    _apply(row, by, note=_("Immediate demotion for a breach"))
    return row


@transaction.atomic
def do_save_profile(
    *,
    staff: Staff,
    rank: int,
    in_post_since: date,
    level_since: date,
    education: int,
    training_passed: bool,
    outstanding: bool,
    by: User,
) -> CareerProfile:
    """Create or correct a person's career profile (committee only); audited."""
    access.require(by, "act_as_committee")
    if not 0 <= rank <= careers.TOP:
        raise Invalid(
            _("The rank must be 0–%(top)s.") % {"top": careers.TOP},
            code="out_of_range",
            field="rank",
        )
    if level_since < in_post_since:
        raise Invalid(
            _("The current level cannot start before the post was taken up."),
            code="before_in_post",
            field="level_since",
        )
    profile, created = CareerProfile.objects.update_or_create(
        staff=staff,
        defaults={
            "rank": rank,
            "in_post_since": in_post_since,
            "level_since": level_since,
            "education": education,
            "training_passed": training_passed,
            "outstanding": outstanding,
        },
    )
    _audit(
        staff,
        "profile_created" if created else "profile_changed",
        by,
        rank=careers.rank_label(rank),
        education=education,
        training_passed=training_passed,
        outstanding=outstanding,
    )
    return profile


@transaction.atomic
def do_enrol_managers(
    *, department: MarketingDepartment, since: date, by: User | None = None
) -> list[CareerProfile]:
    """Give every active customer manager of ``department`` without a career profile a 见习
    profile in post since ``since`` (education 高中, training not yet passed); the committee
    corrects each on the career page. Audited."""
    made = []
    for m in managers_of(department):
        if CareerProfile.objects.filter(staff=m).exists():
            continue
        made.append(
            CareerProfile.objects.create(
                staff=m, rank=careers.TRAINEE, in_post_since=since, level_since=since
            )
        )
        _audit(m, "profile_created", by, rank=careers.rank_label(careers.TRAINEE), since=str(since))
    return made


STANDARD_FIELDS = (
    "min_score",
    "min_months_in_post",
    "min_months_at_level",
    "min_education",
    "training_required",
)
# Thresholds that may not fall going up the ladder (months at level restart with each tier).
RISING = ("min_score", "min_months_in_post", "min_education")


@transaction.atomic
def do_update_tier_standards(
    *, values: dict[int, dict[str, Any]], reason: str, by: User
) -> list[TierStandardChange]:
    """Replace the tier standards with ``values`` (rank → field → value, every rank); only
    the committee may. Checks each field's range and that the score, months in post and
    education never fall up the ladder; errors name the rank and field. Each changed field
    is recorded with who, when, the old and new value and the reason."""
    access.require(by, "act_as_committee")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give the reason for the change."), code="required", field="reason")
    errors: list[Problem] = []
    missing = [rank_name(r) for r in range(careers.RANK_COUNT) if r not in values]
    if missing:
        raise Invalid(
            _("Standards are missing for these ranks: %(ranks)s.") % {"ranks": "、".join(missing)},
            code="missing_ranks",
        )
    rows = {s.rank: s for s in TierStandard.objects.select_for_update()}
    new_rows = {}
    for rank in range(careers.RANK_COUNT):
        row = rows.get(rank) or TierStandard(rank=rank, min_score=0)
        old = {f: getattr(row, f) for f in STANDARD_FIELDS}
        for f in STANDARD_FIELDS:
            if f in values[rank]:
                setattr(row, f, values[rank][f])
        try:
            row.full_clean(validate_unique=False)
        except ValidationError as exc:  # the model's own field checks
            for f, errs in exc.message_dict.items():
                key = f"{careers.rank_label(rank)}.{f}"
                errors += [Problem("invalid", e, key) for e in errs]
        new_rows[rank] = (row, old)
    if not errors:
        labels = {
            "min_score": pgettext("tier standard", "Average score"),
            "min_months_in_post": pgettext("tier standard", "Months in post"),
            "min_education": pgettext("tier standard", "Education"),
        }
        for rank in range(1, careers.RANK_COUNT):
            here, below = new_rows[rank][0], new_rows[rank - 1][0]
            for f in RISING:
                if getattr(here, f) < getattr(below, f):
                    message = _("%(what)s (%(value)s) cannot be below %(rank)s's %(below)s.") % {
                        "what": labels[f],
                        "value": getattr(here, f),
                        "rank": rank_name(rank - 1),
                        "below": getattr(below, f),
                    }
                    key = f"{careers.rank_label(rank)}.{f}"
                    errors.append(Problem("below_lower_rank", message, key))
    if errors:
        raise Invalid(code="bad_standards", problems=errors)
    changes = []
    for rank, (row, old) in new_rows.items():
        diff = [f for f in STANDARD_FIELDS if getattr(row, f) != old[f] or row.pk is None]
        if not diff:
            continue
        row.save()
        for f in diff:
            changes.append(
                TierStandardChange.objects.create(
                    rank=rank,
                    field=f,
                    old=str(old[f]),
                    new=str(getattr(row, f)),
                    reason=reason,
                    changed_by=_user(by),
                )
            )
    return changes
