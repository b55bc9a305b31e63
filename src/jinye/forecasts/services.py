"""Writes: forecast rounds (open, enter, correct, review, submit), statistical runs, scoring.

Every write is one transaction; a rejected call raises a :mod:`jinye.errors` refusal
(``Invalid``, ``Conflict``, ``Forbidden``) before anything is stored.
"""

import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinye import access, limits
from jinye.catalog.models import Sku
from jinye.engines.forecast import ForecastConfig
from jinye.errors import Conflict, Invalid, Problem
from jinye.forecasts import history
from jinye.forecasts.models import (
    ChangeKind,
    CollectedForecast,
    ForecastCorrection,
    ForecastRound,
    RoundRetailer,
    RoundScope,
    RoundStatus,
    StatisticalForecast,
    StatisticalRun,
)
from jinye.org.models import MarketingDepartment
from jinye.progress import ProgressFn, no_progress
from jinye.retailers.models import Retailer

_BATCH = 5000


@dataclass(frozen=True)
class Entry:
    """One collected value to store: ``row`` is its source line (0 for a form)."""

    retailer_id: int
    sku_id: int
    qty: int
    row: int = 0


def first_of_month(value: date) -> date:
    return value.replace(day=1)


def sample_retailers(ids: Sequence[int], scope: str, seed: int) -> list[int]:
    """The retailers a round asks: all, or ⌈n/3⌉ drawn with ``seed`` from the sorted ids."""
    ordered = sorted(ids)
    if scope == RoundScope.ALL:
        return ordered
    if scope != RoundScope.THIRD:
        raise Invalid(
            _("Scope must be “all” or “third”, not “%(scope)s”.") % {"scope": scope},
            code="bad_scope",
            field="scope",
        )
    k = math.ceil(len(ordered) / 3)
    return sorted(random.Random(seed).sample(ordered, k))


def do_open_round(
    *,
    department: MarketingDepartment,
    month: date,
    sku_ids: Sequence[int],
    deadline: datetime,
    scope: str = RoundScope.THIRD,
    seed: int = 0,
    opened_by: User | None = None,
) -> ForecastRound:
    """Open ``month``'s round for ``department``. The standard's default scope is a random
    third of the open retailers; ``all`` asks every open retailer."""
    month = first_of_month(month)
    if not sku_ids:
        raise Invalid(_("Name at least one SKU to forecast."), code="no_skus", field="skus")
    skus = list(Sku.objects.filter(pk__in=sku_ids, active=True))
    missing = sorted(set(sku_ids) - {s.pk for s in skus})
    if missing:
        raise Invalid(
            _("SKU(s) not found or inactive: %(ids)s.") % {"ids": ", ".join(map(str, missing))},
            code="unknown_sku",
            field="skus",
        )
    if ForecastRound.objects.filter(department=department, month=month).exists():
        raise Conflict(
            _("%(month)s already has a round.") % {"month": f"{month:%Y-%m}"},
            code="round_exists",
            field="month",
        )
    ids = list(
        Retailer.objects.filter(area__department=department, status="open").values_list(
            "pk", flat=True
        )
    )
    chosen = sample_retailers(ids, scope, seed)
    with transaction.atomic():
        rnd = ForecastRound.objects.create(
            department=department,
            month=month,
            deadline=deadline,
            scope=scope,
            seed=seed,
            opened_by=opened_by,
        )
        rnd.skus.set(skus)
        RoundRetailer.objects.bulk_create(
            RoundRetailer(round=rnd, retailer_id=rid) for rid in chosen
        )
    return rnd


def do_enter_forecasts(
    *,
    round: ForecastRound,
    user: User,
    entries: Sequence[Entry],
    now: datetime | None = None,
) -> int:
    """Store a customer manager's collected values for their own retailers before the
    deadline, all or nothing. Returns how many values changed."""
    now = now or timezone.now()
    staff = access.require(user, "enter_forecasts")
    if round.status != RoundStatus.OPEN:
        raise Conflict(_("The round is closed for entry."), code="round_closed")
    if now > round.deadline:
        raise Conflict(
            _("The deadline (%(deadline)s) has passed.")
            % {"deadline": f"{timezone.localtime(round.deadline):%Y-%m-%d %H:%M}"},
            code="deadline_passed",
        )
    own = set(
        RoundRetailer.objects.filter(round=round, retailer__customer_manager=staff).values_list(
            "retailer_id", flat=True
        )
    )
    round_skus = set(round.skus.values_list("pk", flat=True))
    problems: list[Problem] = []
    for e in entries:
        row = e.row or None
        if e.retailer_id not in own:
            message = _("Retailer %(id)d is not yours in this round.") % {"id": e.retailer_id}
            problems.append(Problem("retailer_not_yours", message, "retailer", row))
        if e.sku_id not in round_skus:
            message = _("SKU %(id)d is not in this round.") % {"id": e.sku_id}
            problems.append(Problem("sku_not_in_round", message, "sku", row))
        if e.qty < 0:
            problems.append(Problem("negative_qty", _("Quantity must be ≥ 0."), "qty", row))
        elif (refusal := limits.FORECAST.refusal(e.qty, label=_("Quantity"))) is not None:
            problems.append(Problem(refusal[0], refusal[1], "qty", row))
    if problems:
        raise Invalid(problems=problems)
    changed = 0
    with transaction.atomic():
        for e in entries:
            changed += _set_value(
                round, e.retailer_id, e.sku_id, e.qty, user, now, ChangeKind.ENTRY, ""
            )
    return changed


