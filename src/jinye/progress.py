"""The progress-callback contract shared by long jobs and the CLI's progress bars."""

from collections.abc import Callable

ProgressFn = Callable[[int, int, str], None]
"""Called as ``fn(done, total, label)``; a job may report several labels (phases)."""


def no_progress(done: int, total: int, label: str) -> None:
    """The default: report nothing."""
