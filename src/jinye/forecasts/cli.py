"""``jinye forecast --month 2026-12`` (statistical run) and ``jinye forecast-accuracy
--month 2026-11`` (score a closed month)."""

from datetime import date
from typing import Annotated

import typer

from jinye.clikit import console, departments_named, err, progress_bar, refusals, setup_django
from jinye.periods import Month


def register(app: typer.Typer) -> None:
    app.command("forecast")(forecast)
    app.command("forecast-accuracy")(forecast_accuracy)


def _month(text: str) -> date:
    try:
        return Month.parse(text).first
    except ValueError as exc:
        err.print(f"--month: {exc}")
        raise typer.Exit(2) from exc


def forecast(
    month: Annotated[str, typer.Option(help="Month to forecast, e.g. 2026-12.")],
    department: Annotated[
        str | None, typer.Option(help="Department code (default: every department).")
    ] = None,
) -> None:
    """Statistical forecast of a month for every retailer×SKU with order history. Running a
    month again replaces its statistical forecasts."""
    m = _month(month)
    setup_django()
    from jinye.forecasts.services import do_run_statistical_forecast

    runs = []
    with progress_bar() as progress:
        for d in departments_named(department):
            with refusals(d.code):
                runs.append(do_run_statistical_forecast(department=d, month=m, progress=progress))
    for run in runs:
        total = sum(a["qty"] for a in run.area_totals)
        models = ", ".join(f"{k} {v}" for k, v in sorted(run.model_counts.items()))
        console.print(
            f"{run.department.code} {run.month:%Y-%m}: {run.forecasts.count()} retailer×SKU "
            f"forecasts, {total} 条 in all (history to {run.history_end}, "
            f"{run.seconds:.1f} s; models: {models})"
        )


def forecast_accuracy(
    month: Annotated[str, typer.Option(help="Closed month to score, e.g. 2026-11.")],
    department: Annotated[
        str | None, typer.Option(help="Department code (default: every department).")
    ] = None,
) -> None:
    """Score a closed month's collected and statistical forecasts against actual orders."""
    m = _month(month)
    setup_django()
    from jinye.forecasts.models import AccuracyScore
    from jinye.forecasts.scoring import do_score_month

    for d in departments_named(department):
        with refusals(d.code):
            do_score_month(department=d, month=m)
        for s in AccuracyScore.objects.filter(department=d, month=m, level="total"):
            mase = "-" if s.mase is None else f"{s.mase:.2f}"
            console.print(
                f"{d.code} {m:%Y-%m} {s.source}: accuracy {s.accuracy:.1%} over {s.lines} lines "
                f"(forecast {s.forecast:.0f} 条, actual {s.actual:.0f} 条, MAE {s.mae:.2f}, "
                f"MASE {mase})"
            )
