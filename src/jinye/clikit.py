"""Shared pieces for CLI commands: Django set-up and Rich progress bars.

Domain apps add commands through a ``register(app: typer.Typer)`` function in their own
``cli.py``, listed in ``jinye.cli.DOMAIN_CLI_MODULES``; their modules must not import Django
models at import time (call ``setup_django()`` inside the command first).
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from jinye.progress import ProgressFn

console = Console()
err = Console(stderr=True)


def setup_django(*, migrate_db: bool = True) -> None:
    """Set Django up and, unless ``migrate_db`` is False, bring the database up to date, so
    that every command works on a fresh data directory (issue 16 item 1)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinye.settings")
    import django

    django.setup()
    if migrate_db:
        migrate()


def pending_migrations() -> int:
    """How many migrations the database lacks."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def migrate() -> None:
    """Apply pending migrations, saying so on stderr (stdout stays the command's output)."""
    from django.core.management import call_command

    # A database another process holds locked is one error line and exit code 2, as in commands.
    with refusals():
        pending = pending_migrations()
        if pending:
            err.print(f"Preparing the database: applying {pending} migration(s)…")
            call_command("migrate", interactive=False, verbosity=0)


@contextmanager
def progress_bar() -> Iterator[ProgressFn]:
    """A Rich progress bar driven by ``fn(done, total, label)`` callbacks, one bar per label."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(done: int, total: int, label: str) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done, total=total)

        yield update


def departments_named(code: str | None) -> list[Any]:
    """The departments a ``--department`` option names (every one when empty); exits with a
    message when the code is unknown. Call after ``setup_django()``."""
    from jinye.org.models import MarketingDepartment

    departments = MarketingDepartment.objects.order_by("code")
    if code:
        departments = departments.filter(code=code)
        if not departments.exists():
            err.print(f"--department: no department with code {code!r}")
            raise typer.Exit(2)
    return list(departments)


def user_named(username: str | None) -> Any:
    """The user a ``--by`` option names, None when not given; exits when unknown."""
    from django.contrib.auth.models import User

    if username is None:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        err.print(f"--by: no user named {username!r}")
        raise typer.Exit(2)
    return user


@contextmanager
def refusals(option: str = "") -> Iterator[None]:
    """Turn a service's :class:`jinye.errors.JinyeError` into one error line per problem (with
    its row and field) and exit code 2 (``option`` names the command-line option the input
    came from, when there is one); a database that stayed locked too long is one such line."""
    from django.db import OperationalError

    from jinye.errors import JinyeError, database_busy

    try:
        try:
            yield
        except OperationalError as exc:
            raise (database_busy(exc) or exc) from exc
    except JinyeError as exc:
        prefix = f"{option}: " if option else ""
        for problem in exc.problems:
            where = f"row {problem.row}: " if problem.row is not None else ""
            field = f"{problem.field}: " if problem.field else ""
            err.print(f"{prefix}{where}{field}{problem.message}")
        raise typer.Exit(2) from exc
