"""Figures this app reads from other apps.

``forecast_accuracy_by_manager`` reads the forecasts app's stored monthly accuracy scores
(issue 5): the customer-manager level of the *collected* forecasts, i.e. what each manager
gathered from their retailers, scored with the industry formula volume-weighted
(``jinye.engines.accuracy``). A month that has not been scored gives None, the KPI shows as
暂无数据 and its weight is re-normalised over the KPIs that are available.
"""

from datetime import date


def forecast_accuracy_by_manager(month: date) -> dict[int, float] | None:
    """Forecast accuracy (0–1, volume-weighted, domain.md) per customer manager's staff id for
    the month starting ``month``; None while that month has no scored collected forecasts."""
    from jinye.forecasts.selectors import collected_accuracy_by_manager

    return collected_accuracy_by_manager(month) or None
