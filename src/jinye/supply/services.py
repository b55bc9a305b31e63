"""Writes: monthly quotas, weekly allocation runs, their publication and recorded adjustments.

Order intake lives in :mod:`jinye.supply.intake`.
"""

import dataclasses
from dataclasses import dataclass
from datetime import date

import polars as pl
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jinye import access, limits
from jinye.catalog.models import Sku
from jinye.engines import allocation as alloc_engine
from jinye.engines import quota as quota_engine
from jinye.errors import Conflict, Forbidden, Invalid
from jinye.org.models import MarketingDepartment, Staff
from jinye.periods import Month, Week
from jinye.progress import ProgressFn, no_progress
from jinye.retailers.models import Retailer
from jinye.supply import explain, inputs
from jinye.supply.models import (
    AllocationRun,
    Allowance,
    AllowanceAdjustment,
    DemandRecord,
    MonthlyQuota,
    QuotaAdjustment,
    QuotaPolicy,
    RunStatus,
    SkuSupplyRule,
    WeeklySupply,
)

_BATCH = 2000


def policy_for(department: MarketingDepartment) -> QuotaPolicy:
    """The department's quota policy, created with the defaults on first use."""
    policy, _created = QuotaPolicy.objects.get_or_create(department=department)
    return policy


def rule_for(sku: Sku) -> SkuSupplyRule:
    """The SKU's allocation rule, created on first use (max-min fair, no caps)."""
    rule, _created = SkuSupplyRule.objects.get_or_create(
        sku=sku, defaults={"method": alloc_engine.METHODS[2]}
    )
    return rule


@dataclass(frozen=True)
class QuotaSummary:
    month: str
    created: int
    updated: int
    kept_adjusted: int


def do_compute_quotas(
    *,
    month: str,
    department: MarketingDepartment,
    progress: ProgressFn = no_progress,
) -> QuotaSummary:
    """Compute the agreed totals of ``department``'s open retailers for ``month`` from the
    previous months' purchases and each retailer's scale, in one transaction. A quota that
    has recorded adjustments keeps its adjusted ceiling; ``ordered`` is set from the orders
    already in the month."""
    month = str(Month.parse(month))
    label = f"quotas {department.code} {month}"
    config = policy_for(department).engine_config()
    with transaction.atomic():
        retailers = inputs.open_retailers(department)
        history = inputs.monthly_history(department, month, config.history_months)
        result = quota_engine.monthly_totals(retailers, history, config)
        progress(1, 3, label)
        ids = result["retailer_id"].to_list()
        existing = {
            q.retailer_id: q
            for q in MonthlyQuota.objects.select_for_update()
            .filter(month=month, retailer_id__in=ids)
            .prefetch_related("adjustments")
        }
        used = inputs.ordered_in_month(ids, month)
        created: list[MonthlyQuota] = []
        updated: list[MonthlyQuota] = []
        kept = 0
        for row in result.iter_rows(named=True):
            rid = row["retailer_id"]
            ordered = used.get(rid, 0)
            values = {
                "agreed": row["agreed"],
                # Orders placed before the total was set stand: the limit is never below them.
                "ceiling": max(row["ceiling"], ordered),
                "ordered": ordered,
                "explanation_data": explain.quota_data(row, ordered=ordered),
                "inputs": {
                    "scale": row["scale"],
                    "band": row["band"],
                    "months": row["months"],
                    "history_avg": row["history_avg"],
                    "config": config.as_dict(),
                },
            }
            quota = existing.get(rid)
            if quota is None:
                created.append(MonthlyQuota(retailer_id=rid, month=month, **values))
            elif quota.adjustments.all():
                kept += 1
                continue
            else:
                for k, v in values.items():
                    setattr(quota, k, v)
                updated.append(quota)
        progress(2, 3, label)
        MonthlyQuota.objects.bulk_create(created, batch_size=_BATCH)
        MonthlyQuota.objects.bulk_update(
            updated,
            [
                "agreed",
                "ceiling",
                "ordered",
                "explanation",
                "explanation_data",
                "inputs",
                "computed_at",
            ],
            batch_size=_BATCH,
        )
        progress(3, 3, label)
    return QuotaSummary(month, len(created), len(updated), kept)


