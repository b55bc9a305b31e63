"""Visits into windows of days under a daily capacity, exactly: every visit is placed whenever
some placement of all of them exists, and otherwise as many as any placement could hold.

The problem. Each visit belongs to a *group* (a retailer's visits due in one window: its
calendar week for a weekly rule, the whole month otherwise); a group's visits go on distinct
days of its window, and no day holds more than ``capacity`` visits. As a flow network:
source → group (its number of visits) → each day of its window (1) → sink (``capacity``).

Method. Visits are taken in the caller's order and each goes to its first preferred day that
has room and that its group does not hold yet (the caller's preferences keep routes and
spacing). When none has room, a breadth-first search over days looks for a chain: the visit
takes a full day d1 of its window, a visit on d1 moves to another day d2 of its own window,
one on d2 to d3, … until a day with room. Moved visits try their preferred days first.

Why exact. This is Ford–Fulkerson started from the greedy flow; each chain is an augmenting
path. If a group's search finds no chain, the group cannot reach the sink in the residual
network, and it never will: augmenting along another path reverses only edges between
vertices that reach the sink. So at the end no group short of visits reaches the sink, no
augmenting path is left, and the flow is maximum (max-flow min-cut): nothing is short
exactly when a placement of every visit exists. The days the short groups can still reach
are all full; they are the bottleneck a refusal names.
"""

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Visit:
    """One visit to place: its ``group`` and the days of its window, preferred first (every
    visit of a group lists the same days)."""

    group: int
    prefer: tuple[int, ...]


@dataclass(frozen=True)
class Placement:
    """``day`` per visit (an index into the days; ``None`` when it could not be placed) and,
    when some could not, ``full_days``: the full days those visits could have used."""

    day: list[int | None]
    full_days: list[int]


class _State:
    def __init__(self, visits: Sequence[Visit], n_days: int, capacity: int) -> None:
        self.visits = visits
        self.capacity = capacity
        self.day: list[int | None] = [None] * len(visits)
        self.on_day: list[list[int]] = [[] for _ in range(n_days)]
        self.held: dict[int, set[int]] = {}

    def free_for(self, v: int, d: int) -> bool:
        return d not in self.held.get(self.visits[v].group, ())

    def put(self, v: int, d: int) -> None:
        self.day[v] = d
        self.on_day[d].append(v)
        self.held.setdefault(self.visits[v].group, set()).add(d)

    def move(self, v: int, d: int) -> None:
        old = self.day[v]
        assert old is not None
        self.on_day[old].remove(v)
        self.held[self.visits[v].group].discard(old)
        self.put(v, d)

    def search(self, starts: Sequence[int]) -> tuple[int | None, dict[int, tuple[int, int] | None]]:
        """Breadth-first over days from the ``starts`` visits: the first day with room (or
        None) and how each day was reached (``(previous day, visit moved from it)``, or None
        for a day a start visit takes directly)."""
        reached: dict[int, tuple[int, int] | None] = {}
        groups = {self.visits[v].group for v in starts}
        queue: deque[int] = deque()
        for v in starts:
            for d in self.visits[v].prefer:
                if d not in reached and self.free_for(v, d):
                    reached[d] = None
                    queue.append(d)
        while queue:
            d = queue.popleft()
            if len(self.on_day[d]) < self.capacity:
                return d, reached
            for u in self.on_day[d]:
                group = self.visits[u].group
                if group in groups:
                    continue
                groups.add(group)
                for e in self.visits[u].prefer:
                    if e not in reached and self.free_for(u, e):
                        reached[e] = (d, u)
                        queue.append(e)
        return None, reached

    def augment(self, v: int) -> bool:
        """Place ``v`` through a chain of moves ending on a day with room; False if none."""
        end, reached = self.search([v])
        if end is None:
            return False
        d = end
        while (step := reached[d]) is not None:
            previous, moved = step
            self.move(moved, d)
            d = previous
        self.put(v, d)
        return True


def place(visits: Sequence[Visit], *, n_days: int, capacity: int) -> Placement:
    """Place ``visits`` (in this order of priority) on days ``0 … n_days-1``; see the module
    docstring for the rule and why the result is a maximum placement."""
    state = _State(visits, n_days, capacity)
    for v, visit in enumerate(visits):
        day = next(
            (d for d in visit.prefer if len(state.on_day[d]) < capacity and state.free_for(v, d)),
            None,
        )
        if day is not None:
            state.put(v, day)
        else:
            state.augment(v)
    short = [v for v, d in enumerate(state.day) if d is None]
    full = sorted(state.search(short)[1]) if short else []
    return Placement(day=state.day, full_days=full)
