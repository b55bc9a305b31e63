"""``jinye plan-visits --month 2026-12`` and ``jinye coverage --month 2026-12``."""

from typing import Annotated

import typer
from rich.table import Table

from jinye.clikit import console, departments_named, err, progress_bar, refusals, setup_django


def register(app: typer.Typer) -> None:
    app.command("plan-visits")(plan_visits)
    app.command("coverage")(coverage)


def _month(text: str) -> str:
    from jinye.periods import Month

    try:
        return str(Month.parse(text))
    except ValueError as exc:
        err.print(f"--month: {exc}")
        raise typer.Exit(2) from exc


def plan_visits(
    month: Annotated[str, typer.Option(help="Month to plan, e.g. 2026-12.")],
    department: Annotated[
        str | None, typer.Option(help="Department code (default: every department).")
    ] = None,
) -> None:
    """Build every customer and market manager's visit plan and daily routes for a month.
    Running a month again replaces its stops not yet visited."""
    label = _month(month)
    setup_django()
    from jinye.visits.services import do_generate_month_plans

    with refusals(), progress_bar() as progress:
        plans = [
            p
            for d in departments_named(department)
            for p in do_generate_month_plans(department=d, month=label, progress=progress)
        ]
    table = Table(title=f"Visit plans {label}")
    for column in ("manager", "days", "stops", "km"):
        table.add_column(column)
    for plan in plans:
        days = list(plan.days.all())
        stops = sum(d.stops.count() for d in days)
        km = sum(d.distance_m for d in days) / 1000
        table.add_row(str(plan.staff), str(len(days)), str(stops), f"{km:.1f}")
    console.print(table)


def coverage(
    month: Annotated[str, typer.Option(help="Month to report, e.g. 2026-11.")],
    department: Annotated[
        str | None, typer.Option(help="Department code (default: every department).")
    ] = None,
) -> None:
    """Plan vs done per manager, and the every-retailer-visited-this-month check."""
    label = _month(month)
    setup_django()
    from jinye.periods import Month
    from jinye.retailers.models import Retailer, RetailerStatus
    from jinye.visits.selectors import coverage as coverage_of

    start, end = Month.parse(label).bounds
    for dept in departments_named(department):
        retailers = Retailer.objects.filter(area__department=dept, status=RetailerStatus.OPEN)
        cov = coverage_of(retailers, start, end)
        table = Table(title=f"{dept.code} {label}: plan vs done")
        for column in ("manager", "planned", "done as planned", "visits", "%"):
            table.add_column(column)
        for row in cov.by_manager:
            rate = "" if row.rate is None else f"{row.rate:.1f}"
            table.add_row(row.label, str(row.planned), str(row.done_planned), str(row.visits), rate)
        console.print(table)
        console.print(
            f"{cov.retailers} retailers; not visited this month: {len(cov.unvisited)}; "
            f"below their star's frequency: {len(cov.below)}"
        )
