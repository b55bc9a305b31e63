"""Writes: monthly quotas, weekly allocation runs, their publication and recorded adjustments.

Order intake lives in :mod:`jinye.supply.intake`.
"""

from dataclasses import dataclass
from datetime import date

import polars as pl
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jinye import access
from jinye.catalog.models import Sku
from jinye.engines import allocation as alloc_engine
from jinye.engines import quota as quota_engine
from jinye.org.models import MarketingDepartment, Staff
from jinye.progress import ProgressFn, no_progress
from jinye.retailers.models import Retailer
from jinye.supply import inputs
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
from jinye.supply.periods import monday_of, month_of, parse_month

_BATCH = 2000


class SupplyError(ValueError):
    """A request the rules refuse; the message says why (shown to the user as is)."""


def policy_for(department: MarketingDepartment) -> QuotaPolicy:
    """The department's quota policy, created with the defaults on first use."""
    policy, _ = QuotaPolicy.objects.get_or_create(department=department)
    return policy


def rule_for(sku: Sku) -> SkuSupplyRule:
    """The SKU's allocation rule, created on first use (max-min fair, no caps)."""
    rule, _ = SkuSupplyRule.objects.get_or_create(
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
    month = parse_month(month)
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
            values = {
                "agreed": row["agreed"],
                "ceiling": row["ceiling"],
                "explanation": row["explanation"],
                "inputs": {
                    "scale": row["scale"],
                    "months": row["months"],
                    "history_avg": row["history_avg"],
                    "config": config.as_dict(),
                },
            }
            quota = existing.get(rid)
            if quota is None:
                created.append(MonthlyQuota(retailer_id=rid, month=month, ordered=0, **values))
            elif quota.adjustments.all():
                kept += 1
                continue
            else:
                for k, v in values.items():
                    setattr(quota, k, v)
                updated.append(quota)
            target = created[-1] if quota is None else quota
            target.ordered = used.get(rid, 0)
            target.ceiling = max(target.ceiling, target.ordered)
        progress(2, 3, label)
        MonthlyQuota.objects.bulk_create(created, batch_size=_BATCH)
        MonthlyQuota.objects.bulk_update(
            updated,
            ["agreed", "ceiling", "ordered", "explanation", "inputs", "computed_at"],
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
        months.setdefault(month_of(day), set()).add(rid)
        weeks.setdefault(monday_of(day), set()).add(rid)
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
        raise SupplyError("调整总量必须填写原因")
    if new_ceiling < 0:
        raise SupplyError("总量上限不能为负数")
    with transaction.atomic():
        locked = MonthlyQuota.objects.select_for_update().get(pk=quota.pk)
        if new_ceiling < locked.ordered:
            raise SupplyError(f"新上限{new_ceiling}条低于本月已订{locked.ordered}条")
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
        raise SupplyError("货源数量不能为负数")
    row, _ = WeeklySupply.objects.update_or_create(
        week=monday_of(week), sku=sku, defaults={"quantity": quantity}
    )
    return row


def do_allocate(
    *,
    week: date,
    sku: Sku,
    department: MarketingDepartment,
    supply: int | None = None,
    requests: dict[int, int] | None = None,
    user: User | None = None,
    progress: ProgressFn = no_progress,
) -> AllocationRun:
    """Allocate ``sku``'s supply for ``week`` among ``department``'s open retailers and store
    the run (rules, supply, each retailer's request, allowance and explanation) as a draft.
    An unpublished run of the same week is replaced in the same transaction; a published
    one is refused (change it by adjustments). ``supply`` defaults to the week's recorded
    supply; ``requests`` (retailer id → 条) default to recorded demand or recent orders."""
    week = monday_of(week)
    label = f"allocate {sku.code} {week}"
    if not sku.active:
        raise SupplyError(f"品规 {sku.code} 已停用")
    if supply is None:
        row = WeeklySupply.objects.filter(week=week, sku=sku).first()
        if row is None:
            raise SupplyError(f"{week} 周没有录入品规 {sku.code} 的货源数量")
        supply = row.quantity
    rule = rule_for(sku)
    config = rule.engine_config()
    with transaction.atomic():
        previous = (
            AllocationRun.objects.select_for_update()
            .filter(week=week, sku=sku, department=department)
            .first()
        )
        if previous is not None and previous.status == RunStatus.PUBLISHED:
            raise SupplyError(f"{week} 周品规 {sku.code} 的配额已发布，只能通过调整记录修改")
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
            method=rule.method,
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
                    explanation=r["explanation"],
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
            raise SupplyError("该配额已发布")
        locked.status = RunStatus.PUBLISHED
        locked.published_by = user
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_by", "published_at"])
    return locked


def do_adjust_allowance(
    *, allowance: Allowance, new_quantity: int, reason: str, user: User
) -> None:
    """Change a published allowance with a recorded reason; never below what is ordered."""
    reason = reason.strip()
    if not reason:
        raise SupplyError("调整配额必须填写原因")
    if new_quantity < 0:
        raise SupplyError("配额不能为负数")
    with transaction.atomic():
        locked = Allowance.objects.select_for_update().get(pk=allowance.pk)
        if locked.run.status != RunStatus.PUBLISHED:
            raise SupplyError("配额尚未发布：草稿请重新分配，无需调整")
        if new_quantity < locked.ordered:
            raise SupplyError(f"新配额{new_quantity}条低于已订{locked.ordered}条")
        AllowanceAdjustment.objects.create(
            allowance=locked,
            old_quantity=locked.quantity,
            new_quantity=new_quantity,
            reason=reason,
            adjusted_by=user,
        )
        AllocationRun.objects.filter(pk=locked.run_id).update(
            allocated=F("allocated") + (new_quantity - locked.quantity)
        )
        locked.quantity = new_quantity
        locked.save(update_fields=["quantity"])


def do_record_demand(
    *, retailer: Retailer, recorded_by: Staff, lines: dict[str, int], on: date
) -> DemandRecord:
    """Record the demand a retailer gave its customer manager (it cannot order itself):
    ``lines`` maps SKU code → 条. Only the retailer's own customer manager records it."""
    if not access.can(recorded_by, "record_demand", retailer):
        raise SupplyError("只有该客户的客户经理可以登记其需求")
    if not lines:
        raise SupplyError("需求记录没有任何品规")
    known = set(
        Sku.objects.filter(code__in=list(lines), active=True).values_list("code", flat=True)
    )
    for code, qty in lines.items():
        if code not in known:
            raise SupplyError(f"品规代码“{code}”不存在或已停用")
        if not isinstance(qty, int) or isinstance(qty, bool) or qty <= 0:
            raise SupplyError(f"品规 {code} 的需求数量必须是正整数条")
    return DemandRecord.objects.create(
        retailer=retailer, lines=dict(lines), recorded_by=recorded_by, recorded_on=on
    )


def _lock_pending(demand: DemandRecord, staff: Staff, action: str) -> DemandRecord:
    if not access.can(staff, "verify_demand", demand):
        raise SupplyError(f"只有该片区的市场经理可以{action}需求")
    locked = DemandRecord.objects.select_for_update().get(pk=demand.pk)
    if locked.verified_at is not None:
        raise SupplyError("该需求记录已核实")
    if locked.rejected_at is not None:
        raise SupplyError("该需求记录已被驳回")
    return locked


def do_verify_demand(*, demand: DemandRecord, verified_by: Staff) -> DemandRecord:
    """A market manager of the retailer's area verifies and signs the recorded demand."""
    with transaction.atomic():
        locked = _lock_pending(demand, verified_by, "核实")
        locked.verified_by = verified_by
        locked.verified_at = timezone.now()
        locked.save(update_fields=["verified_by", "verified_at"])
    return locked


def do_reject_demand(*, demand: DemandRecord, rejected_by: Staff, reason: str) -> DemandRecord:
    """A market manager of the retailer's area rejects the recorded demand, with a reason;
    no order can be placed from it."""
    reason = reason.strip()
    if not reason:
        raise SupplyError("驳回需求必须填写原因")
    with transaction.atomic():
        locked = _lock_pending(demand, rejected_by, "驳回")
        locked.rejected_by = rejected_by
        locked.rejected_at = timezone.now()
        locked.rejection_reason = reason
        locked.save(update_fields=["rejected_by", "rejected_at", "rejection_reason"])
    return locked