@dataclass(frozen=True)
class OverLimit:
    """A counter that stored orders would push past its limit (a month's total, or a
    week's allowance of one SKU)."""

    retailer_id: int
    period: str  # the month ("2026-12") or the week's Monday ("2026-12-07")
    sku_id: int | None  # None for the month's total
    ordered: int
    limit: int


def do_recount_ordered(*, retailer_days: set[tuple[int, date]]) -> list[OverLimit]:
    """Set the month's totals and the week's allowances touched by orders written outside
    intake (an import) to what the stored orders, cancelled ones aside, hold: for every
    (retailer, order date) given, that month's quota and that week's allowances.

    Runs inside the caller's transaction and locks the rows in intake's order (quotas, then
    allowances). Counters that would pass their limit are left alone and returned; the
    caller then refuses the whole write (the check constraints would refuse it anyway)."""
    over: list[OverLimit] = []
    months: dict[str, set[int]] = {}
    weeks: dict[date, set[int]] = {}
    for rid, day in retailer_days:
        months.setdefault(str(Month.containing(day)), set()).add(rid)
        weeks.setdefault(Week.containing(day).first, set()).add(rid)
    quotas: list[MonthlyQuota] = []
    for month, ids in sorted(months.items()):
        rows = [
            q
            for part in _parts(ids)
            for q in MonthlyQuota.objects.select_for_update()
            .filter(month=month, retailer_id__in=part)
            .order_by("retailer_id")
        ]
        used: dict[int, int] = {}
        for part in _parts({q.retailer_id for q in rows}):
            used.update(inputs.ordered_in_month(part, month))
        for q in rows:
            n = used.get(q.retailer_id, 0)
            if n > q.ceiling:
                over.append(OverLimit(q.retailer_id, month, None, n, q.ceiling))
            elif n != q.ordered:
                q.ordered = n
                quotas.append(q)
    allowances: list[Allowance] = []
    for week, ids in sorted(weeks.items()):
        found = [
            a
            for part in _parts(ids)
            for a in Allowance.objects.select_for_update()
            .filter(week=week, retailer_id__in=part)
            .order_by("retailer_id", "sku_id")
        ]
        used_week: dict[tuple[int, int], int] = {}
        for part in _parts({a.retailer_id for a in found}):
            used_week.update(inputs.ordered_in_week(part, week))
        for a in found:
            n = used_week.get((a.retailer_id, a.sku_id), 0)
            if n > a.quantity:
                over.append(OverLimit(a.retailer_id, week.isoformat(), a.sku_id, n, a.quantity))
            elif n != a.ordered:
                a.ordered = n
                allowances.append(a)
    MonthlyQuota.objects.bulk_update(quotas, ["ordered"], batch_size=_BATCH)
    Allowance.objects.bulk_update(allowances, ["ordered"], batch_size=_BATCH)
    return over


def _parts(ids: set[int], size: int = 5000) -> list[list[int]]:
    """``ids`` in ascending order, in pieces small enough for one ``IN (…)``."""
    ordered = sorted(ids)
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def do_adjust_quota(*, quota: MonthlyQuota, new_ceiling: int, reason: str, user: User) -> None:
    """Change a month's ceiling with a recorded reason (the director's review decision)."""
    reason = reason.strip()
    if not reason:
        raise Invalid(
            _("A reason is required to adjust the ceiling."), code="reason_required", field="reason"
        )
    if new_ceiling < 0:
        raise Invalid(_("The ceiling cannot be negative."), code="negative", field="new_ceiling")
    limits.MONTH_TOTAL.check(new_ceiling, field="new_ceiling", label=_("The new ceiling"))
    with transaction.atomic():
        locked = MonthlyQuota.objects.select_for_update().get(pk=quota.pk)
        if new_ceiling < locked.ordered:
            raise Invalid(
                _("The new ceiling of %(new)d cartons is below the %(ordered)d already ordered.")
                % {"new": new_ceiling, "ordered": locked.ordered},
                code="below_ordered",
                field="new_ceiling",
            )
        QuotaAdjustment.objects.create(
            quota=locked,
            old_ceiling=locked.ceiling,
            new_ceiling=new_ceiling,
            reason=reason,
            adjusted_by=user,
        )
        locked.ceiling = new_ceiling
        locked.save(update_fields=["ceiling"])