def _set_value(
    rnd: ForecastRound,
    retailer_id: int,
    sku_id: int,
    qty: int,
    user: User,
    now: datetime,
    kind: str,
    reason: str,
) -> int:
    fc = (
        CollectedForecast.objects.select_for_update()
        .filter(round=rnd, retailer_id=retailer_id, sku_id=sku_id)
        .first()
    )
    if fc is not None and fc.qty == qty:
        return 0
    old = fc.qty if fc else None
    if fc is None:
        fc = CollectedForecast.objects.create(
            round=rnd,
            retailer_id=retailer_id,
            sku_id=sku_id,
            qty=qty,
            entered_by=user,
            entered_at=now,
            updated_at=now,
        )
    else:
        fc.qty = qty
        fc.updated_at = now
        fc.save(update_fields=["qty", "updated_at"])
    ForecastCorrection.objects.create(
        forecast=fc,
        kind=kind,
        changed_by=user,
        changed_at=now,
        old_qty=old,
        new_qty=qty,
        reason=reason,
    )
    return 1


def do_correct_forecast(
    *,
    forecast: CollectedForecast,
    qty: int,
    user: User,
    reason: str = "",
    now: datetime | None = None,
) -> CollectedForecast:
    """A market manager (their area) or the director corrects a collected value before the
    round is submitted; the old and new values are kept."""
    now = now or timezone.now()
    access.require(user, "correct_forecasts", forecast)
    if forecast.round.status == RoundStatus.SUBMITTED:
        raise Conflict(_("The round has been submitted; values are final."), code="round_submitted")
    if qty < 0:
        raise Invalid(_("Quantity must be ≥ 0."), code="negative_qty", field="qty")
    limits.FORECAST.check(qty, field="qty", label=_("Quantity"))
    with transaction.atomic():
        _set_value(
            forecast.round,
            forecast.retailer_id,
            forecast.sku_id,
            qty,
            user,
            now,
            ChangeKind.CORRECTION,
            reason[:200],
        )
    forecast.refresh_from_db()
    return forecast


def do_review_round(*, round: ForecastRound, user: User) -> ForecastRound:
    """The director marks the round reviewed: entry closes for every area."""
    access.require(user, "close_forecast_round", round)
    if round.status != RoundStatus.OPEN:
        raise Conflict(
            _("A round that is “%(status)s” cannot be reviewed.")
            % {"status": round.get_status_display()},
            code="round_not_open",
        )
    round.status = RoundStatus.REVIEWED
    round.reviewed_by = user
    round.reviewed_at = timezone.now()
    round.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return round


def do_submit_round(*, round: ForecastRound, user: User) -> ForecastRound:
    """The director submits the reviewed round; its values are final from then on."""
    access.require(user, "submit_forecast_round", round)
    if round.status != RoundStatus.REVIEWED:
        raise Conflict(_("Only a reviewed round can be submitted."), code="round_not_reviewed")
    round.status = RoundStatus.SUBMITTED
    round.submitted_by = user
    round.submitted_at = timezone.now()
    round.save(update_fields=["status", "submitted_by", "submitted_at"])
    return round


def do_run_statistical_forecast(
    *,
    department: MarketingDepartment,
    month: date,
    run_by: User | None = None,
    config: ForecastConfig | None = None,
    sku_ids: Sequence[int] | None = None,
    progress: ProgressFn = no_progress,
) -> StatisticalRun:
    """Forecast ``month`` for every retailer×SKU of ``department`` with order history, and
    replace that month's earlier statistical forecasts (one transaction). ``config`` narrows
    the candidate models and ``sku_ids`` the SKUs (the demo uses both to stay quick);
    default: the engine's models, every SKU."""
    from jinye.engines.forecast import forecast_month

    month = first_of_month(month)
    label = f"forecast {department.code} {month:%Y-%m}"
    progress(0, 3, label)
    sales = history.weekly_sales_frame(department, before=month)
    if sku_ids is not None:
        sales = sales.filter(pl.col("sku_id").is_in(list(sku_ids)))
    if sales.is_empty():
        raise Invalid(
            _("%(department)s has no orders before %(month)s.")
            % {"department": department.code, "month": f"{month:%Y-%m}"},
            code="no_history",
        )
    progress(1, 3, label)
    started = time.perf_counter()
    result = forecast_month(sales, month, config=config)
    seconds = time.perf_counter() - started
    progress(2, 3, label)
    counts = result.retailer.group_by("model").len().iter_rows()
    backtest: dict[str, dict[str, float]] = {}
    for key, model, mae in (
        result.backtest.filter(level="area").select("key", "model", "mae").iter_rows()
    ):
        backtest.setdefault(key, {})[model] = round(mae, 3)
    area_totals = [
        {**row, "backtest_mae": backtest.get(f"{row['area_id']}|{row['sku_id']}", {})}
        for row in result.area.to_dicts()
    ]
    with transaction.atomic():
        StatisticalRun.objects.filter(department=department, month=month).delete()
        run = StatisticalRun.objects.create(
            department=department,
            month=month,
            history_end=result.history_end,
            horizon_weeks=result.horizon_weeks,
            run_by=run_by,
            seconds=round(seconds, 3),
            profile={str(k): round(v, 4) for k, v in result.profile.iter_rows()},
            area_totals=area_totals,
            model_counts={m: n for m, n in counts},
        )
        rows = result.retailer.iter_rows(named=True)
        batch: list[StatisticalForecast] = []
        for row in rows:
            batch.append(
                StatisticalForecast(
                    run=run,
                    month=month,
                    retailer_id=row["retailer_id"],
                    sku_id=row["sku_id"],
                    qty=row["qty"],
                    bottom=row["bottom"],
                    model=row["model"],
                )
            )
            if len(batch) >= _BATCH:
                StatisticalForecast.objects.bulk_create(batch)
                batch = []
        StatisticalForecast.objects.bulk_create(batch)
    progress(3, 3, label)
    return run
