"""The ``jinye`` command line: build the demo county, serve the web UI, import and export data.

Each command sets up Django itself; run ``jinye --help`` or ``jinye COMMAND --help``.
"""

import csv
import importlib
import os
import subprocess
import sys
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.table import Table

from jinye.clikit import console, departments_named, err, progress_bar, refusals, setup_django

# Domain apps' command modules; each has ``register(app)``. Add one line per app.
DOMAIN_CLI_MODULES: list[str] = [
    "jinye.org.cli",
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
    """In the order a department moving in imports its files."""

    areas = "areas"
    staff = "staff"
    skus = "skus"
    retailers = "retailers"
    orders = "orders"
    targets = "targets"
    visits = "visits"


class ExportKind(StrEnum):
    retailers = "retailers"
    order_lines = "order-lines"


def _serve(host: str, port: int) -> None:
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
    department: Annotated[
        str | None,
        typer.Option(help="Department code, for areas, staff and targets (default: the only one)."),
    ] = None,
    passwords: Annotated[
        Path | None,
        typer.Option(
            dir_okay=False,
            help="Staff: file to write new logins' one-time passwords to (readable by you only; "
            "default: staff-passwords-<date-time>.csv beside the staff file).",
        ),
    ] = None,
) -> None:
    """Import areas, staff, SKUs, retailers, orders, targets or visit history from .xlsx/.csv.
    All-or-nothing: a file with any bad row imports nothing and the report lists every bad
    row. Re-importing a file changes nothing. The guide's chapter "Moving a department to
    Jinye" and the /data/import/ page list each file's columns."""
    setup_django()
    from jinye.dataio.imports import import_file
    from jinye.errors import JinyeError

    dept = departments_named(department)[0] if department else None
    # The passwords' file is made first: new logins must never exist without their record.
    secrets = (
        _open_passwords(passwords or _default_passwords_path(path)) if kind == "staff" else None
    )
    try:
        with refusals():
            try:
                with progress_bar() as progress:
                    result = import_file(kind.value, path, department=dept, progress=progress)
            except JinyeError as exc:
                if exc.code != "import_rejected":
                    raise
                _print_problems(path, exc.problems)
                raise typer.Exit(1) from exc
    except BaseException:
        if secrets is not None:
            secrets[0].close()
            secrets[1].unlink()
        raise
    console.print(
        f"{path.name}: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged."
    )
    if result.new_brands:
        console.print(
            f"{len(result.new_brands)} new brand(s) created from the SKU file: "
            + "、".join(result.new_brands)
        )
    if result.derived_classes:
        _print_derived_classes(result.derived_classes)
    if secrets is not None:
        _write_logins(result.logins, *secrets)


def _print_problems(path: Path, problems: list[Any]) -> None:
    table = Table(title=f"{path.name}: {len(problems)} problem(s); nothing was imported")
    for column in ("row", "column", "value", "reason"):
        table.add_column(column)
    for p in problems[:ERRORS_PRINTED]:
        table.add_row(str(p.row or ""), p.field, str(p.extra.get("value", "")), str(p))
    err.print(table)
    if len(problems) > ERRORS_PRINTED:
        err.print(f"… and {len(problems) - ERRORS_PRINTED} more problem(s) not shown.")


def _print_derived_classes(derived: list[Any]) -> None:
    table = Table(
        title=f"{len(derived)} SKU(s) without 调拨价 (transfer price): their price class was "
        "derived from 批发价 and may be wrong near a class bound. Add the 调拨价 column and "
        "import the SKU file again."
    )
    for column in ("品规编码", "品规名称", "批发价", "价类 (derived)"):
        table.add_column(column)
    for d in derived:
        table.add_row(d.code, d.name, f"{d.wholesale_price:,.2f}", d.class_label)
    console.print(table)


def _default_passwords_path(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"staff-passwords-{stamp}.csv")


def _open_passwords(target: Path) -> tuple[IO[str], Path]:
    """A new file, readable by its owner only, for the one-time passwords."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        err.print(f"--passwords: cannot create {target}: {exc.strerror}")
        raise typer.Exit(2) from exc
    return os.fdopen(fd, "w", encoding="utf-8-sig", newline=""), target


def _write_logins(logins: list[Any], fh: IO[str], target: Path) -> None:
    """Write the one-time passwords once (no new login: the empty file is removed)."""
    with fh:
        out = csv.writer(fh)
        out.writerow(["工号", "姓名", "登录名", "一次性密码"])
        for login in logins:
            out.writerow([login.employee_no, login.name, login.username, login.password])
    if not logins:
        target.unlink()
        return
    console.print(
        f"{len(logins)} new login(s); their one-time passwords are in {target} "
        "(only you can read it; hand each one over, then delete the file). "
        "Each must be changed at the first sign-in."
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
    setup_django(migrate_db=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jinye manage", *ctx.args])


for _module in DOMAIN_CLI_MODULES:
    importlib.import_module(_module).register(app)

if __name__ == "__main__":
    app()