def do_set_weekly_supply(*, week: date, sku: Sku, quantity: int) -> WeeklySupply:
    if quantity < 0:
        raise Invalid(_("Supply cannot be negative."), code="negative", field="quantity")
    limits.WEEKLY_SUPPLY.check(quantity, field="quantity", label=sku.name)
    row, _created = WeeklySupply.objects.update_or_create(
        week=Week.containing(week).first, sku=sku, defaults={"quantity": quantity}
    )
    return row


def do_allocate(
    *,
    week: date,
    sku: Sku,
    department: MarketingDepartment,
    supply: int | None = None,
    requests: dict[int, int] | None = None,
    method: str | None = None,
    user: User | None = None,
    progress: ProgressFn = no_progress,
) -> AllocationRun:
    """Allocate ``sku``'s supply for ``week`` among ``department``'s open retailers and store
    the run (rules, supply, each retailer's request, allowance and explanation) as a draft.
    An unpublished run of the same week is replaced in the same transaction; a published
    one is refused (change it by adjustments). ``supply`` defaults to the week's recorded
    supply; ``requests`` (retailer id → 条) default to recorded demand or recent orders;
    ``method`` replaces the rule's method for this run only."""
    week = Week.containing(week).first
    label = f"allocate {sku.code} {week}"
    if not sku.active:
        raise Invalid(
            _("SKU %(code)s is inactive.") % {"code": sku.code}, code="sku_inactive", field="sku"
        )
    if supply is None:
        row = WeeklySupply.objects.filter(week=week, sku=sku).first()
        if row is None:
            raise Invalid(
                _("No supply is recorded for SKU %(code)s in the week of %(week)s.")
                % {"code": sku.code, "week": week},
                code="no_supply",
                field="supply",
            )
        supply = row.quantity
    rule = rule_for(sku)
    try:
        config = rule.engine_config()
        if method:
            config = dataclasses.replace(config, method=method)  # type: ignore[arg-type]
    except ValueError as exc:  # a rule stored before its checks existed (e.g. a tilt < 1)
        raise Invalid(
            _(
                "The allocation rule of SKU %(code)s is not valid (a by-tier rule needs a tier "
                "table; a rural tilt must be at least 1): correct it first."
            )
            % {"code": sku.code},
            code="bad_rule",
            field="sku",
        ) from exc
    with transaction.atomic():
        previous = (
            AllocationRun.objects.select_for_update()
            .filter(week=week, sku=sku, department=department)
            .first()
        )
        if previous is not None and previous.status == RunStatus.PUBLISHED:
            raise Conflict(
                _(
                    "The allowances of SKU %(code)s for the week of %(week)s are published; "
                    "change them by adjustments."
                )
                % {"code": sku.code, "week": week},
                code="already_published",
            )
        retailers = inputs.open_retailers(department)
        wanted = requests if requests is not None else inputs.weekly_requests(department, sku, week)
        frame = retailers.with_columns(
            pl.col("retailer_id")
            .replace_strict(wanted, default=0, return_dtype=pl.Int64)
            .alias("request")
        )
        result = alloc_engine.allocate(frame, supply, config)
        progress(1, 2, label)
        if previous is not None:
            previous.delete()
        run = AllocationRun.objects.create(
            week=week,
            sku=sku,
            department=department,
            method=config.method,
            supply=supply,
            allocated=int(result["allowance"].sum()),
            requested=int(result["request"].sum()),
            retailer_count=result.height,
            config=config.as_dict(),
            run_by=user,
        )
        Allowance.objects.bulk_create(
            (
                Allowance(
                    run=run,
                    retailer_id=r["retailer_id"],
                    sku=sku,
                    week=week,
                    tier=r["tier"],
                    scale=r["scale"],
                    request=r["request"],
                    cap=r["cap"],
                    quantity=r["allowance"],
                    rule=r["rule"],
                    explanation_data=explain.allowance_data(
                        r, supply=supply, demand=run.requested, method=config.method
                    ),
                )
                for r in result.iter_rows(named=True)
            ),
            batch_size=_BATCH,
        )
        progress(2, 2, label)
    return run


