"""The ``jinye`` command line: build the demo county, serve the web UI, import and export data.

Each command sets up Django itself; run ``jinye --help`` or ``jinye COMMAND --help``.
"""

import importlib
import subprocess
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from jinye.clikit import console, err, migrate, progress_bar, refusals, setup_django

# Domain apps' command modules; each has ``register(app)``. Add one line per app.
DOMAIN_CLI_MODULES: list[str] = [
    "jinye.ratings.cli",
    "jinye.visits.cli",
    "jinye.reports.cli",
    "jinye.supply.cli",
    "jinye.people.cli",
    "jinye.forecasts.cli",
    "jinye.retailers.cli",
]

app = typer.Typer(
    help="金叶 Jinye — marketing operations for a tobacco wholesale company.\n\n"
    "New here? Run `jinye demo --serve`: it builds a demo county and serves it at "
    "http://127.0.0.1:8000 with a login for every role.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


ERRORS_PRINTED = 500  # a systematically wrong file can have a problem in every row


class ImportKind(StrEnum):
    retailers = "retailers"
    skus = "skus"
    orders = "orders"


class ExportKind(StrEnum):
    retailers = "retailers"
    order_lines = "order-lines"


def _serve(host: str, port: int) -> None:
    migrate()
    console.print(f"Serving Jinye at [bold]http://{host}:{port}[/bold]  (Ctrl+C to stop)")
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "jinye.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        "3",
        "--timeout",
        "120",
        "--access-logfile",
        "-",
    ]
    raise typer.Exit(subprocess.call(cmd))


@app.command()
def demo(
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed builds the same county.")
    ] = 2026,
    today: Annotated[
        str | None, typer.Option(help="The demo's 'today' (YYYY-MM-DD); default: the real today.")
    ] = None,
    rebuild: Annotated[bool, typer.Option(help="Delete existing data and build again.")] = False,
    serve: Annotated[bool, typer.Option(help="Serve the web UI when the county is ready.")] = False,
    host: str = "127.0.0.1",
    port: int = 8000,
) -> None:
    """Build the demo county (about 1,900 retailers, two years of weekly orders) and print
    the demo logins. Does nothing if the database already holds data, unless --rebuild."""
    setup_django()
    from jinye.demo.activity import derive_demo_activity
    from jinye.demo.build import DEMO_ACCOUNTS, build_demo_county, database_has_data

    migrate()
    if rebuild or not database_has_data():
        day = date.fromisoformat(today) if today else date.today()
        with progress_bar() as progress:
            summary = build_demo_county(seed=seed, today=day, progress=progress, replace=rebuild)
            activity = derive_demo_activity(seed=seed, today=day, progress=progress)
        console.print(summary)
        for line in activity:
            console.print(f"  · {line}")
    else:
        console.print("The database already holds data; use --rebuild to build the demo again.")
    table = Table(title="Demo logins (密码 password for all: " + DEMO_ACCOUNTS[0].password + ")")
    for column in ("username", "role", "sees"):
        table.add_column(column)
    for account in DEMO_ACCOUNTS:
        table.add_row(account.username, account.role_label, account.scope)
    console.print(table)
    if serve:
        _serve(host, port)


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the web UI (applies pending database migrations first)."""
    setup_django()
    _serve(host, port)


@app.command("import")
def import_(
    kind: Annotated[ImportKind, typer.Argument(help="What the file holds.")],
    path: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help=".xlsx or .csv (UTF-8 or GBK)")
    ],
) -> None:
    """Import retailers, SKUs or orders from .xlsx/.csv. All-or-nothing: a file with any bad
    row imports nothing and the report lists every bad row. Re-importing a file changes nothing."""
    setup_django()
    from jinye.dataio.imports import import_file
    from jinye.errors import JinyeError

    with refusals():  # a database locked too long (a concurrent import) is an error line
        try:
            with progress_bar() as progress:
                result = import_file(kind.value, path, progress=progress)
        except JinyeError as exc:
            problems = exc.problems
            table = Table(title=f"{path.name}: {len(problems)} problem(s); nothing was imported")
            for column in ("row", "column", "value", "reason"):
                table.add_column(column)
            for p in problems[:ERRORS_PRINTED]:
                table.add_row(str(p.row or ""), p.field, str(p.extra.get("value", "")), str(p))
            err.print(table)
            if len(problems) > ERRORS_PRINTED:
                err.print(f"… and {len(problems) - ERRORS_PRINTED} more problem(s) not shown.")
            raise typer.Exit(1) from exc
    console.print(
        f"{path.name}: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged."
    )


@app.command()
def export(
    kind: Annotated[ExportKind, typer.Argument(help="What to export.")],
    path: Annotated[Path, typer.Argument(dir_okay=False, help="Output .xlsx file")],
    user: Annotated[
        str | None, typer.Option(help="Export what this user may see (default: everything).")
    ] = None,
) -> None:
    """Export the retailer list or the order lines to .xlsx."""
    setup_django()
    from jinye.dataio.exports import export_for_cli

    try:
        rows = export_for_cli(kind.value, path, username=user)
    except (LookupError, ValueError) as exc:
        err.print(str(exc))
        raise typer.Exit(1) from exc
    console.print(f"Wrote {rows} rows to {path}")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command: jinye manage migrate, createsuperuser, shell, …"""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jinye manage", *ctx.args])


for _module in DOMAIN_CLI_MODULES:
    importlib.import_module(_module).register(app)

if __name__ == "__main__":
    app()
