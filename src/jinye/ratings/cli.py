"""``jinye classify --quarter 2026Q3``: the quarterly classification run."""

from typing import Annotated

import typer

from jinye.clikit import (
    console,
    departments_named,
    err,
    progress_bar,
    refusals,
    setup_django,
    user_named,
)


def register(app: typer.Typer) -> None:
    app.command()(classify)


def classify(
    quarter: Annotated[str, typer.Option(help="Quarter to classify, e.g. 2026Q3.")],
    department: Annotated[
        str | None, typer.Option(help="Department code (default: every department).")
    ] = None,
    by: Annotated[
        str | None, typer.Option(help="Username recorded as having run the classification.")
    ] = None,
) -> None:
    """Rank retailers into tiers and score stars and scale for a quarter, per department.
    Running a quarter again replaces its results; earlier quarters are kept."""
    from jinye.periods import Quarter

    try:
        label = str(Quarter.parse(quarter))
    except ValueError as exc:
        err.print(f"--quarter: {exc}")
        raise typer.Exit(2) from exc
    setup_django()
    from jinye.ratings.services import do_classify_quarter

    user = user_named(by)
    departments = departments_named(department)
    runs = []
    with progress_bar() as progress:
        for d in departments:
            with refusals(d.code):
                runs.append(
                    do_classify_quarter(quarter=label, department=d, run_by=user, progress=progress)
                )
    for run in runs:
        console.print(f"{run.department.code} {run.quarter}: {run.retailer_count} retailers rated")
    if not runs:
        console.print("No departments to classify.")