def do_publish(*, run: AllocationRun, user: User | None) -> AllocationRun:
    """Publish a draft run: its allowances now bind order intake and are shown to retailers."""
    with transaction.atomic():
        locked = AllocationRun.objects.select_for_update().get(pk=run.pk)
        if locked.status == RunStatus.PUBLISHED:
            raise Conflict(_("The allowances are already published."), code="already_published")
        locked.status = RunStatus.PUBLISHED
        locked.published_by = user
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_by", "published_at"])
    return locked


def do_adjust_allowance(
    *,
    allowance: Allowance,
    new_quantity: int,
    reason: str,
    user: User,
    override: bool = False,
) -> AllowanceAdjustment:
    """Change a published allowance with a recorded reason; never below what is ordered.

    A raise may not take the run over its supply (``over_supply``) nor the retailer over its
    cap (``over_cap``) unless ``override`` is given: the adjustment then records that it was
    an override. Lowering an allowance is always allowed (down to what is ordered). The run's
    row is locked first, so concurrent adjustments of one run are serialised and cannot
    together exceed its supply. The retailer's explanation shows the new figure and reason."""
    reason = reason.strip()
    if not reason:
        raise Invalid(
            _("A reason is required to adjust an allowance."),
            code="reason_required",
            field="reason",
        )
    if new_quantity < 0:
        raise Invalid(_("An allowance cannot be negative."), code="negative", field="quantity")
    limits.ALLOWANCE.check(new_quantity, field="quantity", label=_("The new allowance"))
    with transaction.atomic():
        run = AllocationRun.objects.select_for_update().get(pk=allowance.run_id)
        locked = Allowance.objects.select_for_update().get(pk=allowance.pk)
        if run.status != RunStatus.PUBLISHED:
            raise Conflict(
                _("The allowances are not published yet: allocate the draft again instead."),
                code="not_published",
            )
        if new_quantity < locked.ordered:
            raise Invalid(
                _("The new allowance of %(new)d cartons is below the %(ordered)d already ordered.")
                % {"new": new_quantity, "ordered": locked.ordered},
                code="below_ordered",
                field="quantity",
            )
        others = (
            Allowance.objects.filter(run=run)
            .exclude(pk=locked.pk)
            .aggregate(total=Sum("quantity"))["total"]
            or 0
        )
        raised = new_quantity > locked.quantity
        limit = max(run.supply - others, 0)
        over_cap = raised and locked.cap is not None and new_quantity > locked.cap
        over_supply = raised and new_quantity > limit
        if over_cap and not override:
            raise Invalid(
                _(
                    "The new allowance of %(new)d cartons is over this retailer's per-order "
                    "cap of %(cap)d cartons; to go over it, adjust with an override."
                )
                % {"new": new_quantity, "cap": locked.cap},
                code="over_cap",
                field="quantity",
            )
        if over_supply and not override:
            raise Invalid(
                _(
                    "The new allowance of %(new)d cartons would take the run over its "
                    "supply of %(supply)d cartons: %(others)d are allotted to other "
                    "retailers, so this retailer may have at most %(limit)d; to go over "
                    "it, adjust with an override."
                )
                % {"new": new_quantity, "supply": run.supply, "others": others, "limit": limit},
                code="over_supply",
                field="quantity",
            )
        adjustment = AllowanceAdjustment.objects.create(
            allowance=locked,
            old_quantity=locked.quantity,
            new_quantity=new_quantity,
            reason=reason,
            override=over_cap or over_supply,
            adjusted_by=user,
        )
        run.allocated = others + new_quantity
        run.save(update_fields=["allocated"])
        locked.quantity = new_quantity
        locked.explanation_data = explain.with_adjustment(
            locked.explanation_data, new=new_quantity, reason=reason
        )
        locked.save(update_fields=["quantity", "explanation_data"])
    return adjustment


