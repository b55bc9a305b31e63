"""Figures this app reads from apps that are not built yet.

``forecast_accuracy_by_manager`` belongs to the demand-forecast issue: until that issue fills
it in, it returns None, the KPI shows as 暂无数据 and its weight is re-normalised over the
KPIs that are available.
"""

from datetime import date


def forecast_accuracy_by_manager(month: date) -> dict[int, float] | None:
    """Forecast accuracy (0–1, volume-weighted, domain.md) per customer manager's staff id for
    the month starting ``month``; None while no forecast data exists."""
    del month
    return None
