"""Shared pieces for CLI commands: Django set-up and Rich progress bars.

Domain apps add commands through a ``register(app: typer.Typer)`` function in their own
``cli.py``, listed in ``jinye.cli.DOMAIN_CLI_MODULES``; their modules must not import Django
models at import time (call ``setup_django()`` inside the command first).
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager

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


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinye.settings")
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

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
