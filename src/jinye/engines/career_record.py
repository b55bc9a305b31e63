"""A person's career record and the seed's 连续两次降级 (seed 004 三、(三)2).

“连续两次降级为见习客户经理、市场管理员者，调整现工作岗位。” The seed does not say what makes
two demotions consecutive; we take it as level demotions in consecutive assessment windows.
The record holds one entry per evaluated window (staying included) and one per breach
demotion, in the order they were made; a breach counts in the window it is decided in.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from jinye.engines.careers import LEVEL_DOWN_KINDS, Kind


@dataclass(frozen=True)
class Entry:
    """One entry of a person's career record: a window's outcome (whatever its kind, staying
    included) or a breach demotion, and the ordinal of the assessment window it belongs to
    (``window_ordinal``; a breach: the window it is decided in)."""

    kind: Kind
    window: int


def window_ordinal(year: int, quarter: int) -> int:
    """Consecutive windows have consecutive ordinals (2026Q4 → 2027Q1 is one step)."""
    return year * 4 + quarter - 1


def follows_level_down(record: Sequence[Entry], window: int) -> bool:
    """Whether a level demotion in ``window`` is the second in a row (连续两次降级): the
    record's latest entry (in the order they were made) is a level demotion in the same or an
    adjacent window. Any entry after it, such as a window that kept the rank, breaks the
    sequence, and so does a window between them that was never evaluated."""
    if not record:
        return False
    last = record[-1]
    return last.kind in LEVEL_DOWN_KINDS and abs(window - last.window) <= 1