def do_record_demand(
    *, retailer: Retailer, recorded_by: Staff, lines: dict[str, int], on: date
) -> DemandRecord:
    """Record the demand a retailer gave its customer manager (it cannot order itself):
    ``lines`` maps SKU code → 条. Only the retailer's own customer manager records it."""
    if not access.can(recorded_by, "record_demand", retailer):
        raise Forbidden(
            _("Only the retailer's customer manager may record its demand."),
            code="not_customer_manager",
        )
    if not lines:
        raise Invalid(_("The demand names no SKU."), code="no_lines", field="lines")
    known = set(
        Sku.objects.filter(code__in=list(lines), active=True).values_list("code", flat=True)
    )
    for code, qty in lines.items():
        if code not in known:
            raise Invalid(
                _("SKU code “%(code)s” does not exist or is inactive.") % {"code": code},
                code="unknown_sku",
                field="lines",
            )
        if not isinstance(qty, int) or isinstance(qty, bool) or qty <= 0:
            raise Invalid(
                _("The demand for SKU %(code)s must be a positive whole number of cartons.")
                % {"code": code},
                code="bad_quantity",
                field="lines",
            )
        limits.ORDER_LINE.check(qty, field="lines", label=_("SKU %(code)s") % {"code": code})
    return DemandRecord.objects.create(
        retailer=retailer, lines=dict(lines), recorded_by=recorded_by, recorded_on=on
    )


def _lock_pending(demand: DemandRecord, staff: Staff, refusal: str) -> DemandRecord:
    """``refusal``: the message for a staff member who may not act on ``demand``."""
    if not access.can(staff, "verify_demand", demand):
        raise Forbidden(refusal, code="not_market_manager")
    locked = DemandRecord.objects.select_for_update().get(pk=demand.pk)
    if locked.verified_at is not None:
        raise Conflict(_("The demand is already verified."), code="already_verified")
    if locked.rejected_at is not None:
        raise Conflict(_("The demand is already rejected."), code="already_rejected")
    return locked


def do_verify_demand(*, demand: DemandRecord, verified_by: Staff) -> DemandRecord:
    """A market manager of the retailer's area verifies and signs the recorded demand."""
    with transaction.atomic():
        refusal = _("Only the area's market manager may verify the demand.")
        locked = _lock_pending(demand, verified_by, refusal)
        locked.verified_by = verified_by
        locked.verified_at = timezone.now()
        locked.save(update_fields=["verified_by", "verified_at"])
    return locked


def do_reject_demand(*, demand: DemandRecord, rejected_by: Staff, reason: str) -> DemandRecord:
    """A market manager of the retailer's area rejects the recorded demand, with a reason;
    no order can be placed from it."""
    reason = reason.strip()
    if not reason:
        raise Invalid(
            _("A reason is required to reject demand."), code="reason_required", field="reason"
        )
    with transaction.atomic():
        refusal = _("Only the area's market manager may reject the demand.")
        locked = _lock_pending(demand, rejected_by, refusal)
        locked.rejected_by = rejected_by
        locked.rejected_at = timezone.now()
        locked.rejection_reason = reason
        locked.save(update_fields=["rejected_by", "rejected_at", "rejection_reason"])
    return locked
