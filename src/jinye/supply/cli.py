"""``jinye quotas --month 2026-12`` and ``jinye allocate --week 2026-W49 [--publish]``."""

from typing import Annotated

import typer
from rich.table import Table

from jinye.clikit import console, departments_named, err, progress_bar, setup_django, user_named


def register(app: typer.Typer) -> None:
    app.command()(quotas)
    app.command()(allocate)


def quotas(
    month: Annotated[str, typer.Option(help="Month to set totals for, e.g. 2026-12.")],
    department: Annotated[
        str | None, typer.Option(help="Department code (default: every department).")
    ] = None,
) -> None:
    """Compute each open retailer's agreed monthly total (总量) from its recent purchases and
    scale, floating by the scale's band. Quotas already adjusted by hand keep their ceiling."""
    from jinye.periods import Month

    try:
        label = str(Month.parse(month))
    except ValueError as exc:
        err.print(f"--month: {exc}")
        raise typer.Exit(2) from exc
    setup_django()
    from jinye.supply.services import do_compute_quotas

    with progress_bar() as progress:
        summaries = [
            (d.code, do_compute_quotas(month=label, department=d, progress=progress))
            for d in departments_named(department)
        ]
    for code, s in summaries:
        console.print(
            f"{code} {s.month}: {s.created} created, {s.updated} recomputed, "
            f"{s.kept_adjusted} kept (adjusted by hand)"
        )


def _parse_supply(items: list[str]) -> dict[str, int]:
    """``CODE=CARTONS`` options as ``{code: cartons}`` (call after ``setup_django()``: a
    refused quantity is told in the active language, with the limit)."""
    from jinye import limits
    from jinye.errors import Invalid

    out: dict[str, int] = {}
    for item in items:
        code, sep, qty = item.partition("=")
        if not sep or not code.strip():
            err.print(f"--supply {item!r}: use SKU_CODE=CARTONS, e.g. --supply 6901028=1200")
            raise typer.Exit(2)
        try:
            out[code.strip()] = limits.whole(qty, limits.WEEKLY_SUPPLY, label=code.strip())
        except Invalid as exc:
            err.print(f"--supply {item!r}: {exc}")
            raise typer.Exit(2) from exc
    return out


def allocate(
    week: Annotated[str, typer.Option(help="ISO week to allocate, e.g. 2026-W49.")],
    publish: Annotated[bool, typer.Option(help="Publish the runs when they are done.")] = False,
    supply: Annotated[
        list[str] | None,
        typer.Option(help="Record a SKU's supply for the week first: CODE=CARTONS (repeatable)."),
    ] = None,
    department: Annotated[
        str | None, typer.Option(help="Department code (default: every department).")
    ] = None,
    by: Annotated[str | None, typer.Option(help="Username recorded as running it.")] = None,
    method: Annotated[
        str | None,
        typer.Option(help="Method for this run only: by_tier, proportional or max_min_fair."),
    ] = None,
) -> None:
    """Allocate every scarce SKU with a recorded supply for the week among the retailers,
    store each run with its inputs and explanations, and optionally publish it. Re-running
    an unpublished week replaces it; a published week is left as it is."""
    from jinye.periods import Week

    try:
        monday = Week.parse(week).first
    except ValueError as exc:
        err.print(f"--week: {exc}")
        raise typer.Exit(2) from exc
    from jinye.engines.allocation import METHODS

    if method is not None and method not in METHODS:
        err.print(f"--method {method!r}: use one of {', '.join(METHODS)}")
        raise typer.Exit(2)
    setup_django()
    amounts = _parse_supply(supply or [])
    from jinye.catalog.models import Sku
    from jinye.errors import JinyeError
    from jinye.supply.models import WeeklySupply
    from jinye.supply.services import do_allocate, do_publish, do_set_weekly_supply

    user = user_named(by)
    for code, qty in amounts.items():
        sku = Sku.objects.filter(code=code).first()
        if sku is None:
            err.print(f"--supply: no SKU with code {code!r}")
            raise typer.Exit(2)
        do_set_weekly_supply(week=monday, sku=sku, quantity=qty)
    rows = list(
        WeeklySupply.objects.filter(week=monday).select_related("sku").order_by("sku__code")
    )
    if not rows:
        err.print(
            f"No supply recorded for {Week.containing(monday)}; add it with --supply CODE=CARTONS."
        )
        raise typer.Exit(1)
    table = Table(title=f"Allocation {Week.containing(monday)}")
    for column in ("department", "SKU", "method", "supply", "requested", "allocated", "status"):
        table.add_column(column)
    failed = False
    with progress_bar() as progress:
        for d in departments_named(department):
            for row in rows:
                try:
                    run = do_allocate(
                        week=monday,
                        sku=row.sku,
                        department=d,
                        method=method,
                        user=user,
                        progress=progress,
                    )
                    if publish:
                        run = do_publish(run=run, user=user)
                except JinyeError as exc:
                    err.print(f"{d.code} {row.sku.code}: {exc}")
                    failed = True
                    continue
                table.add_row(
                    d.code,
                    row.sku.code,
                    run.method,
                    str(run.supply),
                    str(run.requested),
                    str(run.allocated),
                    run.status,
                )
    console.print(table)
    if failed:
        raise typer.Exit(1)
