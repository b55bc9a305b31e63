"""Reads about forecasts, always within what the reader may see."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from jinye import access
from jinye.catalog.models import Sku
from jinye.forecasts.models import (
    AccuracyScore,
    CollectedForecast,
    ForecastRound,
    Level,
    RoundRetailer,
    RoundStatus,
    Source,
    StatisticalForecast,
)
from jinye.org.models import MarketingDepartment


@dataclass(frozen=True)
class NextMonthForecast:
    retailer_id: int
    sku_id: int
    qty: int
    source: str  # "collected" (a submitted round's value) or "statistical"


def next_month_forecast(
    retailer_ids: Iterable[int], month: date
) -> dict[tuple[int, int], NextMonthForecast]:
    """The month's forecast per retailer×SKU for the supply side: the submitted round's
    collected value where there is one, else the statistical forecast."""
    ids = list(retailer_ids)
    month = month.replace(day=1)
    out: dict[tuple[int, int], NextMonthForecast] = {}
    stat = StatisticalForecast.objects.filter(month=month, retailer_id__in=ids).values_list(
        "retailer_id", "sku_id", "qty"
    )
    for r, s, q in stat:
        out[(r, s)] = NextMonthForecast(r, s, q, Source.STATISTICAL)
    collected = CollectedForecast.objects.filter(
        round__month=month, round__status=RoundStatus.SUBMITTED, retailer_id__in=ids
    ).values_list("retailer_id", "sku_id", "qty")
    for r, s, q in collected:
        out[(r, s)] = NextMonthForecast(r, s, q, Source.COLLECTED)
    return out


def visible_rounds(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ForecastRound]:
    return access.scope(user, "forecast_rounds", ForecastRound.objects.all())


def round_retailers(rnd: ForecastRound, user: AbstractBaseUser | AnonymousUser):  # type: ignore[no-untyped-def]
    """The round's retailers the reader may see."""
    ids = RoundRetailer.objects.filter(round=rnd).values("retailer_id")
    return access.retailers(user).filter(pk__in=ids).order_by("name")


def round_values(
    rnd: ForecastRound, retailer_ids: Iterable[int]
) -> dict[tuple[int, int], CollectedForecast]:
    rows = CollectedForecast.objects.filter(round=rnd, retailer_id__in=list(retailer_ids))
    return {(f.retailer_id, f.sku_id): f for f in rows}


def visible_scores(
    user: AbstractBaseUser | AnonymousUser, month: date | None = None
) -> QuerySet[AccuracyScore]:
    """Scores the reader may see: a customer manager only their own (manager, retailer and
    worst-miss rows about their retailers); market managers their area; the director all."""
    qs = access.scope(user, "forecast_scores", AccuracyScore.objects.all())
    return qs.filter(month=month) if month else qs


def scored_months(user: AbstractBaseUser | AnonymousUser) -> list[date]:
    return sorted(set(visible_scores(user).values_list("month", flat=True)), reverse=True)


def retailer_history(retailer_id: int, months: int = 12) -> list[dict[str, object]]:
    """Per month: collected and statistical forecast totals and the actual (from scores)."""
    rows: dict[date, dict[str, object]] = {}
    for s in AccuracyScore.objects.filter(level="retailer", key=str(retailer_id)).order_by("month"):
        row = rows.setdefault(s.month, {"month": s.month, "actual": s.actual})
        row[s.source] = s.forecast
    return list(rows.values())[-months:]


def _headline_filter(user: AbstractBaseUser | AnonymousUser) -> dict[str, str]:
    reach = access.reach_of(user, "forecast_scores")
    if reach is access.Reach.SELF:
        return {"level": "manager"}
    if reach is access.Reach.AREA:
        return {"level": "area"}
    return {"level": "total"}


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def accuracy_report(user: AbstractBaseUser | AnonymousUser, month: date) -> dict[str, object]:
    """Everything the accuracy page shows for ``month``, within the reader's scope."""
    scores = visible_scores(user, month)
    head = _headline_filter(user)
    headline = {s.source: s for s in scores.filter(**head)}

    def pairs(level: str) -> dict[str, object]:
        rows = scores.filter(level=level).order_by("label")
        labels = sorted({r.label for r in rows})
        by = {(r.source, r.label): r for r in rows}
        return {
            "labels": labels,
            "collected": [
                _pct(getattr(by.get(("collected", x)), "accuracy", None)) for x in labels
            ],
            "statistical": [
                _pct(getattr(by.get(("statistical", x)), "accuracy", None)) for x in labels
            ],
        }

    trend_rows = visible_scores(user).filter(**head).order_by("month")
    trend_months = sorted({r.month for r in trend_rows})
    by_month = {(r.source, r.month): r.accuracy for r in trend_rows}
    trend = {
        "labels": [m.strftime("%Y-%m") for m in trend_months],
        "collected": [_pct(by_month.get(("collected", m))) for m in trend_months],
        "statistical": [_pct(by_month.get(("statistical", m))) for m in trend_months],
    }
    return {
        "headline": [headline.get(s) for s in (Source.COLLECTED, Source.STATISTICAL)],
        "by_manager": pairs("manager"),
        "by_sku": pairs("sku"),
        "trend": trend,
        "misses": scores.filter(level="miss").order_by("source", "-mae"),
        "managers": scores.filter(level="manager").order_by("label", "source"),
    }


def collected_accuracy_by_manager(month: date) -> dict[int, float]:
    """Each customer manager's (staff id) stored accuracy of the forecasts they collected for
    the month starting ``month``; empty while that month is not scored."""
    rows = AccuracyScore.objects.filter(
        month=month.replace(day=1),
        source=Source.COLLECTED,
        level=Level.MANAGER,
        manager__isnull=False,
    ).values_list("manager_id", "accuracy")
    return {int(manager_id): float(accuracy) for manager_id, accuracy in rows}


def submitted_collected(
    department: MarketingDepartment, month: date, sku: Sku
) -> list[tuple[int, int]]:
    """``(retailer_id, qty)`` of ``sku`` in ``department``'s submitted round for ``month``."""
    return list(
        CollectedForecast.objects.filter(
            round__department=department,
            round__month=month,
            round__status=RoundStatus.SUBMITTED,
            sku=sku,
        ).values_list("retailer_id", "qty")
    )
